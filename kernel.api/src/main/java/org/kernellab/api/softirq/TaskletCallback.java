package org.kernellab.api.softirq;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tasklet's function (the {@code callback} of tasklet_setup, kernel/softirq.c).
 *
 * <p><b>Calling context:</b> softirq context ({@code in_serving_softirq()}) on the CPU that
 * scheduled the tasklet, from TASKLET_SOFTIRQ or HI_SOFTIRQ: at irq_exit on the interrupted
 * task's thread, at local_bh_enable, or in {@code ksoftirqd/N}. Hard interrupts are enabled;
 * bottom halves and preemption are off, so the callback must not sleep (a sleeping call gets
 * the {@code BUG: sleeping function called from invalid context} report). The same tasklet
 * never runs on two CPUs at once. It may schedule tasklets, itself included.
 *
 * <p><b>What the core checks afterwards:</b> that {@code preempt_count} is as it was (an
 * unbalanced callback is reported with Linux's {@code huh, entered softirq ...} line and
 * repaired). A callback that throws is reported and its tasklet is ejected: it never runs
 * again and later schedules are dropped with a report; the machine carries on.
 */
@ConsumerType
@FunctionalInterface
public interface TaskletCallback {
    /** Runs the deferred work; {@code tasklet} is the tasklet being run (from_tasklet()). */
    void run(Tasklet tasklet);
}
