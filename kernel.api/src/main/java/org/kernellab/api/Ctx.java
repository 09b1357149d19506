package org.kernellab.api;

/**
 * The execution contexts a kernel service method may be called from. Each value is a rule
 * that the kernel checks at the service boundary, before the implementation runs.
 */
public enum Ctx {
    /** Atomic-safe: any context, including hard IRQ with interrupts off. Never sleeps. */
    ATOMIC_SAFE("may be called from any context"),
    /**
     * May sleep: process context only. The boundary runs might_sleep()
     * (kernel/sched/core.c __might_sleep), which reports a call from atomic context.
     */
    MAY_SLEEP("may sleep, so it must be called from process context with preemption and interrupts enabled"),
    /**
     * Calls schedule(): process context only, and the count must be zero. The boundary runs
     * might_sleep() and schedule() itself checks for "scheduling while atomic".
     */
    SCHEDULES("calls schedule(), so it must be called from process context and not atomic"),
    /** Not from hard or soft interrupt context, though it does not sleep (mutex_trylock, kthread creation). */
    TASK_ONLY("must be called from task context, never from an interrupt handler"),
    /** Touches user memory: refused in interrupt context, and may fault (so may sleep). */
    USER_ACCESS("touches user memory, which may fault and sleep, so it needs process context with a user address space"),
    /** Run control: only from outside the simulation (the console, a test), never from simulated code. */
    CONTROL("drives the simulation, so it must be called from outside it (the console or a test)");

    private final String rule;

    Ctx(String rule) { this.rule = rule; }

    /** The rule in one sentence. */
    public String rule() { return rule; }
}
