package org.kernellab.core;

/**
 * The execution of a task that has no thread: the dispatch loop calls {@link #step} inline, on
 * whichever thread holds the baton, each time the task's CPU comes up. A step returns as soon as
 * the task has to wait for something (the end of its burst, a wakeup, its next turn); it never
 * blocks. Workload scripts ({@link ScriptTask}) and, on workload machines, the idle tasks
 * ({@link IdleStep}) run this way.
 */
interface Stepper {
    /** The task's CPU {@code c} came up with the task current on it. */
    void step(Cpu c);

    /** The task was switched out: when it is next stepped, finish_task_switch() comes first. */
    void switchedOut();
}
