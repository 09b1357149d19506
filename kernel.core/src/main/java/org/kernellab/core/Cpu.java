package org.kernellab.core;

/**
 * One simulated CPU. Guarded by the baton: only the single running execution reads or
 * writes these fields, so none needs Java locking.
 */
final class Cpu {
    final int id;
    final TaskImpl idle;

    // ---- execution state (per-CPU in Linux) ----
    /**
     * preempt_count, in the configured layout. A plain field: the context check reads it directly.
     * Whatever raises it goes through {@link #preemptAdd} or {@link #preemptSet}, and whatever turns
     * interrupts off through {@link #irqsOff}, which revoke the boundaries' fast pass; lowering
     * either never grants it, so a plain write does.
     */
    int preemptCount;
    boolean irqsDisabled;
    boolean needResched;
    /** The task whose context this CPU executes (current). */
    TaskImpl current;

    // ---- virtual time ----
    /** The time up to which this CPU has executed. */
    long clock;
    /** When the CPU's current execution must get control back: burst end, or an earlier interruption. */
    long resumeAt;
    /** End of the burst in progress, Long.MAX_VALUE when idle-waiting. */
    long burstEnd;
    /** Start of the current accounting segment. */
    long segmentStart;
    /** The CPU does the machine's own work (a switch, interrupt entry) until then: nothing else runs or is taken on it. */
    long busyUntil;
    /** CPU time owed to interrupt work (entry costs, the tick's cost) since the CPU last paid it. */
    long stolenNs;

    // ---- interrupt controller state (a local APIC in miniature) ----
    /** Asserted, not yet taken lines; bit n = IRQ n. Lower lines have higher priority. */
    long irqPending;
    /** Lines whose handler is running on this CPU. */
    long irqInService;
    /** The local timer vector (the hrtimer clock-event) fired and is not yet taken; it is no line of the controller. */
    boolean localTimerPending;
    /** hrtimer_interrupt is running on this CPU. */
    boolean localTimerInService;
    /** Lines masked at the controller (disable_irq), shared by all CPUs: see Engine. */

    // ---- NO_HZ idle (kernel/time/tick-sched.c struct tick_sched) ----
    /** ts->tick_stopped: idle with its periodic tick stopped; the clock-event fires next for its next timer, if any. */
    boolean tickStopped;
    /** When each handler running on this CPU began, innermost last (the interrupt cost model's handler charge). */
    final long[] handlerStart = new long[16];
    int handlerDepth;

    // ---- accounting ----
    long idleNs;
    long irqNs;
    long switches;
    long irqCount;

    // ---- schedstats: struct rq's CONFIG_SCHEDSTATS fields (kernel/sched/sched.h), for /proc/schedstat ----
    /** yld_count: sched_yield() on this CPU. */
    long yldCount;
    /** sched_count: __schedule() calls, a switch or not. */
    long schedCount;
    /** sched_goidle: picks of the idle task. */
    long schedGoidle;
    /** ttwu_count and ttwu_local: wakeups this CPU did, and those of tasks that run here. */
    long ttwuCount;
    long ttwuLocal;
    /** rq_cpu_time: sched_info time (arrival to departure) of the tasks other than idle that ran here. */
    long rqCpuTimeNs;
    /** rq_sched_info.run_delay and .pcount: the waits and timeslices of the tasks that arrived here. */
    long rqRunDelayNs;
    long rqPcount;

    /** The machine's fast pass (Contracts#fastPass): void once this CPU may no longer sleep. */
    private final Contracts.Grant fastPass;

    Cpu(int id, TaskImpl idle, Contracts.Grant fastPass) {
        this.id = id;
        this.idle = idle;
        this.current = idle;
        this.fastPass = fastPass;
    }

    /** The preempt count rises by {@code offset} (preempt_disable, local_bh_disable, irq and softirq entry). */
    void preemptAdd(int offset) {
        preemptCount += offset;
        fastPass.deny();
    }

    /** The preempt count is set to {@code value}: a bit added (PREEMPT_ACTIVE) or a leaked count repaired. */
    void preemptSet(int value) {
        preemptCount = value;
        fastPass.deny();
    }

    /** local_irq_disable() and its kin: interrupts go off on this CPU. */
    void irqsOff() {
        irqsDisabled = true;
        fastPass.deny();
    }

    /** True when a line or the local timer vector may be taken now. */
    boolean hasDeliverable(long masked) {
        return deliverable(masked) != 0 || (localTimerPending && !irqsDisabled && !localTimerInService);
    }

    /** Lines that may be taken now: pending, not masked, of higher priority than any in service. */
    long deliverable(long masked) {
        if (irqsDisabled) return 0;
        long ready = irqPending & ~masked;
        if (ready == 0) return 0;
        if (irqInService != 0) ready &= Long.lowestOneBit(irqInService) - 1;
        return ready;
    }
}
