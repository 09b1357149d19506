package org.kernellab.api.softirq;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A tasklet (struct tasklet_struct, include/linux/interrupt.h): a callback that a driver
 * schedules from any context and that runs once, soon, in softirq context on the CPU that
 * scheduled it. Made by {@link Tasklets#setup}; the handle is passed to every other tasklet
 * operation. Only the softirq layer implements it. The queries read plain fields and are meant
 * for tests and reports; a caller outside the simulation reads a stopped machine.
 */
@ProviderType
public interface Tasklet {
    /** The name given at {@link Tasklets#setup}, used in KernelLab's reports. */
    String name();

    /**
     * {@code t->state}: bit {@link Tasklets#TASKLET_STATE_SCHED} while the tasklet is scheduled
     * and has not started to run, bit {@link Tasklets#TASKLET_STATE_RUN} while a CPU runs it.
     */
    int state();

    /** {@code t->count}: how many {@link Tasklets#disable}s have no matching {@link Tasklets#enable} yet; 0 = enabled. */
    int disableCount();

    /** True once the softirq layer ejected the tasklet because its callback threw (KernelLab's addition). */
    boolean ejected();
}
