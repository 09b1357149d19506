/**
 * Kernel timers: jiffies timers (kernel/time/timer.c) that expire in TIMER_SOFTIRQ on the CPU
 * they were queued on, and high-resolution timers (kernel/time/hrtimer.c) that expire at their
 * exact virtual nanosecond, in hard-IRQ context or in HRTIMER_SOFTIRQ. See docs/timers.md.
 *
 * <p>1.0.0: {@link org.kernellab.api.timer.Timers}, {@link org.kernellab.api.timer.TimerList},
 * {@link org.kernellab.api.timer.TimerFn}, {@link org.kernellab.api.timer.HrTimers},
 * {@link org.kernellab.api.timer.HrTimer}, {@link org.kernellab.api.timer.HrTimerFn},
 * {@link org.kernellab.api.timer.HrTimerMode}, {@link org.kernellab.api.timer.HrTimerRestart} and
 * {@link org.kernellab.api.timer.ClockId}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.timer;
