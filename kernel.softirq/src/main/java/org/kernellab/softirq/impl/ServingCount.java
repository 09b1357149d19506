package org.kernellab.softirq.impl;

import org.kernellab.api.KernelContext;
import org.kernellab.api.PreemptLayout;

/**
 * How the softirq layer marks "serving a softirq" in {@code preempt_count}: Linux's
 * {@code __local_bh_disable_ip(_RET_IP_, SOFTIRQ_OFFSET)} and {@code __local_bh_enable(SOFTIRQ_OFFSET)}
 * around handle_softirqs() (kernel/softirq.c).
 *
 */
final class ServingCount {
    private ServingCount() {}

    /** Adds the serving offset. Interrupts are off. */
    static void enter(KernelContext ctx) {
        ctx.softirqEnter();
    }

    /** Drops the serving offset. Interrupts are off. */
    static void exit(KernelContext ctx) {
        ctx.softirqExit();
    }

    /** The amount {@link #enter} adds to preempt_count. */
    static int offset(PreemptLayout layout) {
        return layout.softirqOffset;
    }
}
