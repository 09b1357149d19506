/** Data transfer objects returned by kernel services and console commands. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.kernellab.api.dto;
