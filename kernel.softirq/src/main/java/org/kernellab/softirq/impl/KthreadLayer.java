package org.kernellab.softirq.impl;

import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.MachineUnwind;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.kthread.KthreadFn;
import org.kernellab.api.kthread.Kthreads;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Kernel threads (kernel/kthread.c, pinned to Linux 6.6) over {@code Kernel.spawn}.
 *
 * <p>The thread's body is kthread(): for {@link #create} it sets TASK_UNINTERRUPTIBLE, tells
 * the creator it has started and sleeps until first woken; then, unless it was stopped
 * meanwhile, it parks if asked to (__kthread_parkme) and runs the function. Its return value
 * is the result {@link #stop} hands back; the exit wakes every kthread_stop waiter (Linux
 * completes {@code kthread->exited} from do_exit, so an oops wakes them too).
 *
 * <p>Lives in the softirq bundle for now, next to its first user (ksoftirqd); it depends on the
 * kernel API only, so moving it to the core is a file move.
 *
 * <h2>State and locking</h2>
 * A thread's flags and waiters ({@link KthreadImpl}) are guarded by the baton: only simulated
 * code changes them. A thread made before a reset counts as exited: stop and park return at
 * once instead of waiting for a task that no longer runs. Linux's TASK_PARKED is modelled as TASK_UNINTERRUPTIBLE plus the
 * {@code parked} flag (KernelLab's task states have no P).
 */
@Component(service = Kthreads.class, immediate = true)
public final class KthreadLayer implements Kthreads {
    private final Kernel kernel;
    private final Machine machine;

    /** struct kthread: the flags KTHREAD_SHOULD_STOP and KTHREAD_SHOULD_PARK, the result and the completions. */
    private final class KthreadImpl implements Kthread {
        final KthreadFn fn;
        /** The machine generation the thread was made in; a reset ends it with every other task. */
        final long generation;
        Task task;
        boolean shouldStop;
        boolean shouldPark;
        boolean parked;
        boolean started;
        boolean exited;
        int result;
        /** create->done, kthread->parked and kthread->exited, as one variable the waiters re-check. */
        final VarWait changes = new VarWait();

        KthreadImpl(KthreadFn fn, long generation) {
            this.fn = fn;
            this.generation = generation;
        }

        /** Exited, or gone with the machine generation it was made in. */
        boolean gone() {
            return exited || generation != machine.generation();
        }

        @Override public Task task() { return task; }
        @Override public boolean shouldStop() { return shouldStop; }
        @Override public boolean shouldPark() { return shouldPark; }
        @Override public boolean parked() { return parked; }
        @Override public boolean exited() { return gone(); }
        @Override public String toString() { return "kthread " + (task == null ? "?" : task.comm() + "/" + task.pid()); }

        KthreadLayer owner() { return KthreadLayer.this; }
    }

    @Activate
    public KthreadLayer(@Reference Kernel kernel, @Reference Machine machine) {
        this.kernel = kernel;
        this.machine = machine;
    }

    @Override
    public Kthread create(TaskSpec spec, KthreadFn fn) {
        KthreadImpl t = spawn(spec, fn, true);
        // wait_for_completion(&done): the new thread has reached its first sleep
        t.changes.await(kernel, () -> t.started);
        return t;
    }

    @Override
    public Kthread run(TaskSpec spec, KthreadFn fn) {
        return spawn(spec, fn, false);
    }

    @Override
    public int stop(Kthread thread) {
        KthreadImpl t = impl(thread);
        if (t.gone()) return t.result;
        // kthread_stop(): set KTHREAD_SHOULD_STOP, unpark, wake, wait for kthread->exited
        t.shouldStop = true;
        unpark(t);
        kernel.wakeUpProcess(t.task);
        t.changes.await(kernel, t::gone);
        return t.result;
    }

    @Override
    public int park(Kthread thread) {
        KthreadImpl t = impl(thread);
        if (t.gone()) {
            kernel.printk(LogLevel.WARNING, "kthread_park: " + t + " has exited (KernelLab: WARN_ON(k->flags & PF_EXITING) in kernel/kthread.c)");
            return -Errno.ENOSYS;
        }
        if (t.shouldPark) {
            kernel.printk(LogLevel.WARNING, "kthread_park: " + t + " was already asked to park (KernelLab: WARN_ON_ONCE in kernel/kthread.c; unpark it first)");
            return -Errno.EBUSY;
        }
        t.shouldPark = true;
        if (t.task != kernel.current()) {
            kernel.wakeUpProcess(t.task);
            // wait_for_completion(&kthread->parked)
            t.changes.await(kernel, () -> t.parked || t.gone());
        }
        return 0;
    }

    @Override
    public void unpark(Kthread thread) {
        KthreadImpl t = impl(thread);
        // kthread_unpark(): clear KTHREAD_SHOULD_PARK, wake_up_state(k, TASK_PARKED)
        t.shouldPark = false;
        if (t.parked && !t.gone()) kernel.wakeUpProcess(t.task);
    }

    @Override
    public void parkme(Kthread self) {
        KthreadImpl t = impl(self);
        if (t.task != kernel.current()) {
            throw new IllegalArgumentException("kthread_parkme: " + t + " is not the calling task " + kernel.current().comm()
                    + "; only a thread parks itself (others call kthread_park)");
        }
        // __kthread_parkme(): sleep parked while KTHREAD_SHOULD_PARK is set; complete(&kthread->parked)
        for (;;) {
            kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
            if (!t.shouldPark) break;
            if (!t.parked) {
                t.parked = true;
                t.changes.wakeAll(kernel);
            }
            kernel.schedule();
        }
        kernel.setCurrentState(TaskState.RUNNING);
        t.parked = false;
    }

    private KthreadImpl spawn(TaskSpec spec, KthreadFn fn, boolean waitForWake) {
        if (spec == null) throw new IllegalArgumentException("spec must not be null");
        if (!spec.kernelThread) {
            throw new IllegalArgumentException("spec " + spec.comm + " is a user process; a kernel thread needs TaskSpec.kthread(\"" + spec.comm + "\")");
        }
        if (fn == null) throw new IllegalArgumentException("fn of kthread " + spec.comm + " must not be null");
        KthreadImpl t = new KthreadImpl(fn, machine.generation());
        t.task = kernel.spawn(spec, k -> body(k, t, waitForWake));
        return t;
    }

    /** kthread(): the body of every kernel thread made here. */
    private void body(Kernel k, KthreadImpl self, boolean waitForWake) throws Exception {
        if (waitForWake) {
            // __set_current_state(TASK_UNINTERRUPTIBLE); complete(done); schedule_preempt_disabled()
            k.setCurrentState(TaskState.UNINTERRUPTIBLE);
            self.started = true;
            self.changes.wakeAll(k);
            k.schedule();
        }
        self.started = true;
        int ret = -Errno.EINTR;
        try {
            if (!self.shouldStop) {
                if (self.shouldPark) parkme(self);
                ret = self.fn.run(k, self);
            }
        } catch (MachineUnwind unwind) {
            throw unwind;
        } catch (Exception | Error e) {
            exit(self, 0);
            throw e; // the core reports the oops and ends the task
        }
        exit(self, ret);
    }

    /** kthread_exit(): records the result and completes kthread->exited. */
    private void exit(KthreadImpl self, int result) {
        self.result = result;
        self.exited = true;
        self.changes.wakeAll(kernel);
    }

    private KthreadImpl impl(Kthread thread) {
        if (thread == null) throw new IllegalArgumentException("thread must not be null");
        if (thread instanceof KthreadImpl t && t.owner() == this) return t;
        throw new IllegalArgumentException(thread + " was not made by this kthread layer (" + thread.getClass().getName() + ")");
    }
}
