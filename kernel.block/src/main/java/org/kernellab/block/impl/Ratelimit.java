package org.kernellab.block.impl;

/**
 * printk_ratelimited's state (lib/ratelimit.c ___ratelimit with DEFAULT_RATELIMIT_INTERVAL 5 * HZ
 * and DEFAULT_RATELIMIT_BURST 10), in jiffies.
 */
final class Ratelimit {
    static final int BURST = 10;
    private long begin = Long.MIN_VALUE;
    private int printed;
    private int missed;

    /** When a new interval begins now, the messages the old one suppressed (then forgotten); else 0. */
    int missedBefore(long jiffies, int hz) {
        if (begin == Long.MIN_VALUE || jiffies < begin + 5L * hz) return 0;
        int m = missed;
        missed = 0;
        begin = jiffies;
        printed = 0;
        return m;
    }

    /** True if the message may be printed now. */
    boolean allow(long jiffies, int hz) {
        if (begin == Long.MIN_VALUE || jiffies >= begin + 5L * hz) {
            begin = jiffies;
            printed = 0;
        }
        if (printed < BURST) {
            printed++;
            return true;
        }
        missed++;
        return false;
    }

    void reset() {
        begin = Long.MIN_VALUE;
        printed = 0;
        missed = 0;
    }
}
