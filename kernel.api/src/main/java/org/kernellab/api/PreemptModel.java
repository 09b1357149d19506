package org.kernellab.api;

/** Linux's preemption models (kernel/Kconfig.preempt). */
public enum PreemptModel {
    /**
     * PREEMPT_NONE without CONFIG_PREEMPT_COUNT: no preemption in the kernel, and spin_lock
     * does not touch preempt_count, so in_atomic() reads 0 under a spinlock and might_sleep
     * cannot see a sleep there.
     */
    NONE,
    /** PREEMPT_VOLUNTARY: preemption only at explicit points (might_sleep/cond_resched) and on return to user. */
    VOLUNTARY,
    /** PREEMPT (full): preempt at IRQ exit and at preempt_enable when the count reaches 0. */
    FULL;

    public static PreemptModel parse(String s) {
        for (PreemptModel m : values()) if (m.name().equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("preempt model \"" + s + "\" is unknown; use none, voluntary or full");
    }
}
