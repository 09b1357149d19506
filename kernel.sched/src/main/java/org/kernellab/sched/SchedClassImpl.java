package org.kernellab.sched;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;

/**
 * A scheduling class inside the core, as {@code struct sched_class} (kernel/sched/sched.h):
 * the core calls these with the runqueue's CPU interrupts off (rq->lock). The running task is
 * not in its class's queue; {@link #setCurr} and {@link #putCurr} bracket its time on the CPU.
 */
abstract class SchedClassImpl {
    final Core core;

    SchedClassImpl(Core core) {
        this.core = core;
    }

    abstract String name();

    /** enqueue_task: {@code e} waits on {@code rq}. */
    abstract void enqueue(Rq rq, Entity e, Enqueue why);

    /** dequeue_task: a queued {@code e} leaves {@code rq}. */
    abstract void dequeue(Rq rq, Entity e, Dequeue why);

    /** pick_next_task: removes and returns the best queued entity of {@code rq}, or null. */
    abstract Entity pick(Rq rq);

    /** set_next_task: {@code e} starts running on {@code rq}. */
    void setCurr(Rq rq, Entity e) {}

    /**
     * put_prev_task: {@code e} stops running on {@code rq}; {@code runnable} says whether an
     * enqueue follows. Accounts its time (update_curr).
     */
    void putCurr(Rq rq, Entity e, boolean runnable) {}

    /** The running {@code e} went to sleep or exits ({@link Dequeue#SLEEP} or {@link Dequeue#EXIT}), after putCurr. */
    void blocked(Rq rq, Entity e, Dequeue why) {}

    /** task_tick: the tick on {@code rq} while {@code curr} of this class runs. */
    void tick(Rq rq, Entity curr) {}

    /** wakeup_preempt within the class: should {@code woken} preempt {@code curr}? */
    boolean preempts(Rq rq, Entity curr, Entity woken) { return false; }

    /** select_task_rq: a CPU for a waking or new task, or -1 for the core's default. */
    int selectCpu(Entity e, int prevCpu, int wakerCpu, Enqueue why) { return -1; }

    /** switched_to: {@code e} joins the class (fork, a policy change, a swap); not queued. */
    void joined(Entity e) {}

    /** switched_from: {@code e} leaves the class; not queued. */
    void left(Entity e) {}

    /** yield_task. */
    void yieldTask(Rq rq, Entity e) {}

    /** Queued entities of this class on {@code rq}. */
    abstract int nrQueued(Rq rq);
}
