package org.kernellab.core;

import java.util.PriorityQueue;

/**
 * Kernel timers keyed by jiffies (kernel/time/timer.c), expired in (expires, creation) order.
 * KernelLab keeps one timer base and runs expired timers from the timekeeping CPU's tick, in
 * hard-IRQ context; Linux runs them per CPU from TIMER_SOFTIRQ.
 */
final class Timers {
    static final class Timer implements Comparable<Timer> {
        final long expires;
        final long seq;
        final Runnable fn;
        final String name;
        boolean pending = true;

        Timer(long expires, long seq, Runnable fn, String name) {
            this.expires = expires;
            this.seq = seq;
            this.fn = fn;
            this.name = name;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(expires, o.expires);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long seq;

    Timer add(long expires, Runnable fn, String name) {
        Timer t = new Timer(expires, seq++, fn, name);
        queue.add(t);
        return t;
    }

    /** del_timer(): true if the timer was pending. */
    boolean remove(Timer t) {
        if (!t.pending) return false;
        t.pending = false;
        queue.remove(t);
        return true;
    }

    boolean isEmpty() { return queue.isEmpty(); }

    int size() { return queue.size(); }

    /** Runs every timer due at {@code jiffies}, checking each callback leaves the context balanced. */
    void expire(long jiffies, Engine engine) {
        while (!queue.isEmpty() && queue.peek().expires <= jiffies) {
            Timer t = queue.poll();
            t.pending = false;
            Cpu c = engine.running;
            int before = c.preemptCount;
            t.fn.run();
            c = engine.running;
            if (c.preemptCount != before) {
                // kernel/time/timer.c call_timer_fn()
                engine.log(org.kernellab.api.LogLevel.ERR, String.format(
                        "timer: %s preempt leak: %08x -> %08x", t.name, before, c.preemptCount));
                c.preemptCount = before;
            }
        }
    }
}
