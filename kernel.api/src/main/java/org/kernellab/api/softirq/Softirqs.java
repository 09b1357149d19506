package org.kernellab.api.softirq;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.softirq.dto.SoftirqStatDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Softirqs (kernel/softirq.c, Linux 6.6): ten per-CPU vectors served in priority order
 * (lowest bit first) at irq_exit, at local_bh_enable, or by the per-CPU {@code ksoftirqd/N}
 * thread. Implemented only by the softirq layer.
 */
@ProviderType
@KernelService
public interface Softirqs {

    /**
     * raise_softirq(): marks {@code vector} pending on the calling CPU. From interrupt context
     * (hard IRQ, softirq, or with bottom halves disabled) the vector runs when that context is
     * left; from plain process context {@code ksoftirqd} is woken to run it. Any context, but
     * only from simulated code: the CPU is the caller's.
     */
    @Contract(ATOMIC_SAFE)
    void raise(SoftirqVector vector);

    /**
     * open_softirq(): installs the handler of {@code vector}, replacing any earlier one. In
     * Linux this is done once at boot; here it may be done at any time, from any thread.
     */
    @Contract(ATOMIC_SAFE)
    void open(SoftirqVector vector, SoftirqAction action);

    /** local_softirq_pending() of {@code cpu}: the pending mask, bit = {@link SoftirqVector#bit()}. */
    @Contract(ATOMIC_SAFE)
    int pending(int cpu);

    /** kstat_softirqs_cpu(): how often {@code vector} has been served on {@code cpu} since boot. */
    @Contract(ATOMIC_SAFE)
    long count(SoftirqVector vector, int cpu);

    /** Per-vector, per-CPU counts, one DTO per vector in priority order. */
    @Contract(ATOMIC_SAFE)
    List<SoftirqStatDTO> stats();

    /** The text of /proc/softirqs (fs/proc/softirqs.c) rendered from {@link #stats()}. */
    @Contract(ATOMIC_SAFE)
    String procSoftirqs();
}
