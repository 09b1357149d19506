package org.kernellab.api.softirq;

/** Softirq vectors in priority order; the ordinal is the bit (include/linux/interrupt.h). */
public enum SoftirqVector {
    HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU;

    /** The bit in the pending mask. */
    public int bit() { return 1 << ordinal(); }
}
