package org.kernellab.api.kthread;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.TaskSpec;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Kernel threads (kernel/kthread.c, Linux 6.6) over the kernel's task spawning.
 *
 * <p>{@link #create} returns once the new thread sleeps uninterruptibly at its start; the
 * first {@code Kernel.wakeUpProcess} of its task lets it run its function. {@link #run}
 * (kthread_run) starts it at once. A thread stopped before it ever ran never runs its
 * function, and {@link #stop} returns -EINTR, as in Linux. {@link #run} is atomic-safe here
 * (KernelLab's spawn is, and ksoftirqd is started from irq_exit); Linux's kthread_run waits for
 * kthreadd and may sleep. Implemented only by the kernel.
 */
@ProviderType
@KernelService
public interface Kthreads {
    /**
     * kthread_create(): a kernel thread ({@code spec} made by {@code TaskSpec.kthread}) that waits
     * to be woken. Sleeps until the new thread has reached its start: process context only.
     */
    @Contract(value = MAY_SLEEP, fix = "use kthread_run(), or create the thread from process context")
    Kthread create(TaskSpec spec, KthreadFn fn);

    /** kthread_run(): kthread_create() and wake_up_process() in one. */
    @Contract(ATOMIC_SAFE)
    Kthread run(TaskSpec spec, KthreadFn fn);

    /**
     * kthread_stop(): sets should-stop, unparks and wakes the thread, and waits until its function
     * has returned; returns what it returned (-EINTR if it never ran). May sleep.
     */
    @Contract(value = MAY_SLEEP, fix = "stop kernel threads from process context, e.g. a driver's remove path")
    int stop(Kthread thread);

    /**
     * kthread_park(): sets should-park, wakes the thread and waits until it is parked, unless the
     * caller is that thread. Returns 0, or -EBUSY if it was already asked to park, or -ENOSYS if
     * it has exited (Linux WARNs for both). May sleep.
     */
    @Contract(MAY_SLEEP)
    int park(Kthread thread);

    /** kthread_unpark(): clears should-park and wakes the thread if it is parked. Any context. */
    @Contract(ATOMIC_SAFE)
    void unpark(Kthread thread);

    /**
     * kthread_parkme(): called by the thread itself; sleeps (parked) while should-park is set.
     * Returns at once when it is not. May sleep.
     */
    @Contract(MAY_SLEEP)
    void parkme(Kthread self);
}
