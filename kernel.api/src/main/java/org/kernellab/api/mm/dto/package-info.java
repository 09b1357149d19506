/** Data transfer objects of the memory manager. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.kernellab.api.mm.dto;
