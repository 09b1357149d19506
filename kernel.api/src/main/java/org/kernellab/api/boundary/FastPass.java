package org.kernellab.api.boundary;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The allowed path of the checks that forbid atomic context, in one field read: which thread,
 * if any, is known right now to be in plain process context on its machine. The kernel core
 * grants it to the thread holding the machine's baton once a full check has found that thread
 * running a real task on a CPU with a zero preempt count and interrupts on, and revokes it
 * before any of that can change: the preempt count rising, interrupts going off, another CPU,
 * task or thread taking the baton, the run ending.
 *
 * <p>So while {@link #admits} says true for the calling thread, a method whose contract is
 * {@code MAY_SLEEP}, {@code SCHEDULES}, {@code USER_ACCESS} or {@code TASK_ONLY} would pass its
 * {@link Checkpoint} without a report, and a generated class may call the implementation
 * without asking the checkpoint. When it says false, the checkpoint decides.
 *
 * <p>The field is plain: a thread writes only its own name there, or clears it, so a thread
 * that reads another's write finds that other thread's name or nothing, never its own.
 */
@ProviderType
public abstract class FastPass {
    private Thread holder;

    /** For the kernel core's own subclass. */
    protected FastPass() {
    }

    /** Whether {@code t} is known to be in plain process context now. */
    public final boolean admits(Thread t) {
        return holder == t;
    }

    /** {@code t}, the caller, is in plain process context until the next {@link #revoke}. */
    protected final void grant(Thread t) {
        holder = t;
    }

    /** Nobody is known to be in plain process context. */
    protected final void revoke() {
        holder = null;
    }
}
