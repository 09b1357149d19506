package org.kernellab.api.timer;

/** What an hrtimer callback returns (enum hrtimer_restart, include/linux/hrtimer.h). */
public enum HrTimerRestart {
    /** The timer is done. */
    HRTIMER_NORESTART,
    /** Queue the timer again at its expiry, which the callback has moved on (hrtimer_forward). */
    HRTIMER_RESTART
}
