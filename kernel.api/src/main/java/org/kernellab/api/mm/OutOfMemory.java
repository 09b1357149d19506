package org.kernellab.api.mm;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The OOM killer as the page allocator calls it (mm/oom_kill.c out_of_memory()): when direct
 * reclaim cannot satisfy a blocking allocation, the allocator calls this, in the allocating
 * task's process context; the implementation picks a victim with oom_badness(), prints Linux's
 * report and kills it. Registered as a plain OSGi service by the part of the memory manager that
 * owns the address spaces; the allocator uses it when present and fails the allocation otherwise.
 */
@ConsumerType
public interface OutOfMemory {
    /**
     * out_of_memory(): returns true when a victim was killed (or is already dying) so that memory
     * will come free and the allocation should retry, false when there is nothing to kill.
     *
     * @param gfp   the failing allocation's GFP flags (the report prints them)
     * @param order its order
     */
    boolean outOfMemory(int gfp, int order);
}
