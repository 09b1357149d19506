package org.kernellab.api.sched.core;

/** How the task leaving a CPU in __schedule() goes (kernel/sched/core.c). */
public enum Put {
    /** It blocks: its state is not RUNNING (deactivate_task with DEQUEUE_SLEEP). */
    SLEEP,
    /** It was preempted (need_resched at a preemption point) and stays runnable. */
    PREEMPT,
    /** It called schedule() with state RUNNING, or sched_yield(). */
    YIELD,
    /** It exits (do_task_dead). */
    EXIT,
    /** The idle task asks for work. */
    IDLE
}
