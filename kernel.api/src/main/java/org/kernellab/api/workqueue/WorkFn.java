package org.kernellab.api.workqueue;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A work item's function (work_func_t, include/linux/workqueue.h): plugin code.
 *
 * <p><b>Calling context:</b> process context on a kernel worker ({@code kworker/...}, or the
 * workqueue's rescuer), preemption and interrupts enabled. It may sleep; while it sleeps the
 * pool may start another worker for its other work. The same item never runs on two workers
 * at once; it may queue itself again.
 *
 * <p><b>What the core checks afterwards:</b> that it leaves no atomic context behind (Linux's
 * {@code BUG: workqueue leaked atomic, lock or RCU} report, after which the count is repaired).
 * A function that throws is reported and its work item is ejected (never run again, later
 * queueing is dropped with a report); the worker carries on with the next item.
 */
@ConsumerType
@FunctionalInterface
public interface WorkFn {
    /** Runs the work; {@code work} is the item being run (container_of in Linux). */
    void run(Work work);
}
