/**
 * Workqueues (kernel/workqueue.c, include/linux/workqueue.h, Linux 6.6): work items run in
 * process context by pooled kernel workers ({@code kworker/N:M}), with concurrency management,
 * max_active, ordered queues, delayed work, flushing and cancelling, and rescuers.
 *
 * <p>A package of its own rather than part of {@code org.kernellab.api.softirq}: workqueues
 * run in process context and are not a softirq, as Linux keeps workqueue.h apart from
 * interrupt.h; a driver that only defers work imports only this package, and the two evolve
 * with their own versions.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.workqueue;
