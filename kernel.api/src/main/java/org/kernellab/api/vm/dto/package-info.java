/** What the address-space service reports: VMAs, page-table entries, per-process memory counters. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.vm.dto;
