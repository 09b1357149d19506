package org.kernellab.api.mm;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A slab cache made by {@link Slab#kmemCacheCreate} (struct kmem_cache, include/linux/slub_def.h):
 * a handle, passed back to the {@link Slab} calls. Implemented only by the memory manager. Since
 * api.mm 1.2.0.
 */
@ProviderType
public interface KmemCache {
    /** The cache's name, as /proc/slabinfo shows it. */
    String name();

    /** s->object_size: the size asked for, the bytes a caller may use. */
    int objectSize();

    /** s->size: the bytes each object takes in its slab, debugging metadata included. */
    int size();

    /** Objects per slab (oo_objects(s->oo)). */
    int objectsPerSlab();

    /** The order of each slab's pages. */
    int order();
}
