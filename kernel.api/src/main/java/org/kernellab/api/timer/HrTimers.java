package org.kernellab.api.timer;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.SCHEDULES;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * High-resolution timers (kernel/time/hrtimer.c, Linux 6.6). Each CPU keeps a base of queued
 * timers ordered by expiry and programs its clock-event interrupt for the earliest one; at that
 * exact virtual instant hrtimer_interrupt runs the due hard timers in hard-IRQ context and raises
 * HRTIMER_SOFTIRQ for the due soft ones. A timer is queued on the calling CPU (while its callback
 * runs on another CPU it stays there, as in Linux). Implemented only by the kernel.
 */
@ProviderType
@KernelService
public interface HrTimers {
    /**
     * hrtimer_init() with the function set (hrtimer_setup() since Linux 6.13): a new, inactive
     * timer on {@code clock}. The SOFT bit of {@code mode} decides, once and for all, where the
     * callback runs. {@code owner} is recorded, {@code name} names the callback in traces. Any
     * context, any thread.
     */
    @Contract(ATOMIC_SAFE)
    HrTimer init(Object owner, String name, HrTimerFn fn, ClockId clock, HrTimerMode mode);

    /**
     * hrtimer_start(): (re)queues the timer to expire at {@code tim} ns (ABS) or {@code tim} ns
     * from now (REL) on this CPU. A timer already queued is removed first (hrtimer_cancel then
     * hrtimer_start in the trace, as Linux). A SOFT/HARD bit that differs from init's is Linux's
     * {@code WARN_ON_ONCE}: warned, and init's wins. An expiry in the past fires at once. Any
     * context of simulated code.
     */
    @Contract(ATOMIC_SAFE)
    void start(HrTimer timer, long tim, HrTimerMode mode);

    /**
     * hrtimer_try_to_cancel(): 0 if the timer was not active, 1 if it was queued and is removed,
     * -1 if its callback is running now (it is then left alone). Any context of simulated code.
     */
    @Contract(ATOMIC_SAFE)
    int tryToCancel(HrTimer timer);

    /**
     * hrtimer_cancel(): as {@link #tryToCancel}, spinning (in virtual time) while the callback runs
     * on another CPU; returns 0 or 1. From the timer's own callback it would wait for ever in Linux:
     * KernelLab reports it with a WARNING and returns -1 without waiting.
     */
    @Contract(ATOMIC_SAFE)
    int cancel(HrTimer timer);

    /**
     * hrtimer_forward(): moves the expiry of a timer that is not queued forward by whole
     * {@code interval}s until it lies after {@code now}; returns the number of intervals (overruns),
     * 0 if the expiry is already after {@code now}. Any context.
     */
    @Contract(ATOMIC_SAFE)
    long forward(HrTimer timer, long now, long interval);

    /** hrtimer_forward_now(): {@link #forward} from the current virtual time. */
    @Contract(ATOMIC_SAFE)
    long forwardNow(HrTimer timer, long interval);

    /** hrtimer_active(): queued, or its callback running. */
    @Contract(ATOMIC_SAFE)
    boolean active(HrTimer timer);

    /** hrtimer_is_queued(). */
    @Contract(ATOMIC_SAFE)
    boolean queued(HrTimer timer);

    /**
     * schedule_hrtimeout() (kernel/time/sleep_timeout.c): the caller has set its task state; it
     * sleeps until {@code expires} ns (ABS) or {@code expires} ns from now (REL), woken by an
     * hrtimer sleeper at that exact nanosecond (hard-IRQ expiry unless the mode says SOFT), or
     * earlier by a wakeup. Returns 0 when the time has come, -EINTR (-4) when woken early. Calls
     * schedule(): process context only.
     */
    @Contract(SCHEDULES)
    int scheduleHrtimeout(long expires, HrTimerMode mode);

    /** The hrtimers set up with {@code owner} that are active now, in init order (for reports and tests). */
    @Contract(ATOMIC_SAFE)
    List<HrTimer> activeOf(Object owner);
}
