package org.kernellab.api.sched.core;

import org.kernellab.api.SchedAttr;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The scheduler core of one machine: the class stack (stop, deadline, rt, fair, the swappable
 * policy slot, idle), runqueues, picking, wakeup placement, preemption and balancing.
 * Implemented by kernel.sched (or the machine's built-in bypass FIFO while kernel.sched is
 * absent); made by a {@link SchedulerFactory} for each machine.
 *
 * <p>Calling context: the machine calls every method on the simulation's single execution,
 * with the CPU's interrupts off (rq->lock), or from outside with the machine held still. The
 * machine owns task state ({@code p.state()}): it sets RUNNING before {@link #wakeUp} and the
 * sleeping state before {@link #pickNext} with {@link Put#SLEEP}.
 */
@ConsumerType
public interface Scheduler {
    /** A short name for logs: "kernel.sched", "bypass". */
    String name();

    /** wake_up_new_task(): a new task joins and becomes runnable; returns the CPU it is queued on. */
    int wakeUpNew(KTask p);

    /**
     * The second half of try_to_wake_up() (ttwu_do_activate): {@code p} is RUNNING again and not
     * queued; select a CPU, enqueue, and preempt that CPU's task if it should. Returns the CPU.
     */
    int wakeUp(KTask p, int wakerCpu);

    /** task_on_rq_queued(): {@code p} waits on a runqueue (not running, not sleeping). */
    boolean onRq(KTask p);

    /**
     * __schedule()'s middle part: puts {@code prev} away as {@code how} says (back in a queue,
     * or out of the scheduler), then picks the next task for {@code cpu}. Returns {@code prev}
     * to keep it running, another task, or the idle task. Never null.
     */
    KTask pickNext(int cpu, KTask prev, Put how);

    /**
     * A periodic task starts a job released at {@code releaseNs} (at or before now) without
     * having slept for it: a late job of a workload's periodic task. The job's release (and
     * so its deadline) is {@code releaseNs} from now on, as a wakeup at that instant would have
     * made it; the scheduler re-evaluates the task's CPU. The default does nothing.
     */
    default void jobReleased(KTask p, long releaseNs) {}

    /** scheduler_tick() on {@code cpu}, from its timer interrupt. */
    void tick(int cpu);

    /** sched_yield()'s class hook, before the {@link Put#YIELD} switch. */
    void yieldTask(int cpu, KTask p);

    /** sched_setattr(): 0, -EINVAL or -EBUSY (deadline admission). Applies at once. */
    int setAttr(KTask p, SchedAttr attr);

    /** sched_setaffinity(): 0, or -EINVAL when the mask has no CPU of this machine. */
    int setAffinity(KTask p, long mask);

    /** The class that holds {@code p}: "stop", "dl", "rt", "fair", "idle", or the swappable policy's name. */
    String className(KTask p);

    /** True while any task waits on any runqueue (for run-until-idle). */
    boolean anyQueued();

    /** The machine is going away (reset or shutdown): release timers and policies. */
    void shutdown();
}
