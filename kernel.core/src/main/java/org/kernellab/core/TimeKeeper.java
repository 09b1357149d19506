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
        if (c.id == 0) {
            e.jiffies++;
            e.timers.expire(e.jiffies, e);
        }
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
        Timers.Timer t = e.timers.add(expire, () -> e.sw.wakeUp(me), "process_timeout");
        e.sw.schedule();
        e.timers.remove(t);
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
