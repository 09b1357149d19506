/** What a disk model reports: its commands (in flight and completed) and its counters. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.hw.disk.dto;
