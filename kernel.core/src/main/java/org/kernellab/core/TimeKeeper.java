package org.kernellab.core;

import org.kernellab.api.TaskState;

/**
 * The periodic tick's kernel side and the sleeps built on jiffies (kernel/time/timer.c,
 * kernel/time/sleep_timeout.c). Guarded by the baton.
 */
final class TimeKeeper {
    private final Engine e;

    TimeKeeper(Engine e) {
        this.e = e;
    }

    /** tick_periodic() on the CPU that took the tick. */
    void tick() {
        Cpu c = e.cpu("the timer tick");
        // tick_do_timer_cpu (CPU 0) advances jiffies; update_process_times() then runs
        // run_local_timers() on every CPU, which raises TIMER_SOFTIRQ when a timer is due
        if (c.id == 0) e.jiffies++;
        e.timerBases.runLocalTimers(c);
        e.sw.schedulerTick(c);
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
