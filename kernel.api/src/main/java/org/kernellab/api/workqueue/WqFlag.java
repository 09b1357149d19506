package org.kernellab.api.workqueue;

/** The flags of alloc_workqueue(), with Linux's bit values (enum wq_flags, include/linux/workqueue.h, 6.6). */
public enum WqFlag {
    /** WQ_UNBOUND: served by the unbound pools, not bound to the queueing CPU; no concurrency management. */
    UNBOUND(1 << 1),
    /** WQ_FREEZABLE: accepted and shown; KernelLab has no system freeze, so it changes nothing. */
    FREEZABLE(1 << 2),
    /** WQ_MEM_RECLAIM: the workqueue has a rescuer thread that runs its work when no worker can be created. */
    MEM_RECLAIM(1 << 3),
    /** WQ_HIGHPRI: served by the high-priority pools (nice -20). */
    HIGHPRI(1 << 4),
    /** WQ_CPU_INTENSIVE: its work does not count for concurrency management. */
    CPU_INTENSIVE(1 << 5);

    /** The bit in Linux's {@code flags} argument. */
    public final int bit;

    WqFlag(int bit) {
        this.bit = bit;
    }
}
