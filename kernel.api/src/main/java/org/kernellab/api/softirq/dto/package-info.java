/** Data transfer objects of the softirq service. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.softirq.dto;
