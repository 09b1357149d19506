package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.kernellab.api.timer.ClockId;
import org.kernellab.api.timer.HrTimer;
import org.kernellab.api.timer.HrTimerFn;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimers;
import org.kernellab.api.timer.TimerFn;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;

/**
 * The {@link Timers} and {@link HrTimers} services over whichever machine is current; the work is
 * {@link TimerBases}'. Registered behind the contract boundary like the kernel's other services.
 * Setup and init make handles on any thread; everything else acts on the calling CPU or reads a
 * stopped machine.
 */
final class TimerService implements Timers, HrTimers {
    private static final int KNOWN_FLAGS = TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE;

    private final Supplier<Engine> engine;

    TimerService(Supplier<Engine> engine) {
        this.engine = engine;
    }

    private TimerBases bases() { return engine.get().timerBases; }

    @Override
    public TimerList setup(Object owner, String name, TimerFn fn, int flags) {
        if (owner == null) throw new IllegalArgumentException("timer_setup: owner must not be null; pass the object the timer belongs to");
        if (fn == null) throw new IllegalArgumentException("timer_setup: callback of timer " + name + " must not be null");
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException(String.format("timer_setup: flags 0x%x of timer %s hold unknown bits 0x%x; use TIMER_DEFERRABLE, TIMER_PINNED, TIMER_IRQSAFE",
                    flags, name, flags & ~KNOWN_FLAGS));
        }
        return new TimerBases.JTimer(owner, name == null ? org.kernellab.api.plugin.Plugins.symbol(fn) : name, fn, flags);
    }

    @Override public int modTimer(TimerList timer, long expires) { return bases().modTimer(TimerBases.jiffies(timer), expires); }
    @Override public void addTimer(TimerList timer, long expires) { bases().addTimer(TimerBases.jiffies(timer), expires); }
    @Override public int delTimer(TimerList timer) { return bases().delTimer(TimerBases.jiffies(timer)); }
    @Override public int delTimerSync(TimerList timer) { return bases().delTimerSync(TimerBases.jiffies(timer)); }
    @Override public boolean timerPending(TimerList timer) { return bases().pending(TimerBases.jiffies(timer)); }

    @Override
    public List<TimerList> pendingOf(Object owner) {
        List<TimerList> out = new ArrayList<>();
        for (Object o : engine.get().rc.still(() -> bases().ownedBy(owner))) {
            if (o instanceof TimerBases.JTimer t && t.pending) out.add(t);
        }
        return out;
    }

    @Override
    public HrTimer init(Object owner, String name, HrTimerFn fn, ClockId clock, HrTimerMode mode) {
        if (owner == null) throw new IllegalArgumentException("hrtimer_init: owner must not be null; pass the object the timer belongs to");
        if (fn == null) throw new IllegalArgumentException("hrtimer_init: function of hrtimer " + name + " must not be null");
        if (mode == null) throw new IllegalArgumentException("hrtimer_init: mode of hrtimer " + name + " must not be null");
        TimerBases.checkClock(clock);
        return new TimerBases.HTimer(owner, name == null ? org.kernellab.api.plugin.Plugins.symbol(fn) : name, fn, mode);
    }

    @Override
    public void start(HrTimer timer, long tim, HrTimerMode mode) {
        if (mode == null) throw new IllegalArgumentException("hrtimer_start: mode must not be null");
        bases().start(TimerBases.hr(timer), tim, mode);
    }

    @Override public int tryToCancel(HrTimer timer) { return bases().tryToCancel(TimerBases.hr(timer)); }
    @Override public int cancel(HrTimer timer) { return bases().cancel(TimerBases.hr(timer)); }

    @Override
    public long forward(HrTimer timer, long now, long interval) {
        return bases().forward(TimerBases.hr(timer), now, interval);
    }

    @Override
    public long forwardNow(HrTimer timer, long interval) {
        Engine e = engine.get();
        return e.timerBases.forward(TimerBases.hr(timer), e.now(), interval);
    }

    @Override public boolean active(HrTimer timer) { return bases().active(TimerBases.hr(timer)); }
    @Override public boolean queued(HrTimer timer) { return bases().queued(TimerBases.hr(timer)); }

    @Override
    public int scheduleHrtimeout(long expires, HrTimerMode mode) {
        if (mode == null) throw new IllegalArgumentException("schedule_hrtimeout: mode must not be null");
        return bases().scheduleHrtimeout(expires, mode);
    }

    @Override
    public List<HrTimer> activeOf(Object owner) {
        List<HrTimer> out = new ArrayList<>();
        for (Object o : engine.get().rc.still(() -> bases().ownedBy(owner))) if (o instanceof TimerBases.HTimer t) out.add(t);
        return out;
    }

    /** Every timer of {@code owner} deleted, for a bundle that stops (internal: a later change calls it). Returns how many were pending. */
    int deleteOwnedBy(Object owner) {
        Engine e = engine.get();
        return e.rc.still(() -> e.timerBases.deleteOwnedBy(owner));
    }
}
