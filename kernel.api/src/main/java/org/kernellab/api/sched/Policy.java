package org.kernellab.api.sched;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A swappable scheduling policy, modelled on sched_ext's {@code struct sched_ext_ops}
 * (kernel/sched/ext.c). While a policy is enabled it schedules every SCHED_NORMAL, SCHED_BATCH
 * and SCHED_IDLE task, from the class slot between fair and idle, as a sched_ext scheduler
 * does; SCHED_FIFO, SCHED_RR and SCHED_DEADLINE tasks stay in the rt and deadline classes,
 * which always run first.
 *
 * <h2>Calling context of every op</h2>
 * Ops are called by the scheduler core, on the simulation's single execution, with the
 * runqueue's CPU interrupts off (rq->lock held in Linux). An op never sleeps, never calls a
 * sleeping kernel service and never blocks; it reads the machine through its
 * {@link PolicyHost} only. One op runs at a time per machine: no op needs Java locking.
 *
 * <h2>What the core owns and checks</h2>
 * The core owns task state. It knows which tasks it has queued with the policy and not yet
 * taken back, and checks what every op returns. Every call goes through one guarded path: a
 * policy that throws, returns a task that is not queued with it, not runnable or not allowed on
 * the CPU, returns a CPU that does not exist or that the task may not use, livelocks (keeps a
 * CPU picking at one virtual instant), or leaves a runnable task waiting longer than the
 * watchdog timeout (30 s of virtual time by default) is <em>ejected</em>: it is disabled with
 * the reason, in sched_ext's words, every task goes back to the built-in fair class, and the
 * machine goes on. An ejection lasts until the user enables the policy again.
 *
 * <h2>The task lifecycle a policy sees</h2>
 * {@link #enable} when a task joins (at fork, at a swap, or when its policy changes to a fair
 * one), then any number of: {@link #runnable} → ({@link #enqueue} → {@link #pick} →
 * {@link #running} → {@link #stopping})… → {@link #quiescent}; and {@link #disable} when it
 * leaves (exit, a swap, or a change to an rt or deadline policy). A task running or sleeping at
 * a swap is enabled like a queued one; only queued tasks are enqueued with
 * {@link Enqueue#RESTORE}.
 *
 * <p>Only {@link #name()}, {@link #enqueue}, {@link #dequeue} and {@link #pick} are mandatory;
 * every other op has a correct default.
 */
@ConsumerType
public interface Policy {
    /** The policy's name (the provider's name). Mandatory. */
    String name();

    /**
     * ops.init: the policy is being enabled on a machine, before any other op. Optional. The
     * core then enables every existing task. Throwing aborts the enable: the machine stays on fair.
     */
    default void init() {}

    /**
     * ops.exit: the policy is being disabled, after every task has been disabled. Optional.
     * Called even when the policy is ejected; what it throws is logged and ignored.
     */
    default void exit(ExitInfo info) {}

    /**
     * ops.init_task + ops.enable: {@code p} joins the policy. Called at fork (before the first
     * {@link #enqueue}), at a swap for every task whatever its state, and when a task's policy
     * becomes NORMAL, BATCH or IDLE. {@code p.policyData()} is null. Optional.
     */
    default void enable(SchedTask p) {}

    /**
     * ops.disable + ops.exit_task: {@code p} leaves the policy (it exited, its policy became rt or
     * deadline, or the policy is being disabled). It is no longer queued. Optional; the core
     * clears {@code policyData} afterwards.
     */
    default void disable(SchedTask p) {}

    /**
     * ops.select_cpu: the CPU a waking or new task should be queued on. Called before
     * {@link #runnable} and {@link #enqueue}. Return {@code -1} to let the core choose as
     * sched_ext's default does (the previous CPU if idle, else an idle allowed CPU, else the
     * previous one). The core checks that the CPU exists and is in {@code p.affinity()}.
     * Optional.
     */
    default int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) { return -1; }

    /**
     * ops.runnable: {@code p} became runnable (woke up or was created). Called once per
     * runnable period, before its first {@link #enqueue}. Optional.
     */
    default void runnable(SchedTask p, Enqueue why) {}

    /**
     * ops.enqueue: {@code p} is runnable and waits on {@code cpu} (the CPU the core chose or
     * {@link #selectCpu} returned). The policy must keep it until {@link #pick} returns it or
     * {@link #dequeue} takes it back. Mandatory.
     */
    void enqueue(int cpu, SchedTask p, Enqueue why);

    /**
     * ops.dequeue: the core takes a queued task back ({@link Dequeue#SAVE}, {@link Dequeue#MIGRATE}
     * or {@link Dequeue#SWAP}). The policy must forget it. Mandatory.
     */
    void dequeue(int cpu, SchedTask p, Dequeue why);

    /**
     * ops.dispatch, in pick form: removes and returns the task {@code cpu} should run next, or
     * null to let the CPU idle. Called when the CPU reschedules and no rt or deadline task
     * wants it. The core checks that the task is queued with this policy, runnable and allowed
     * on {@code cpu}; anything else ejects the policy. Returning null while tasks wait is
     * allowed (a non-work-conserving policy), but the watchdog ejects a policy that leaves a
     * task waiting longer than its timeout. Mandatory.
     */
    SchedTask pick(int cpu);

    /**
     * ops.running: {@code p} starts running on {@code cpu}. Optional. A good place for
     * {@link PolicyHost#preemptAfter}.
     */
    default void running(int cpu, SchedTask p) {}

    /**
     * ops.stopping: {@code p} stops running on {@code cpu}; {@code runnable} says whether it
     * stays runnable (preempted or yielding: an {@link #enqueue} follows; or it leaves the
     * policy while running, for an rt or deadline policy: {@link #disable} follows) or sleeps or
     * exits (a {@link #quiescent} follows). Optional.
     */
    default void stopping(int cpu, SchedTask p, boolean runnable) {}

    /** ops.quiescent: {@code p} is no longer runnable ({@link Dequeue#SLEEP} or {@link Dequeue#EXIT}). Optional. */
    default void quiescent(SchedTask p, Dequeue why) {}

    /**
     * ops.tick: the timer tick on {@code cpu} while {@code curr} of this policy runs. Return
     * true to preempt it (the core sets need_resched; {@code curr} is then stopped and
     * enqueued with {@link Enqueue#PREEMPTED}). Optional.
     */
    default boolean tick(int cpu, SchedTask curr) { return false; }

    /**
     * wakeup_preempt: {@code woken} was just enqueued on {@code cpu}, where {@code curr} of this
     * policy runs; return true to preempt {@code curr}. Optional (default: never, as
     * sched_ext leaves it to the policy).
     */
    default boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) { return false; }

    /** ops.yield: {@code p} running on {@code cpu} calls sched_yield(); an {@link #enqueue} with {@link Enqueue#YIELD} follows. Optional. */
    default void yield(int cpu, SchedTask p) {}

    /** ops.set_weight: {@code p}'s nice value changed; {@code weight} is the new one. Optional. */
    default void setWeight(SchedTask p, int weight) {}

    /** ops.set_cpumask: {@code p}'s CPU mask changed (it is not queued during the call). Optional. */
    default void setCpumask(SchedTask p, long mask) {}
}
