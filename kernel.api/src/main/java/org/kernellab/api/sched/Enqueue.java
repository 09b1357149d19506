package org.kernellab.api.sched;

/** Why a task is handed to {@link Policy#enqueue}; exactly one reason applies to each call. */
public enum Enqueue {
    /** A new task (wake_up_new_task, ENQUEUE_INITIAL). */
    NEW,
    /** The task woke up (try_to_wake_up, ENQUEUE_WAKEUP). */
    WAKEUP,
    /** The task was preempted and stays runnable (put_prev_task of a runnable task). */
    PREEMPTED,
    /** The task called sched_yield(). */
    YIELD,
    /** The task joins again after its attributes or CPU mask changed, or after a policy swap (ENQUEUE_RESTORE). */
    RESTORE,
    /** Load balancing moved the task to this CPU (ENQUEUE_MIGRATED). */
    MIGRATED
}
