package org.kernellab.api.softirq;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The core's hook into the softirq layer. Called by the core on the current CPU:
 * {@link #irqExit} from irq_exit() after HARDIRQ_OFFSET is dropped (interrupts off), and
 * {@link #bhEnabled} from local_bh_enable() when the softirq count reaches 0. The softirq
 * layer decides whether anything is pending and whether it may run now (!in_interrupt()).
 */
@ConsumerType
public interface BottomHalfEntry {
    void irqExit(int cpu);

    void bhEnabled(int cpu);
}
