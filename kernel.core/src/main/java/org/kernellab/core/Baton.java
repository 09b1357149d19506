package org.kernellab.core;

import java.util.concurrent.locks.LockSupport;

/**
 * A participant in the baton handoff: a task's virtual thread, or the controller thread that
 * drives a run. Exactly one participant runs; the others are parked here.
 */
class Baton {
    /** Set by the previous holder to hand over; cleared by the receiver. The only cross-thread field. */
    volatile boolean go;
    /** Set when the machine is torn down: the participant unwinds instead of running. */
    volatile boolean killed;
    Thread thread;
    /** With continuations: the task's continuation (null for the controller and for a task with no body). */
    Object cont;
    /** With continuations: whom this participant handed the baton to when it last yielded or ended. */
    Baton next;

    /** Thrown inside a task thread to unwind it when the machine is reset. */
    static final class Killed extends org.kernellab.api.MachineUnwind {
        private static final long serialVersionUID = 1L;
        Killed() { super("task killed by machine reset"); }
    }

    static final Killed KILLED = new Killed();

    /** Parks until handed the baton. */
    final void await() {
        while (!go) {
            LockSupport.park(this);
        }
        go = false;
        if (killed) throw KILLED;
    }

    /** Hands the baton to this participant. */
    final void release() {
        go = true;
        LockSupport.unpark(thread);
    }
}
