/** Memory management services: GFP flags and the page allocator. Implemented by the memory manager bundle, which exports nothing. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.mm;
