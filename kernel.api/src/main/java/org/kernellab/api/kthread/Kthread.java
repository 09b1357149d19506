package org.kernellab.api.kthread;

import org.kernellab.api.Task;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A kernel thread made by {@link Kthreads} (struct kthread, kernel/kthread.c). The flags are
 * plain reads, for the thread itself (Linux reads them through {@code current}) and for tests.
 */
@ProviderType
public interface Kthread {
    /** The thread's task. */
    Task task();

    /** kthread_should_stop(): {@link Kthreads#stop} has been called; the function should return. */
    boolean shouldStop();

    /** kthread_should_park(): {@link Kthreads#park} has been called; the thread should call {@link Kthreads#parkme}. */
    boolean shouldPark();

    /** True while the thread sleeps in {@link Kthreads#parkme} (Linux's TASK_PARKED). */
    boolean parked();

    /** True once the function has returned (or the task died). */
    boolean exited();
}
