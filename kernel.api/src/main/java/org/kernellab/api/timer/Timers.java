package org.kernellab.api.timer;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Jiffies timers (kernel/time/timer.c, Linux 6.6). Each CPU keeps its own timer base; a timer is
 * queued on the base of the CPU that calls {@link #modTimer} (or, while its callback runs on
 * another CPU, stays on that CPU's base, as Linux keeps it). The tick of each CPU
 * (run_local_timers) raises TIMER_SOFTIRQ when a timer of its base is due, and
 * run_timer_softirq runs the due callbacks in softirq context on that CPU, in (expires, queue
 * order). KernelLab expires a timer exactly at its {@code expires} jiffy: it does not model the
 * timer wheel's coarser levels (docs/timers.md).
 *
 * <p>Every operation except {@link #setup} and the queries acts on the calling CPU, so it must be
 * called from simulated code. Implemented only by the kernel.
 */
@ProviderType
@KernelService
public interface Timers {
    /**
     * TIMER_DEFERRABLE (include/linux/timer.h): with NO_HZ idle it does not wake an idle CPU whose
     * tick is stopped; it runs at the next tick the CPU takes for another reason, after that tick's
     * ordinary timers (kernel/time/timer.c, BASE_DEF). With the periodic tick it expires like any
     * other timer.
     */
    int TIMER_DEFERRABLE = 0x0008_0000;
    /** TIMER_PINNED: stays on the CPU it was queued on. Every timer does here (no NOHZ migration). */
    int TIMER_PINNED = 0x0010_0000;
    /** TIMER_IRQSAFE: del_timer_sync() may be called from hard-IRQ context for it without a warning. */
    int TIMER_IRQSAFE = 0x0020_0000;

    /**
     * timer_setup(): a new, unqueued timer that runs {@code fn}. {@code owner} is recorded (like
     * {@code dev_id}) so that the kernel can find and delete the timers of a bundle that stops;
     * {@code name} is the callback's name in traces and reports. Unknown flag bits are refused
     * with IllegalArgumentException. Any context, any thread.
     */
    @Contract(ATOMIC_SAFE)
    TimerList setup(Object owner, String name, TimerFn fn, int flags);

    /**
     * mod_timer(): (re)queues the timer to expire at jiffy {@code expires}. Returns 0 if the timer
     * was not pending, 1 if it was (it is moved); a pending timer whose expiry does not change
     * returns 1 and stays where it is. Any context of simulated code.
     */
    @Contract(ATOMIC_SAFE)
    int modTimer(TimerList timer, long expires);

    /**
     * {@code timer->expires = expires; add_timer(timer)}: queues a timer that is not pending. A
     * pending timer is Linux's {@code BUG_ON(timer_pending(timer))}: refused with
     * IllegalStateException. Any context of simulated code.
     */
    @Contract(ATOMIC_SAFE)
    void addTimer(TimerList timer, long expires);

    /**
     * del_timer() (timer_delete): dequeues the timer. Returns 1 if it was pending, else 0. Does not
     * wait for a callback running on another CPU. Any context of simulated code.
     */
    @Contract(ATOMIC_SAFE)
    int delTimer(TimerList timer);

    /**
     * del_timer_sync() (timer_delete_sync): as {@link #delTimer}, then, if the callback is running
     * on another CPU, spins (in virtual time) until it has returned. Linux does not sleep here, so
     * neither does KernelLab. From hard-IRQ context, for a timer without {@link #TIMER_IRQSAFE},
     * Linux warns ({@code WARN_ON(in_hardirq() && !(timer->flags & TIMER_IRQSAFE))}); from the
     * timer's own callback it would wait for itself for ever (lockdep reports it): KernelLab
     * reports both with a WARNING, and in the second case deletes without waiting.
     */
    @Contract(ATOMIC_SAFE)
    int delTimerSync(TimerList timer);

    /** timer_pending(): true while the timer is queued. */
    @Contract(ATOMIC_SAFE)
    boolean timerPending(TimerList timer);

    /** The timers set up with {@code owner} that are pending now, in setup order (for reports and tests). */
    @Contract(ATOMIC_SAFE)
    List<TimerList> pendingOf(Object owner);
}
