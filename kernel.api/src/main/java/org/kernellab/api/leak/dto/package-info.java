/** What a leak report lists: the bundle, the service, and each object the bundle still held. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.leak.dto;
