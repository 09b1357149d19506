package org.kernellab.api.timer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A jiffies timer's function (the {@code callback} of timer_setup, kernel/time/timer.c).
 *
 * <p><b>Calling context:</b> softirq context ({@code in_serving_softirq()}) from TIMER_SOFTIRQ
 * (run_timer_softirq) on the CPU the timer was queued on, at irq_exit of that CPU's tick or in
 * {@code ksoftirqd/N}, once {@code jiffies} has reached the timer's expiry. Hard interrupts are
 * enabled; bottom halves and preemption are off, so the callback must not sleep. The timer is no
 * longer pending when the callback runs: it may re-arm itself with {@link Timers#modTimer}.
 * Without a softirq layer (a bare standalone machine) the core runs it from the tick in hard-IRQ
 * context instead.
 *
 * <p><b>What the core checks afterwards:</b> that {@code preempt_count} is as it was (an
 * unbalanced callback gets Linux's {@code timer: %pS preempt leak: %08x -> %08x} report and the
 * count is restored, as call_timer_fn does). A callback that throws is reported with its bundle
 * and its timer is ejected: it is not re-armed, later mod_timer/add_timer calls are dropped with
 * a report, and the machine carries on.
 */
@ConsumerType
@FunctionalInterface
public interface TimerFn {
    /** Runs the timer's work; {@code timer} is the expired timer (from_timer()). */
    void run(TimerList timer);
}
