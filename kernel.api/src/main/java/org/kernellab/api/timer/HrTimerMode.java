package org.kernellab.api.timer;

/**
 * hrtimer modes (enum hrtimer_mode, include/linux/hrtimer.h): ABS or REL for the expiry, PINNED
 * to keep the timer on this CPU, SOFT to expire in HRTIMER_SOFTIRQ, HARD to expire in hard-IRQ
 * context. Neither SOFT nor HARD means hard-IRQ expiry, as on a kernel without PREEMPT_RT.
 */
public enum HrTimerMode {
    HRTIMER_MODE_ABS(0x00),
    HRTIMER_MODE_REL(0x01),
    HRTIMER_MODE_ABS_PINNED(0x02),
    HRTIMER_MODE_REL_PINNED(0x03),
    HRTIMER_MODE_ABS_SOFT(0x04),
    HRTIMER_MODE_REL_SOFT(0x05),
    HRTIMER_MODE_ABS_PINNED_SOFT(0x06),
    HRTIMER_MODE_REL_PINNED_SOFT(0x07),
    HRTIMER_MODE_ABS_HARD(0x08),
    HRTIMER_MODE_REL_HARD(0x09),
    HRTIMER_MODE_ABS_PINNED_HARD(0x0a),
    HRTIMER_MODE_REL_PINNED_HARD(0x0b);

    private final int bits;

    HrTimerMode(int bits) { this.bits = bits; }

    /** The value of the Linux enum. */
    public int bits() { return bits; }

    /** HRTIMER_MODE_REL: the expiry is relative to now. */
    public boolean relative() { return (bits & 0x01) != 0; }

    /** HRTIMER_MODE_PINNED. */
    public boolean pinned() { return (bits & 0x02) != 0; }

    /** HRTIMER_MODE_SOFT: the callback runs in HRTIMER_SOFTIRQ. */
    public boolean soft() { return (bits & 0x04) != 0; }

    /** The name trace events print for this mode (decode_hrtimer_mode, include/trace/events/timer.h): "ABS", "REL|PINNED|SOFT". */
    public String traceName() {
        String s = relative() ? "REL" : "ABS";
        if (pinned()) s += "|PINNED";
        if (soft()) s += "|SOFT";
        if ((bits & 0x08) != 0) s += "|HARD";
        return s;
    }
}
