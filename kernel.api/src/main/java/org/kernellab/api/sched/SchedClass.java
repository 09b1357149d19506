package org.kernellab.api.sched;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scheduling class, in the spirit of Linux's {@code struct sched_class}
 * (kernel/sched/sched.h). The core owns task state, the switch and need_resched; a class only
 * orders runnable tasks. The task running on a CPU is not in that CPU's queue.
 *
 * <p>Calling context for every method: called by the core, on the simulation's single
 * execution, with the runqueue's CPU interrupts off (rq->lock held in Linux). Never sleeps,
 * never calls back into sleeping kernel services. Each call is guarded: a class that throws
 * is reported and ejected, and the core falls back to its built-in class.
 */
@ConsumerType
public interface SchedClass {
    /** ENQUEUE_WAKEUP: the task is waking up. */
    int ENQUEUE_WAKEUP = 0x01;
    /** ENQUEUE_NEW: a new task (wake_up_new_task). */
    int ENQUEUE_NEW = 0x02;
    /** ENQUEUE_PREEMPTED: the task was preempted and stays runnable (put_prev_task). */
    int ENQUEUE_PREEMPTED = 0x04;
    /** ENQUEUE_YIELD: the task yielded. */
    int ENQUEUE_YIELD = 0x08;
    /** DEQUEUE_SLEEP: the task is going to sleep (never passed for the running task, which is not queued). */
    int DEQUEUE_SLEEP = 0x01;

    String name();

    /**
     * The class is being enabled on a machine (sched_ext's init). Called before any other
     * method, and again after a machine reboot. Optional.
     */
    default void attach(SchedCore core) {}

    /** Adds a runnable task to {@code cpu}'s queue. */
    void enqueue(int cpu, SchedTask p, int flags);

    /** Removes a queued task (migration, nice change, exit). */
    void dequeue(int cpu, SchedTask p, int flags);

    /** Removes and returns the next task to run on {@code cpu}, or null to go idle. */
    SchedTask pickNext(int cpu);

    /** Called from the tick with the running task; returns true if it should be preempted. */
    boolean tick(int cpu, SchedTask curr);

    /** Number of queued tasks on {@code cpu}. */
    int nrQueued(int cpu);

    /** select_task_rq: the CPU a waking task should queue on. Optional. */
    default int selectCpu(SchedTask p, int prevCpu, int wakerCpu) { return prevCpu; }

    /** check_preempt_curr / wakeup_preempt: should {@code woken} preempt {@code curr}? Optional. */
    default boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) { return false; }

    /** A task's nice value changed (reweight). Optional. */
    default void niceChanged(int cpu, SchedTask p, boolean queued) {}
}
