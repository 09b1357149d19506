package org.kernellab.api.timer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An hrtimer's function ({@code timer->function}, kernel/time/hrtimer.c __run_hrtimer).
 *
 * <p><b>Calling context:</b> on the CPU whose base the timer was queued on, at the timer's exact
 * virtual instant (later only if that CPU had interrupts disabled then). A timer initialised
 * without {@code SOFT} runs in hard-IRQ context from hrtimer_interrupt (the local clock-event
 * interrupt), with interrupts off; a {@code SOFT} timer runs in HRTIMER_SOFTIRQ, in softirq
 * context. Neither may sleep. The timer is not queued while the callback runs
 * ({@link HrTimers#tryToCancel} returns -1 meanwhile); to run again, the callback moves the
 * expiry ({@link HrTimers#forward}) and returns {@link HrTimerRestart#HRTIMER_RESTART}.
 *
 * <p><b>What the core checks afterwards:</b> that {@code preempt_count} is as it was (reported as
 * for jiffies timers and restored). A callback that throws (or returns null) is reported with its
 * bundle and its timer is ejected: not restarted, later starts dropped with a report; the machine
 * carries on.
 */
@ConsumerType
@FunctionalInterface
public interface HrTimerFn {
    HrTimerRestart run(HrTimer timer);
}
