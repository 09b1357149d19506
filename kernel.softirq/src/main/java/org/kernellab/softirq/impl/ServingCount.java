package org.kernellab.softirq.impl;

import org.kernellab.api.KernelContext;
import org.kernellab.api.PreemptLayout;

/**
 * How the softirq layer marks "serving a softirq" in {@code preempt_count}: Linux's
 * {@code __local_bh_disable_ip(_RET_IP_, SOFTIRQ_OFFSET)} and {@code __local_bh_enable(SOFTIRQ_OFFSET)}
 * around handle_softirqs() (kernel/softirq.c).
 *
 * <p><b>Stand-in.</b> KernelContext 1.0 can add only SOFTIRQ_DISABLE_OFFSET (local_bh_disable,
 * 0x200), not SOFTIRQ_OFFSET (0x100). So handlers run with bottom halves <i>disabled</i>
 * rather than <i>served</i>: in_softirq(), in_interrupt() and in_atomic() are true as in
 * Linux (sleeping is reported, raises do not wake ksoftirqd, irq_exit does not recurse), but
 * in_serving_softirq() is false and in_task() is true. Once KernelContext has
 * {@code softirqEnter()}/{@code softirqExit()}, each method below becomes that one call, and
 * {@link #offset} becomes {@code layout.softirqOffset}; nothing else changes.
 */
final class ServingCount {
    private ServingCount() {}

    /** Adds the serving offset. Interrupts are off. */
    static void enter(KernelContext ctx) {
        ctx.localBhDisable(); // with the API: ctx.softirqEnter()
    }

    /**
     * Drops the serving offset. Interrupts are off. With the stand-in the core calls
     * {@code bhEnabled} from here; the layer ignores it while it is still serving.
     */
    static void exit(KernelContext ctx) {
        ctx.localBhEnable(); // with the API: ctx.softirqExit()
    }

    /** The amount {@link #enter} adds to preempt_count. */
    static int offset(PreemptLayout layout) {
        return layout.softirqDisableOffset; // with the API: layout.softirqOffset
    }
}
