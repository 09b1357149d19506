package org.kernellab.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.kernellab.api.Errno;
import org.kernellab.api.LogLevel;
import org.kernellab.api.TaskState;
import org.kernellab.api.plugin.Plugins;
import org.kernellab.api.softirq.SoftirqAction;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.softirq.Softirqs;
import org.kernellab.api.timer.ClockId;
import org.kernellab.api.timer.HrTimer;
import org.kernellab.api.timer.HrTimerFn;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimerRestart;
import org.kernellab.api.timer.TimerFn;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;
import org.kernellab.core.TraceBuffer.Type;

/**
 * One machine's timer bases: per CPU, the jiffies timers (kernel/time/timer.c, struct timer_base)
 * and the hrtimers (kernel/time/hrtimer.c, struct hrtimer_cpu_base), with their expiry paths.
 *
 * <h2>Jiffies timers</h2>
 * A timer is queued on the calling CPU's base ({@link #modTimer}). Each CPU's tick calls
 * {@link #runLocalTimers} in hard-IRQ context; when the earliest timer of its base is due it
 * raises TIMER_SOFTIRQ, and {@link #runTimerSoftirq} runs every due callback in softirq context on
 * that CPU. KernelLab keeps each base as one queue ordered by (expires, queue order) and expires a
 * timer exactly at its jiffy: the wheel's coarser levels are not modelled. Without a softirq layer
 * the tick runs the due timers itself, in hard-IRQ context.
 * <p>
 * With NO_HZ ({@code kernel:config nohz}, Linux's CONFIG_NO_HZ_COMMON) a base has Linux's two
 * parts: the deferrable timers (TIMER_DEFERRABLE) are BASE_DEF, the others BASE_STD. An idle CPU
 * that stops its tick programs it for its next BASE_STD timer only ({@link #nextJiffiesExpiry}, as
 * get_next_timer_interrupt() reads BASE_STD alone), so a deferrable timer on an idle CPU waits for
 * the next tick the CPU takes for another reason; that tick's pass runs the due BASE_STD timers,
 * then the due BASE_DEF ones (run_timer_softirq). Without NO_HZ there is one base, as in Linux.
 *
 * <h2>hrtimers</h2>
 * Each CPU keeps a hard and a soft queue ordered by (expires, queue order) and one programmed
 * clock-event: a hardware event at the earliest expiry that marks the CPU's local timer vector
 * pending ({@link Cpu#localTimerPending}). The interrupt path takes it like a line and calls
 * {@link #hrtimerInterrupt} in hard-IRQ context at that exact instant; due hard timers run there,
 * and due soft timers are left to HRTIMER_SOFTIRQ ({@link #runHrtimerSoftirq}).
 *
 * <h2>Locking</h2>
 * Guarded by the baton, like the engine: only simulated code touches the queues. Handles
 * ({@link JTimer}, {@link HTimer}) outlive a reset; a handle whose base belongs to an earlier
 * machine is not pending here.
 */
final class TimerBases {
    /** cpu_relax() while del_timer_sync/hrtimer_cancel wait for a callback on another CPU. */
    static final long SPIN_NS = 100;

    private final Engine e;
    private final Base[] bases;
    private final HrBase[] hr;
    /** Queue order, for ties of expiry. */
    private long seq;
    /** Addresses printed as %p in trace events: handed out per machine, so a run's trace is the same every time. */
    private long nextAddr;

    TimerBases(Engine e) {
        this.e = e;
        bases = new Base[e.nrCpus];
        hr = new HrBase[e.nrCpus];
        for (int i = 0; i < e.nrCpus; i++) {
            bases[i] = new Base(this, i);
            hr[i] = new HrBase(this, i);
        }
    }

    private static final Comparator<Queued> ORDER = (a, b) -> {
        int c = Long.compare(a.expires, b.expires);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    /** What both kinds of timer share: the owner, the callback's name, the queue position and the trace address. */
    abstract static class Queued {
        final Object owner;
        final String name;
        /** The per-bundle timer service it was made through (its bundle's), or null. */
        Object tag;
        long expires;
        long seq;
        boolean ejected;
        /** The bases this timer last got an address from, and that address. */
        TimerBases addrOf;
        long addr;

        Queued(Object owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        public String name() { return name; }
        public Object owner() { return owner; }
        public long expires() { return expires; }
        public boolean ejected() { return ejected; }
    }

    /** struct timer_list. */
    static final class JTimer extends Queued implements TimerList {
        final TimerFn fn;
        final int flags;
        /** The base it is queued on, or was last queued on (for the running check). */
        Base base;
        boolean pending;

        JTimer(Object owner, String name, TimerFn fn, int flags) {
            super(owner, name);
            this.fn = fn;
            this.flags = flags;
        }

        @Override public int flags() { return flags; }
        @Override public String toString() { return "timer " + name; }
    }

    /** struct hrtimer. */
    static final class HTimer extends Queued implements HrTimer {
        final HrTimerFn fn;
        final HrTimerMode mode;
        final boolean soft;
        HrBase base;
        boolean queued;

        HTimer(Object owner, String name, HrTimerFn fn, HrTimerMode mode) {
            super(owner, name);
            this.fn = fn;
            this.mode = mode;
            this.soft = mode.soft();
        }

        @Override public HrTimerMode mode() { return mode; }
        @Override public String toString() { return "hrtimer " + name; }
    }

    /** struct timer_base of one CPU. */
    static final class Base {
        final TimerBases owner;
        final int cpu;
        final PriorityQueue<JTimer> queue = new PriorityQueue<>(ORDER);
        /** How many of {@link #queue} are deferrable: with NO_HZ, Linux's BASE_DEF. */
        int deferrable;
        /** The due timers __run_timers collected, still pending until each one's turn (expire_timers' list). */
        final java.util.ArrayDeque<JTimer> expiring = new java.util.ArrayDeque<>();
        /** base->running_timer. */
        JTimer running;

        Base(TimerBases owner, int cpu) {
            this.owner = owner;
            this.cpu = cpu;
        }
    }

    /** struct hrtimer_cpu_base of one CPU. */
    static final class HrBase {
        final TimerBases owner;
        final int cpu;
        final PriorityQueue<HTimer> hard = new PriorityQueue<>(ORDER);
        final PriorityQueue<HTimer> soft = new PriorityQueue<>(ORDER);
        /** cpu_base->running (hard) and running_soft. */
        HTimer running;
        HTimer runningSoft;
        /** cpu_base->softirq_activated: HRTIMER_SOFTIRQ is raised and the soft queue is its business. */
        boolean softActivated;
        /** cpu_base->in_hrtirq: hrtimer_interrupt is running; it reprograms at its end. */
        boolean inInterrupt;
        long eventId = -1;
        long programmed = Engine.NEVER;

        HrBase(TimerBases owner, int cpu) {
            this.owner = owner;
            this.cpu = cpu;
        }
    }

    /** True when no timer of either kind is queued: the machine may count as idle. */
    boolean isEmpty() {
        for (Base b : bases) if (!b.queue.isEmpty()) return false;
        for (HrBase b : hr) if (!b.hard.isEmpty() || !b.soft.isEmpty()) return false;
        return true;
    }

    private long addr(Queued t) {
        if (t.addrOf != this) {
            t.addrOf = this;
            // a kernel-looking, hashed-looking %p: distinct per timer and the same in every run
            t.addr = 0xffff_8880_0400_0000L + (nextAddr++) * 0x40;
        }
        return t.addr;
    }

    // =====================================================================================
    // Jiffies timers
    // =====================================================================================

    boolean pending(JTimer t) {
        return t.pending && t.base != null && t.base.owner == this;
    }

    /** mod_timer() (kernel/time/timer.c __mod_timer). */
    int modTimer(JTimer t, long expires) {
        Cpu c = e.cpu("mod_timer()");
        if (t.ejected) {
            dropped(t, "mod_timer");
            return 0;
        }
        boolean was = pending(t);
        if (was && t.expires == expires) return 1;
        if (was) detach(c, t);
        // switch_timer_base: a timer whose callback runs on another CPU stays on that base, so
        // that the callback never runs on two CPUs at once
        Base target = t.base != null && t.base.owner == this && t.base.running == t ? t.base : bases[c.id];
        t.expires = expires;
        t.seq = seq++;
        t.base = target;
        t.pending = true;
        target.queue.add(t);
        if (deferrable(t)) target.deferrable++;
        // include/trace/events/timer.h timer_start: idx is the level-0 bucket, every timer's level here
        e.emit(c, Type.TIMER_START, null, String.format("timer=%016x function=%s expires=%d [timeout=%d] bucket_expiry=%d cpu=%d idx=%d flags=%s",
                addr(t), t.name, expires, expires - e.jiffies, expires, target.cpu, expires & 63, timerFlags(t.flags)), 0, 0, 'R');
        return was ? 1 : 0;
    }

    /** decode_timer_flags (include/trace/events/timer.h). */
    private static String timerFlags(int flags) {
        List<String> s = new ArrayList<>();
        if ((flags & Timers.TIMER_DEFERRABLE) != 0) s.add("D");
        if ((flags & Timers.TIMER_PINNED) != 0) s.add("P");
        if ((flags & Timers.TIMER_IRQSAFE) != 0) s.add("I");
        return String.join("|", s);
    }

    /** add_timer(): BUG_ON(timer_pending(timer)). */
    void addTimer(JTimer t, long expires) {
        if (pending(t)) {
            throw new IllegalStateException("add_timer: timer " + t.name + " is already pending (kernel/time/timer.c BUG_ON(timer_pending(timer)));"
                    + " use mod_timer() to change the expiry of a pending timer");
        }
        modTimer(t, expires);
    }

    /** del_timer(): 1 if the timer was pending. */
    int delTimer(JTimer t) {
        Cpu c = e.cpu("del_timer()");
        if (!pending(t)) return 0;
        detach(c, t);
        return 1;
    }

    /** detach_timer(): off its base, with the timer_cancel event. */
    private void detach(Cpu c, JTimer t) {
        if (t.base.queue.remove(t)) {
            if (deferrable(t)) t.base.deferrable--;
        } else {
            t.base.expiring.remove(t);
        }
        t.pending = false;
        emit(c, t.base.cpu, Type.TIMER_CANCEL, String.format("timer=%016x", addr(t)));
    }

    /** A trace event on the current CPU {@code c}, or, from a safe point outside any CPU (null), stamped for {@code cpu}. */
    private void emit(Cpu c, int cpu, Type type, String body) {
        if (c != null) e.emit(c, type, null, body, 0, 0, 'R');
        else e.emitOutside(e.cpus[cpu], type, null, body, 0, 0, 'R');
    }

    /** del_timer_sync() (kernel/time/timer.c __timer_delete_sync). */
    int delTimerSync(JTimer t) {
        Cpu c = e.cpu("del_timer_sync()");
        if (e.layout.inHardirq(c.preemptCount) && (t.flags & Timers.TIMER_IRQSAFE) == 0) {
            warn(c, "__timer_delete_sync", "del_timer_sync() of " + t + " from hard-IRQ context: it could wait for a callback"
                    + " that needs this CPU; use del_timer() here, or TIMER_IRQSAFE for a timer whose callback runs with interrupts off");
        }
        for (;;) {
            Base b = t.base;
            boolean mine = b != null && b.owner == this && b.running == t;
            if (!mine) return delTimer(t);
            if (b.cpu == c.id) {
                warn(c, "__timer_delete_sync", "del_timer_sync() of " + t + " from its own callback would wait for itself for ever"
                        + " (Linux deadlocks; lockdep reports it); KernelLab deletes it without waiting: use del_timer() in the callback");
                return delTimer(t);
            }
            // try_to_del_timer_sync() returned -1: the callback runs on another CPU
            e.compute(SPIN_NS);
            c = e.running;
        }
    }

    /**
     * The jiffy of CPU {@code cpu}'s earliest pending jiffies timer that is not deferrable, or
     * Long.MAX_VALUE: get_next_timer_interrupt() (kernel/time/timer.c), for NO_HZ idle, which reads
     * BASE_STD only.
     */
    long nextJiffiesExpiry(int cpu) {
        Base b = bases[cpu];
        if (!b.expiring.isEmpty()) return e.jiffies;
        JTimer first = b.queue.peek();
        if (first == null) return Long.MAX_VALUE;
        if (b.deferrable == 0 || !e.config.nohz()) return first.expires;
        long next = Long.MAX_VALUE;
        for (JTimer t : b.queue) if (!deferrable(t) && t.expires < next) next = t.expires;
        return next;
    }

    /** TIMER_DEFERRABLE: with NO_HZ, on BASE_DEF. */
    private static boolean deferrable(JTimer t) {
        return (t.flags & Timers.TIMER_DEFERRABLE) != 0;
    }

    /** run_local_timers(): from the tick on CPU {@code c}, in hard-IRQ context. */
    void runLocalTimers(Cpu c) {
        Base b = bases[c.id];
        JTimer first = b.queue.peek();
        if (first == null || first.expires > e.jiffies) return;
        // no softirq layer: the tick expires the timers itself, in hard-IRQ context
        if (!raise(c, SoftirqVector.TIMER)) runTimers(c, b, "the tick (no softirq layer)");
    }

    /** raise_softirq({@code v}) on the current CPU; false when no softirq layer is bound. */
    private boolean raise(Cpu c, SoftirqVector v) {
        Softirqs s = e.softirqs;
        if (s == null) return false;
        Plugins.run(() -> s.raise(v), ex -> e.contracts.pluginFailed("the softirq layer", "raise_softirq(" + v + "_SOFTIRQ) on CPU " + c.id, ex));
        return true;
    }

    /** run_timer_softirq(): the TIMER_SOFTIRQ action on the current CPU. */
    void runTimerSoftirq() {
        Cpu c = e.cpu("run_timer_softirq()");
        runTimers(c, bases[c.id], "run_timer_softirq");
    }

    /** __run_timers(): every timer of {@code b} due by jiffies, in order; the callback of each through the guard. */
    private void runTimers(Cpu c, Base b, String during) {
        // collect_expired_timers(): what is due now; a timer a callback queues again for a jiffy
        // that has passed waits for the next tick, as in Linux, instead of running in this pass
        // With NO_HZ the pass runs BASE_STD's due timers, then BASE_DEF's (run_timer_softirq)
        boolean split = b.deferrable > 0 && e.config.nohz();
        List<JTimer> deferred = split ? new ArrayList<>() : null;
        for (JTimer t = b.queue.peek(); t != null && t.expires <= e.jiffies; t = b.queue.peek()) {
            b.queue.poll();
            if (deferrable(t)) b.deferrable--;
            if (split && deferrable(t)) deferred.add(t);
            else b.expiring.add(t);
        }
        if (deferred != null) b.expiring.addAll(deferred);
        for (;;) {
            JTimer t = b.expiring.poll();
            if (t == null) return;
            t.pending = false;
            b.running = t;
            long a = addr(t);
            e.emit(c, Type.TIMER_EXPIRE_ENTRY, null, String.format("timer=%016x function=%s now=%d baseclk=%d", a, t.name, e.jiffies, e.jiffies), 0, 0, 'R');
            call(c, t, () -> t.fn.run(t), during);
            c = e.running;
            e.emit(c, Type.TIMER_EXPIRE_EXIT, null, String.format("timer=%016x", a), 0, 0, 'R');
            b.running = null;
        }
    }

    // =====================================================================================
    // hrtimers
    // =====================================================================================

    boolean queued(HTimer t) {
        return t.queued && t.base != null && t.base.owner == this;
    }

    boolean active(HTimer t) {
        return queued(t) || running(t);
    }

    private boolean running(HTimer t) {
        return t.base != null && t.base.owner == this && (t.base.running == t || t.base.runningSoft == t);
    }

    /** hrtimer_start_range_ns() with no slack. */
    void start(HTimer t, long tim, HrTimerMode mode) {
        Cpu c = e.cpu("hrtimer_start()");
        if (t.ejected) {
            dropped(t, "hrtimer_start");
            return;
        }
        if (mode.soft() != t.soft) {
            // kernel/time/hrtimer.c hrtimer_start_range_ns: WARN_ON_ONCE(!(mode & HRTIMER_MODE_SOFT) ^ !timer->is_soft)
            warn(c, "hrtimer_start_range_ns", "hrtimer_start() of " + t + " with mode " + mode + " but it was initialised "
                    + (t.soft ? "SOFT" : "for hard-IRQ expiry") + "; the mode given at init decides where the callback runs");
        }
        long now = c.clock;
        long exp = mode.relative() ? (tim > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + tim) : tim;
        HrBase old = queued(t) ? t.base : null;
        if (old != null) removeHr(c, t);
        HrBase target = t.base != null && t.base.owner == this && running(t) ? t.base : hr[c.id];
        enqueueHr(c, target, t, exp, mode);
        reprogram(target);
        if (old != null && old != target) reprogram(old);
    }

    private void enqueueHr(Cpu c, HrBase b, HTimer t, long exp, HrTimerMode mode) {
        t.expires = exp;
        t.seq = seq++;
        t.base = b;
        t.queued = true;
        (t.soft ? b.soft : b.hard).add(t);
        // include/trace/events/timer.h hrtimer_start
        e.emit(c, Type.HRTIMER_START, null, String.format("hrtimer=%016x function=%s expires=%d softexpires=%d mode=%s",
                addr(t), t.name, exp, exp, mode.traceName()), 0, 0, 'R');
    }

    private void removeHr(Cpu c, HTimer t) {
        (t.soft ? t.base.soft : t.base.hard).remove(t);
        t.queued = false;
        emit(c, t.base.cpu, Type.HRTIMER_CANCEL, String.format("hrtimer=%016x", addr(t)));
    }

    /** hrtimer_try_to_cancel(). */
    int tryToCancel(HTimer t) {
        Cpu c = e.cpu("hrtimer_try_to_cancel()");
        if (!active(t)) return 0;
        if (running(t)) return -1;
        HrBase b = t.base;
        removeHr(c, t);
        reprogram(b);
        return 1;
    }

    /** hrtimer_cancel(): try, and spin while the callback runs elsewhere. */
    int cancel(HTimer t) {
        for (;;) {
            int r = tryToCancel(t);
            if (r >= 0) return r;
            Cpu c = e.running;
            if (t.base.cpu == c.id) {
                warn(c, "hrtimer_cancel", "hrtimer_cancel() of " + t + " from its own callback would wait for itself for ever"
                        + " (Linux deadlocks); KernelLab returns -1 without waiting: return HRTIMER_NORESTART instead");
                return -1;
            }
            e.compute(SPIN_NS);
        }
    }

    /** hrtimer_forward() (kernel/time/hrtimer.c), with hrtimer_resolution 1 ns. */
    long forward(HTimer t, long now, long interval) {
        long delta = now - t.expires;
        if (delta < 0) return 0;
        if (queued(t)) {
            Cpu c = e.cpuOrNull();
            if (c != null) warn(c, "hrtimer_forward", "hrtimer_forward() of " + t + " while it is queued: WARN_ON(timer->state & HRTIMER_STATE_ENQUEUED)");
            return 0;
        }
        if (interval < 1) interval = 1;
        long orun = 1;
        if (delta >= interval) {
            orun = delta / interval;
            t.expires += interval * orun;
            if (t.expires > now) return orun;
            orun++;
        }
        t.expires += interval;
        return orun;
    }

    /** The clock-event of {@code b}'s CPU, programmed for the earliest expiry that hrtimer_interrupt must see. */
    private void reprogram(HrBase b) {
        if (b.inInterrupt) return; // hrtimer_interrupt reprograms when it is done
        long next = Engine.NEVER;
        HTimer h = b.hard.peek();
        if (h != null) next = h.expires;
        HTimer s = b.soft.peek();
        if (s != null && !b.softActivated) next = Math.min(next, s.expires);
        if (next == b.programmed) return;
        if (b.eventId >= 0) e.events.cancel(b.eventId);
        b.eventId = -1;
        b.programmed = next;
        if (next == Engine.NEVER) return;
        // the local APIC timer in one-shot mode (clockevents_program_event); a background event:
        // the queued timer itself keeps the machine from counting as idle
        b.eventId = e.at(next, now -> clockEvent(b), true);
    }

    /** The clock-event fires: the CPU's local timer vector becomes pending and the CPU takes it at once. */
    private void clockEvent(HrBase b) {
        b.eventId = -1;
        b.programmed = Engine.NEVER;
        Cpu c = e.cpus[b.cpu];
        c.localTimerPending = true;
        if (c != e.running && c.hasDeliverable(e.maskedLines)) e.irq.kick(c);
    }

    /** hrtimer_interrupt(): hard-IRQ context on {@code c}, from the local timer vector. */
    void hrtimerInterrupt(Cpu c) {
        HrBase b = hr[c.id];
        b.inInterrupt = true;
        boolean raise = false;
        // timers queued (again) during this pass wait for the next interrupt, so a callback that
        // re-arms itself for now cannot keep the pass going for ever in zero virtual time
        long pass = seq;
        for (;;) {
            HTimer t = b.hard.peek();
            long now = e.running.clock;
            HTimer s = b.soft.peek();
            if (!b.softActivated && s != null && s.expires <= now) {
                b.softActivated = true;
                raise = true;
            }
            if (t == null || t.expires > now || t.seq >= pass) break;
            runHr(b, b.hard, t, false);
        }
        b.inInterrupt = false;
        reprogram(b);
        // no softirq layer: the soft timers expire here, in hard-IRQ context
        if (raise && !raise(c, SoftirqVector.HRTIMER)) runHrtimerSoftirqOn(e.running);
    }

    /** hrtimer_run_softirq(): the HRTIMER_SOFTIRQ action on the current CPU. */
    void runHrtimerSoftirq() {
        runHrtimerSoftirqOn(e.cpu("hrtimer_run_softirq()"));
    }

    private void runHrtimerSoftirqOn(Cpu c) {
        HrBase b = hr[c.id];
        long pass = seq;
        for (;;) {
            HTimer t = b.soft.peek();
            if (t == null || t.expires > e.running.clock || t.seq >= pass) break;
            runHr(b, b.soft, t, true);
        }
        b.softActivated = false;
        reprogram(b);
    }

    /** __run_hrtimer(): the callback through the guard, then the restart. */
    private void runHr(HrBase b, PriorityQueue<HTimer> q, HTimer t, boolean soft) {
        Cpu c = e.running;
        q.poll();
        t.queued = false;
        if (soft) b.runningSoft = t;
        else b.running = t;
        long a = addr(t);
        e.emit(c, Type.HRTIMER_EXPIRE_ENTRY, null, String.format("hrtimer=%016x function=%s now=%d", a, t.name, c.clock), 0, 0, 'R');
        HrTimerRestart[] r = {HrTimerRestart.HRTIMER_NORESTART};
        boolean ok = call(c, t, () -> {
            HrTimerRestart got = t.fn.run(t);
            if (got == null) throw new NullPointerException("the hrtimer callback " + t.name + " returned null, not HRTIMER_NORESTART or HRTIMER_RESTART");
            r[0] = got;
        }, soft ? "hrtimer_run_softirq" : "hrtimer_interrupt");
        c = e.running;
        e.emit(c, Type.HRTIMER_EXPIRE_EXIT, null, String.format("hrtimer=%016x", a), 0, 0, 'R');
        // enqueue_hrtimer(timer, base, HRTIMER_MODE_ABS) unless the callback queued it itself
        if (ok && r[0] == HrTimerRestart.HRTIMER_RESTART && !t.queued && !t.ejected) {
            enqueueHr(c, b, t, t.expires, soft ? HrTimerMode.HRTIMER_MODE_ABS_SOFT : HrTimerMode.HRTIMER_MODE_ABS);
        }
        if (soft) b.runningSoft = null;
        else b.running = null;
    }

    /** schedule_hrtimeout_range_clock() with no slack (kernel/time/sleep_timeout.c); the caller has set its state. */
    int scheduleHrtimeout(long expires, HrTimerMode mode) {
        Cpu c = e.cpu("schedule_hrtimeout()");
        TaskImpl me = c.current;
        if (expires == 0) {
            e.setState(me, TaskState.RUNNING);
            return 0;
        }
        // hrtimer_sleeper: hrtimer_wakeup clears the task and wakes it
        TaskImpl[] task = {me};
        HTimer t = new HTimer(me, "hrtimer_wakeup", timer -> {
            TaskImpl p = task[0];
            task[0] = null;
            if (p != null) e.sw.wakeUp(p);
            return HrTimerRestart.HRTIMER_NORESTART;
        }, mode);
        start(t, expires, mode);
        if (task[0] != null) e.sw.schedule();
        cancel(t);
        e.setState(e.running.current, TaskState.RUNNING);
        return task[0] == null ? 0 : -Errno.EINTR;
    }

    // =====================================================================================
    // The guard, the reports and the owners
    // =====================================================================================

    /**
     * call_timer_fn(): runs a callback through the one guard for plugin code ({@link Plugins}) and checks the
     * preempt_count balance afterwards. A callback that throws ejects its timer. Returns true
     * when the callback returned normally.
     */
    private boolean call(Cpu c, Queued t, Runnable body, String during) {
        int before = c.preemptCount;
        boolean ok = Plugins.run(body, ex -> {
            t.ejected = true;
            Object fn = t instanceof JTimer j ? j.fn : ((HTimer) t).fn;
            e.contracts.pluginFailed("the " + (t instanceof JTimer ? "timer" : "hrtimer") + " callback " + t.name + " (" + Plugins.symbol(fn)
                    + ", bundle " + Contracts.bundleOf(fn.getClass()) + ")", during + " on CPU " + e.running.id, ex);
            e.log(LogLevel.ERR, "KernelLab: " + t + " is ejected: it is not queued again and later starts are dropped; the machine carries on");
        });
        c = e.running;
        if (c.preemptCount != before) {
            // kernel/time/timer.c call_timer_fn(): WARN_ONCE, then preempt_count_set(count)
            e.log(LogLevel.ERR, String.format("timer: %s preempt leak: %08x -> %08x", t.name, before, c.preemptCount));
            e.log(LogLevel.ERR, String.format("KernelLab: the kernel restored preempt_count to %08x; every preempt_disable/spin_lock/local_bh_disable"
                    + " in a timer callback needs its matching release", before));
            c.preemptSet(before);
        }
        return ok;
    }

    private void dropped(Queued t, String op) {
        e.log(LogLevel.WARNING, "KernelLab: " + op + "() of " + t + " dropped: its callback failed earlier and the timer was ejected");
    }

    /** A WARN() in Linux's format (kernel/panic.c __warn), with KernelLab's explanation. */
    private void warn(Cpu c, String function, String explanation) {
        e.log(LogLevel.WARNING, String.format("WARNING: CPU: %d PID: %d at kernel/time/%s %s%nKernelLab: %s",
                c.id, c.current.pid, function.startsWith("hrtimer") ? "hrtimer.c" : "timer.c", function, explanation));
    }

    /** The timers of {@code owner} that are pending or running now, jiffies timers first, each in queue order per CPU. */
    List<Object> ownedBy(Object owner) {
        return matching(t -> t.owner == owner);
    }

    /** The timers made through the per-bundle service {@code tag} that are pending or running now, as {@link #ownedBy} orders them. */
    List<Object> heldBy(Object tag) {
        return matching(t -> t.tag == tag);
    }

    private List<Object> matching(java.util.function.Predicate<Queued> p) {
        List<Object> out = new ArrayList<>();
        for (Base b : bases) {
            for (JTimer t : b.expiring) if (p.test(t)) out.add(t);
            for (JTimer t : sorted(b.queue)) if (p.test(t)) out.add(t);
            if (b.running != null && p.test(b.running) && !b.running.pending) out.add(b.running);
        }
        for (HrBase b : hr) {
            for (HTimer t : sorted(b.hard)) if (p.test(t)) out.add(t);
            for (HTimer t : sorted(b.soft)) if (p.test(t)) out.add(t);
            for (HTimer r : new HTimer[] {b.running, b.runningSoft}) {
                if (r != null && p.test(r) && !r.queued) out.add(r);
            }
        }
        return out;
    }

    private static <T extends Queued> List<T> sorted(PriorityQueue<T> q) {
        List<T> l = new ArrayList<>(q);
        l.sort(ORDER);
        return l;
    }

    /**
     * Deletes every pending timer of {@code owner} (del_timer / hrtimer_try_to_cancel), for a
     * bundle that stops; a callback running now is not waited for. Returns how many were pending.
     */
    int deleteOwnedBy(Object owner) {
        return delete(ownedBy(owner));
    }

    /**
     * Deletes {@code timers} (from {@link #ownedBy} or {@link #heldBy}) that are pending; at a safe
     * point no callback is running, so this is del_timer_sync / hrtimer_cancel. Returns how many were pending.
     */
    int delete(List<Object> timers) {
        Cpu c = e.cpuOrNull();
        int n = 0;
        for (Object o : timers) {
            if (o instanceof JTimer t) {
                if (pending(t)) {
                    detach(c, t);
                    n++;
                }
            } else if (o instanceof HTimer t && queued(t)) {
                HrBase b = t.base;
                removeHr(c, t);
                reprogram(b);
                n++;
            }
        }
        return n;
    }

    /** The softirq actions the core opens on the softirq layer; they follow the host's current machine. */
    static final class RunTimerSoftirq implements SoftirqAction {
        private final java.util.function.Supplier<Engine> engine;

        RunTimerSoftirq(java.util.function.Supplier<Engine> engine) { this.engine = engine; }

        @Override
        public void action(SoftirqVector vector) {
            if (vector == SoftirqVector.HRTIMER) engine.get().timerBases.runHrtimerSoftirq();
            else engine.get().timerBases.runTimerSoftirq();
        }

        @Override
        public String toString() { return "run_timer_softirq"; }
    }

    /** A timer made by the service: refused if it is not one of ours. */
    static JTimer jiffies(TimerList t) {
        if (t instanceof JTimer j) return j;
        throw new IllegalArgumentException("timer " + t + " was not made by Timers.setup()");
    }

    static HTimer hr(HrTimer t) {
        if (t instanceof HTimer h) return h;
        throw new IllegalArgumentException("hrtimer " + t + " was not made by HrTimers.init()");
    }

    static void checkClock(ClockId clock) {
        if (clock != ClockId.CLOCK_MONOTONIC) throw new IllegalArgumentException("clock " + clock + " is not supported: KernelLab has CLOCK_MONOTONIC only");
    }
}
