package org.kernellab.core;

import org.kernellab.api.TaskState;

/**
 * The periodic tick's kernel side and the sleeps built on jiffies (kernel/time/timer.c,
 * kernel/time/sleep_timeout.c), and NO_HZ idle (kernel/time/tick-sched.c).
 *
 * <h2>NO_HZ idle</h2>
 * With {@link MachineConfig#nohz} and a tick device handed over by the tick driver, a CPU that
 * goes idle with nothing to do stops its periodic tick ({@link #idleEnter},
 * tick_nohz_idle_stop_tick): its clock-event is programmed for the tick of its next jiffies
 * timer, or not at all. It restarts the tick when it leaves the idle wait for any reason, an
 * interrupt or a wakeup ({@link #idleExit}, tick_nohz_idle_exit / tick_nohz_irq_enter), and
 * stops it again if it stays idle. Jiffies stay a function of time: the CPU with the do_timer
 * duty ({@link #doTimerCpu}) brings them up to the ticks elapsed (tick_do_update_jiffies64) and
 * so does every CPU that leaves a stopped tick; a CPU that stops its tick gives the duty up and the
 * next CPU that ticks takes it. The scheduler ticks of the stopped CPUs (their periodic balance)
 * run from the duty CPU's tick, as nohz_idle_balance() does them for the idle CPUs. Idle time is
 * accounted when the CPU leaves the idle wait, never per tick, with or without NO_HZ.
 *
 * <p>Without NO_HZ (or without a tick device) every CPU takes every tick and CPU 0 advances
 * jiffies by one at each of its ticks, as before. Guarded by the baton.
 */
final class TimeKeeper {
    /** TICK_DO_TIMER_NONE (kernel/time/tick-sched.h). */
    static final int DO_TIMER_NONE = -1;

    private final Engine e;
    /** The clock-event device of the tick driver (TimeKeeping.tickDevice), or null: no NO_HZ. */
    org.kernellab.api.hw.ClockEventDevice tickDevice;
    /** tick_do_timer_cpu: the CPU whose tick advances jiffies; the boot CPU first. */
    int doTimerCpu;

    TimeKeeper(Engine e) {
        this.e = e;
    }

    /** NO_HZ idle is on for this machine and a tick device is there to program. */
    boolean nohz() {
        return e.config.nohz() && tickDevice != null;
    }

    /** tick_periodic() on the CPU that took the tick. */
    void tick() {
        Cpu c = e.cpu("the timer tick");
        if (!nohz()) {
            // tick_do_timer_cpu (CPU 0) advances jiffies; update_process_times() then runs
            // run_local_timers() on every CPU, which raises TIMER_SOFTIRQ when a timer is due
            if (c.id == 0) e.jiffies++;
            e.timerBases.runLocalTimers(c);
            e.sw.schedulerTick(c);
            return;
        }
        // tick_sched_do_timer(): a CPU takes the duty nobody holds
        if (doTimerCpu == DO_TIMER_NONE) doTimerCpu = c.id;
        boolean duty = doTimerCpu == c.id;
        if (duty) updateJiffies(c.clock);
        e.timerBases.runLocalTimers(c);
        e.sw.schedulerTick(c);
        if (!duty) return;
        // nohz_idle_balance() (kernel/sched/fair.c): the periodic balance of the CPUs whose tick is
        // stopped runs from a busy CPU's tick, so an idle CPU still pulls work it would have pulled
        for (Cpu o : e.cpus) if (o != c && o.tickStopped) e.sched.tick(o.id);
    }

    /** tick_do_update_jiffies64(now): jiffies become the number of ticks elapsed by {@code now}. */
    void updateJiffies(long now) {
        long j = jiffiesAt(now);
        if (j > e.jiffies) e.jiffies = j;
    }

    /** The ticks of the machine's HZ at or before {@code t}: the k-th is at Machine.tickAt(hz, k) from boot. */
    long jiffiesAt(long t) {
        int hz = e.config.hz();
        if (t <= 0) return 0;
        long k = (t / 1_000_000_000L) * hz + (t % 1_000_000_000L) * hz / 1_000_000_000L;
        while (k > 0 && org.kernellab.api.workload.Machine.tickAt(hz, k) > t) k--;
        while (org.kernellab.api.workload.Machine.tickAt(hz, k + 1) <= t) k++;
        return k;
    }

    /** Jiffies as Kernel.jiffies() reads them: exact even while no CPU has the do_timer duty (every tick stopped). */
    long jiffiesNow() {
        long j = e.jiffies;
        if (nohz() && doTimerCpu == DO_TIMER_NONE) j = Math.max(j, jiffiesAt(e.now()));
        return j;
    }

    /**
     * tick_nohz_idle_stop_tick(): the idle CPU {@code c}, about to wait with nothing deliverable,
     * stops its tick and programs the clock-event for its next jiffies timer (tick_nohz_next_event).
     */
    void idleEnter(Cpu c) {
        if (!nohz() || c.tickStopped || c.needResched) return;
        // Tasks wait on a runqueue while this CPU idles (a policy that does not pick them): the
        // CPU with the do_timer duty keeps its tick, so the scheduler's periodic work (balancing,
        // the sched_ext watchdog, which KernelLab runs from the tick where Linux runs it as delayed
        // work, kernel/sched/ext.c scx_watchdog_workfn, whose timer an idle CPU would still take)
        // goes on even when every CPU is idle. The other CPUs stop theirs as usual.
        if (e.sched.anyQueued() && (doTimerCpu == c.id || doTimerCpu == DO_TIMER_NONE)) return;
        long next = e.timerBases.nextJiffiesExpiry(c.id);
        // a timer due now: the tick must run it (can_stop_idle_tick / tick_nohz_next_event)
        if (next != Long.MAX_VALUE && next <= e.jiffies) return;
        long resume = next == Long.MAX_VALUE ? Long.MAX_VALUE : org.kernellab.api.workload.Machine.tickAt(e.config.hz(), next);
        try {
            tickDevice.stopTick(c.id, resume);
        } catch (RuntimeException gone) {
            // the device went with its bundle: no NO_HZ until a driver hands one over again
            tickDevice = null;
            return;
        }
        c.tickStopped = true;
        // tick_nohz_stop_tick(): the do_timer CPU gives the duty up; the next CPU that ticks takes it
        if (doTimerCpu == c.id) doTimerCpu = DO_TIMER_NONE;
    }

    /** tick_nohz_idle_exit() / tick_nohz_irq_enter(): jiffies catch up, the tick restarts in phase. */
    void idleExit(Cpu c) {
        if (!c.tickStopped) return;
        c.tickStopped = false;
        updateJiffies(c.clock);
        org.kernellab.api.hw.ClockEventDevice d = tickDevice;
        if (d == null) return;
        try {
            d.restartTick(c.id);
        } catch (RuntimeException gone) {
            tickDevice = null;
        }
    }

    /**
     * get_cpu_idle_time_us() (kernel/time/tick-sched.c): the idle time of {@code c}, with the idle
     * period in progress when its tick is stopped (ts->idle_active), which no tick splits any more.
     */
    long idleNs(Cpu c) {
        long ns = c.idleNs;
        if (c.tickStopped && c.current.idle) ns += Math.max(0, Math.max(e.globalNow, c.clock) - c.segmentStart);
        return ns;
    }

    /** The tick driver handed its device over, or took it back (null): a stopped CPU restarts its tick. */
    void tickDevice(org.kernellab.api.hw.ClockEventDevice d) {
        if (d == tickDevice) return;
        org.kernellab.api.hw.ClockEventDevice old = tickDevice;
        for (Cpu c : e.cpus) {
            if (!c.tickStopped) continue;
            c.tickStopped = false;
            updateJiffies(e.globalNow);
            if (old != null) old.restartTick(c.id);
        }
        if (doTimerCpu == DO_TIMER_NONE) doTimerCpu = 0;
        tickDevice = d;
    }

    /** msecs_to_jiffies() (include/linux/e.jiffies.h): rounds up. */
    long msecsToJiffies(long ms) {
        if (ms <= 0) return 0;
        return (ms * e.config.hz() + 999) / 1000;
    }

    /** schedule_timeout() (kernel/time/sleep_timeout.c); the caller has set its state. */
    long scheduleTimeout(long timeout) {
        Cpu c = e.cpu("schedule_timeout()");
        TaskImpl me = c.current;
        if (timeout < 0) throw new IllegalArgumentException("schedule_timeout: timeout " + timeout + " is negative");
        long expire = e.jiffies + timeout;
        // timer_setup_on_stack(&timer.timer, process_timeout, 0); __mod_timer(); schedule(); del_timer_sync()
        TimerBases.JTimer t = new TimerBases.JTimer(me, "process_timeout", timer -> e.sw.wakeUp(me), 0);
        e.timerBases.modTimer(t, expire);
        e.sw.schedule();
        e.timerBases.delTimerSync(t);
        long left = expire - e.jiffies;
        return left < 0 ? 0 : left;
    }

    /** msleep(): uninterruptible, msecs_to_jiffies(ms) + 1 so that it sleeps at least ms. */
    void msleep(long ms) {
        Cpu c = e.cpu("msleep()");
        long timeout = msecsToJiffies(ms) + 1;
        while (timeout > 0) {
            c.current.state = TaskState.UNINTERRUPTIBLE;
            timeout = scheduleTimeout(timeout);
            c = e.running;
        }
    }
}
