package org.kernellab.api.softirq;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A softirq handler, installed with {@link Softirqs#open}.
 *
 * <p><b>Calling context:</b> softirq context on the CPU that raised the vector, either at
 * irq_exit on the interrupted task's thread, at local_bh_enable, or in {@code ksoftirqd/N}.
 * Hard interrupts are enabled, bottom halves are disabled and preemption is off: the handler
 * must not sleep. It may raise softirqs again (they run in a later round or in ksoftirqd).
 * It must leave {@code preempt_count} as it found it; the softirq layer reports and repairs
 * an unbalanced handler. An exception that escapes is reported and the action is removed.
 */
@ConsumerType
@FunctionalInterface
public interface SoftirqAction {
    /** Runs the vector's deferred work. {@code vector} is the vector being served. */
    void action(SoftirqVector vector);
}
