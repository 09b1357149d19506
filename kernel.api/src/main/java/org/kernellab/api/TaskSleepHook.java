package org.kernellab.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A per-task hook on voluntary sleeps, set at spawn with {@link TaskSpec#sleepHook(TaskSleepHook)}:
 * Linux's PF_WQ_WORKER flag with wq_worker_sleeping() and wq_worker_running() (kernel/sched/core.c
 * sched_submit_work and sched_update_worker), made generic. The workqueue layer sets it on its
 * workers so that a pool learns when its running worker blocks.
 *
 * <p><b>Calling context:</b> the task itself, inside {@code schedule()}. {@link #sleeping} is
 * called before the switch when the task's state is not RUNNING, with preemption disabled (as
 * Linux brackets wq_worker_sleeping); it may wake other tasks but must not sleep. {@link #running}
 * is called after {@code schedule()} returns to the task, in process context. Neither is called
 * for a preemption or a yield that leaves the task runnable. Tasks without a hook pay one null
 * check per schedule().
 */
@ConsumerType
public interface TaskSleepHook {
    /** wq_worker_sleeping(): {@code task} is about to block. */
    void sleeping(Task task);

    /** wq_worker_running(): {@code task} runs again after a schedule() that began with {@link #sleeping}. */
    void running(Task task);
}
