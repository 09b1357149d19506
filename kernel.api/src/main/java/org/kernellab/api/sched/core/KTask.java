package org.kernellab.api.sched.core;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A task as the scheduler core sees it: the machine's task_struct, with one slot for the
 * scheduler's own per-task state ({@link #se()}, like {@code task_struct.se}). Implemented by
 * the machine. Only the scheduler core writes {@link #se}, {@link #attr(SchedAttr)},
 * {@link #affinity(long)} and {@link #setCpu}.
 */
@ProviderType
public interface KTask extends Task {
    /** The scheduler's per-task state, or null before {@link Scheduler#wakeUpNew}. */
    Object se();
    void se(Object entity);

    /** Stores new attributes (sched_setattr, after the scheduler accepted them). */
    void attr(SchedAttr attr);

    /** Stores a new CPU mask (after the scheduler accepted it). */
    void affinity(long mask);

    /** set_task_cpu(): the CPU the task is queued on or will run on. */
    void setCpu(int cpu);

    /** sum_exec_runtime, ns. */
    long sumExecNs();

    /** When the task was created, ns. */
    long startNs();

    /** True while the task runs on a CPU (rq->curr == p). */
    boolean onCpu();
}
