package org.kernellab.softirq.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskState;

/**
 * wait_var_event() / wake_up_var() on one variable (kernel/sched/wait_bit.c): the tasks sleeping
 * until a condition on it holds. Guarded by the baton: only simulated code uses it.
 */
final class VarWait {
    private final List<Task> waiters = new ArrayList<>(1);

    /** wait_var_event(): sleeps uninterruptibly until {@code done}, re-checking after each wake-up. Process context. */
    void await(Kernel kernel, BooleanSupplier done) {
        Task me = kernel.current();
        for (;;) {
            kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
            if (done.getAsBoolean()) break;
            if (!waiters.contains(me)) waiters.add(me);
            kernel.schedule();
        }
        kernel.setCurrentState(TaskState.RUNNING);
        waiters.remove(me);
    }

    /** wake_up_var(): every waiter re-checks its condition. Any context. */
    void wakeAll(Kernel kernel) {
        if (waiters.isEmpty()) return;
        for (Task w : waiters.toArray(new Task[0])) kernel.wakeUpProcess(w);
    }

    /** Forgets the waiters of a discarded machine generation. */
    void clear() {
        waiters.clear();
    }
}
