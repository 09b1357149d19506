package org.kernellab.api.mm.dto;

/** One cache's line of /proc/slabinfo (struct slabinfo, mm/slab.h). Since 1.1.0. */
public class SlabInfoDTO {
    public String name;
    public long activeObjs;
    public long numObjs;
    /** s->size: bytes per object in the slab. */
    public int objSize;
    /** s->object_size. */
    public int objectSize;
    public int objPerSlab;
    public int pagesPerSlab;
    public long activeSlabs;
    public long numSlabs;
}
