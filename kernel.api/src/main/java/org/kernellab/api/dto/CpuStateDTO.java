package org.kernellab.api.dto;

import java.util.List;

/**
 * What one CPU is doing at a safe point, for a live view: the task it runs, the context it is in,
 * its {@code preempt_count} raw and field by field in the machine's layout, its interrupt flag,
 * and its runqueue.
 */
public class CpuStateDTO {
    public int cpu;
    /** The current task: its pid (0 for swapper/N) and comm. */
    public int currentPid;
    public String currentComm;
    /**
     * The context, as Linux's interrupt_context_level() and in_task() tell it (include/linux/preempt.h):
     * {@code nmi}, {@code hardirq}, {@code softirq} (serving one) or {@code task}.
     */
    public String context;
    /** preempt_count as the CPU holds it. */
    public int preemptCount;
    /** The layout's name ({@code linux-6} or {@code linux-2.6}), which gives the fields below their bits. */
    public String layout;
    /** The PREEMPT field: preempt_disable() depth (spinlocks included). */
    public int preemptDepth;
    /** The SOFTIRQ field: 1 per softirq being served, 2 per local_bh_disable(). */
    public int softirqCount;
    /** The HARDIRQ field: hard-interrupt nesting. */
    public int hardirqCount;
    /** The NMI field (0 in a layout without one). */
    public int nmiCount;
    /** PREEMPT_ACTIVE (2.6 layout) is set: the task is being preempted. */
    public boolean preemptActive;
    /** TIF_NEED_RESCHED: a reschedule is due at the next preemption point. */
    public boolean needResched;
    /** irqs_disabled(): local interrupts are off. */
    public boolean irqsDisabled;
    /** The tasks waiting to run on this CPU (state R, not current), by pid in the order the kernel lists them. */
    public List<Integer> runnable;
}
