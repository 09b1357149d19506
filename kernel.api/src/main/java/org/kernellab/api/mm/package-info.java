/**
 * Memory management services: GFP flags, the page allocator, the contents of physical memory and
 * the OOM killer's entry point. Implemented by the memory manager bundle, which exports nothing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.kernellab.api.mm;
