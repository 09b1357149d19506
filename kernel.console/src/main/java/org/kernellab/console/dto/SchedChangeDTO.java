package org.kernellab.console.dto;

/** What a {@code sched:} command changed in one task: its attributes before and after. */
public class SchedChangeDTO {
    /** "attr" for sched:setattr and sched:nice, "affinity" for sched:affinity. */
    public String change;
    public TaskSchedDTO before;
    /** Read back from the kernel after the change. */
    public TaskSchedDTO after;
}
