package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.kernellab.api.LogLevel;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;

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
    /** The bundle this service object is for ({@link PerBundleTimers}), or null for the shared one. */
    private final Holder holder;
    /** Released with its bundle: later arming calls are dropped. */
    private volatile boolean released;

    TimerService(Supplier<Engine> engine) {
        this(engine, null);
    }

    private TimerService(Supplier<Engine> engine, Holder holder) {
        this.engine = engine;
        this.holder = holder;
    }

    private TimerBases bases() { return engine.get().timerBases; }

    /** True (and logged) when this bundle's service is released, so that {@code op} must not arm {@code timer}. */
    private boolean dropped(String op, Object timer) {
        if (!released) return false;
        engine.get().log(LogLevel.WARNING, "KernelLab: " + op + "() of " + timer + " dropped: " + holder.label()
                + " released its timer service (the bundle stopped)");
        return true;
    }

    private <T extends TimerBases.Queued> T tagged(T t) {
        if (holder != null) t.tag = this;
        return t;
    }

    @Override
    public TimerList setup(Object owner, String name, TimerFn fn, int flags) {
        if (owner == null) throw new IllegalArgumentException("timer_setup: owner must not be null; pass the object the timer belongs to");
        if (fn == null) throw new IllegalArgumentException("timer_setup: callback of timer " + name + " must not be null");
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException(String.format("timer_setup: flags 0x%x of timer %s hold unknown bits 0x%x; use TIMER_DEFERRABLE, TIMER_PINNED, TIMER_IRQSAFE",
                    flags, name, flags & ~KNOWN_FLAGS));
        }
        return tagged(new TimerBases.JTimer(owner, name == null ? org.kernellab.api.plugin.Plugins.symbol(fn) : name, fn, flags));
    }

    @Override
    public int modTimer(TimerList timer, long expires) {
        return dropped("mod_timer", timer) ? 0 : bases().modTimer(TimerBases.jiffies(timer), expires);
    }

    @Override
    public void addTimer(TimerList timer, long expires) {
        if (!dropped("add_timer", timer)) bases().addTimer(TimerBases.jiffies(timer), expires);
    }

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
        return tagged(new TimerBases.HTimer(owner, name == null ? org.kernellab.api.plugin.Plugins.symbol(fn) : name, fn, mode));
    }

    @Override
    public void start(HrTimer timer, long tim, HrTimerMode mode) {
        if (mode == null) throw new IllegalArgumentException("hrtimer_start: mode must not be null");
        if (!dropped("hrtimer_start", timer)) bases().start(TimerBases.hr(timer), tim, mode);
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

    /** Every timer of {@code owner} deleted, from outside the run (at a safe point). Returns how many were pending. */
    int deleteOwnedBy(Object owner) {
        Engine e = engine.get();
        return e.rc.still(() -> e.timerBases.delete(e.timerBases.ownedBy(owner)));
    }

    /**
     * The timer services of one bundle each ({@code kernel.per.bundle}): a jiffies timer or hrtimer
     * the bundle left armed when it released the service is reported and deleted (issue 9 §5;
     * in Linux a module unloading with a pending timer leaves a callback into freed code).
     * {@link PerBundle#held} and {@link PerBundle#release} run at a safe point: no callback is
     * running, so the delete is del_timer_sync's and hrtimer_cancel's.
     */
    static final class PerBundleTimers<S> implements PerBundle<S> {
        private final Supplier<Engine> engine;
        private final Class<S> iface;

        PerBundleTimers(Supplier<Engine> engine, Class<S> iface) {
            this.engine = engine;
            this.iface = iface;
        }

        @Override
        public S open(Holder holder) {
            return iface.cast(new TimerService(engine, holder));
        }

        @Override
        public List<LeakDTO> held(S opened) {
            List<LeakDTO> out = new ArrayList<>();
            Engine e = engine.get();
            for (Object o : e.timerBases.heldBy(opened)) {
                if (o instanceof TimerBases.JTimer t && e.timerBases.pending(t)) {
                    out.add(new LeakDTO("timer", t.name + " (" + t.owner.getClass().getName() + ")",
                            "pending, expires at jiffy " + t.expires,
                            "del_timer_sync()", "call del_timer_sync() (timer_delete_sync) on your remove path"));
                } else if (o instanceof TimerBases.HTimer t && e.timerBases.queued(t)) {
                    out.add(new LeakDTO("hrtimer", t.name + " (" + t.owner.getClass().getName() + ")",
                            "queued, expires at " + t.expires + " ns (" + t.mode + ")",
                            "hrtimer_cancel()", "call hrtimer_cancel() on your remove path"));
                }
            }
            return out;
        }

        @Override
        public void release(S opened) {
            TimerService s = (TimerService) opened;
            s.released = true;
            Engine e = engine.get();
            e.timerBases.delete(e.timerBases.heldBy(s));
        }
    }
}
