package org.kernellab.api.kthread;

import org.kernellab.api.Kernel;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kernel thread's function (threadfn of kthread_create, kernel/kthread.c).
 *
 * <p><b>Calling context:</b> process context on the kernel thread's own task, once, after the
 * thread is first woken (at once for {@link Kthreads#run}). It may sleep. It should return
 * when {@link Kthread#shouldStop()} becomes true, and call {@link Kthreads#parkme} when
 * {@link Kthread#shouldPark()} does. What it returns is what {@link Kthreads#stop} returns. An
 * exception that escapes kills the task with an Oops report, as for every task body; a
 * {@link Kthreads#stop} waiting for it returns then.
 */
@ConsumerType
@FunctionalInterface
public interface KthreadFn {
    int run(Kernel kernel, Kthread self) throws Exception;
}
