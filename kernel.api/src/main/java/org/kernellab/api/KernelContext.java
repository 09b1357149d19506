package org.kernellab.api;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Execution-context queries (Linux's names) and preemption, bottom-half and local interrupt
 * control for the CPU the caller runs on. All are atomic-safe and cost a field access.
 */
@ProviderType
@KernelService
public interface KernelContext {
    @Contract(ATOMIC_SAFE) int preemptCount();
    @Contract(ATOMIC_SAFE) PreemptLayout layout();
    @Contract(ATOMIC_SAFE) boolean inIrq();
    @Contract(ATOMIC_SAFE) boolean inHardirq();
    @Contract(ATOMIC_SAFE) boolean inSoftirq();
    @Contract(ATOMIC_SAFE) boolean inServingSoftirq();
    @Contract(ATOMIC_SAFE) boolean inInterrupt();
    @Contract(ATOMIC_SAFE) boolean inAtomic();
    @Contract(ATOMIC_SAFE) boolean inTask();
    @Contract(ATOMIC_SAFE) boolean irqsDisabled();
    /** need_resched(): the scheduler wants this CPU to switch at the next opportunity. */
    @Contract(ATOMIC_SAFE) boolean needResched();

    @Contract(ATOMIC_SAFE) void preemptDisable();
    /** preempt_enable(): reschedules here if the count reaches 0 and a reschedule is needed (PREEMPT full). */
    @Contract(ATOMIC_SAFE) void preemptEnable();
    @Contract(ATOMIC_SAFE) void localBhDisable();
    /** local_bh_enable(): runs pending softirqs if the count allows. */
    @Contract(ATOMIC_SAFE) void localBhEnable();
    /**
     * Adds SOFTIRQ_OFFSET: this CPU is serving softirqs (kernel/softirq.c handle_softirqs,
     * __local_bh_disable_ip(_RET_IP_, SOFTIRQ_OFFSET)). For the softirq layer only.
     */
    @Contract(ATOMIC_SAFE) void softirqEnter();
    /** Drops SOFTIRQ_OFFSET again (__local_bh_enable(SOFTIRQ_OFFSET)); runs nothing. */
    @Contract(ATOMIC_SAFE) void softirqExit();
    @Contract(ATOMIC_SAFE) void localIrqDisable();
    /** local_irq_enable(): interrupts pending on this CPU arrive here. */
    @Contract(ATOMIC_SAFE) void localIrqEnable();
    /** local_irq_save(): returns the flags to hand to {@link #localIrqRestore(boolean)}. */
    @Contract(ATOMIC_SAFE) boolean localIrqSave();
    @Contract(ATOMIC_SAFE) void localIrqRestore(boolean flags);
}
