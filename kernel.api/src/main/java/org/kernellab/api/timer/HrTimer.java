package org.kernellab.api.timer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A high-resolution timer (struct hrtimer, include/linux/hrtimer.h), made by
 * {@link HrTimers#init}. Only the kernel implements it. The queries read plain fields and are
 * meant for tests, reports and the timer's own callback.
 */
@ProviderType
public interface HrTimer {
    /** The callback's name as given at init: what {@code %ps} prints in traces and reports. */
    String name();

    /** The object passed at init as the timer's owner; never null. */
    Object owner();

    /** The mode given at init; its SOFT bit decides where the callback runs. */
    HrTimerMode mode();

    /** hrtimer_get_expires(): the absolute expiry in virtual nanoseconds. */
    long expires();

    /** True once the kernel dropped the timer because its callback threw (KernelLab's addition). */
    boolean ejected();
}
