package org.kernellab.api.timer;

/** The clock an hrtimer is measured on (include/uapi/linux/time.h). Virtual time is the only clock: CLOCK_MONOTONIC. */
public enum ClockId {
    /** Virtual time since boot, in nanoseconds (Kernel.now()). */
    CLOCK_MONOTONIC
}
