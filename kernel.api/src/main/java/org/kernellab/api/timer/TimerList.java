package org.kernellab.api.timer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A jiffies timer (struct timer_list, include/linux/timer_types.h), made by {@link Timers#setup}
 * and passed to every other timer operation. Only the kernel implements it. The queries read
 * plain fields and are meant for tests and reports; a caller outside the simulation reads a
 * stopped machine.
 */
@ProviderType
public interface TimerList {
    /** The callback's name as given at setup: what {@code %ps} prints in traces and reports. */
    String name();

    /** The object passed at setup as the timer's owner (like an IRQ's {@code dev_id}); never null. */
    Object owner();

    /** The flags given at setup ({@link Timers#TIMER_DEFERRABLE}, {@link Timers#TIMER_PINNED}, {@link Timers#TIMER_IRQSAFE}). */
    int flags();

    /** {@code timer->expires}: the jiffy the timer was last queued for. */
    long expires();

    /** True once the kernel dropped the timer because its callback threw (KernelLab's addition). */
    boolean ejected();
}
