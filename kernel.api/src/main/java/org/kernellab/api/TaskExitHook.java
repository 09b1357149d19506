package org.kernellab.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook on task exit, added with {@link Kernel#addExitHook}: where Linux's do_exit() (kernel/exit.c)
 * tears down what the task holds, exit_mm() first, a service outside the core frees what it keeps
 * for the task (its address space, say) at the moment the task dies instead of later.
 *
 * <p><b>Calling context:</b> the exiting task itself, in do_exit(), once for every task that ends
 * (its body returned, threw, or it died of a fatal signal or an Oops), before it is DEAD and
 * before the sched_process_exit event, in process context with its preemption count and interrupt
 * state already put right. It must not sleep. A hook that throws is reported and the exit goes on.
 * Not called for the tasks a {@code kernel:reset} discards.
 *
 * <p>Since kernel.api 1.5.0.
 */
@ConsumerType
public interface TaskExitHook {
    /** {@code task} (current) is exiting. */
    void exiting(Task task);
}
