package org.kernellab.api.hw;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The entry from the CPU into the generic interrupt layer (generic_handle_irq). Called by the
 * core in hard-IRQ context, after irq_enter(), on the interrupted task's thread.
 */
@ConsumerType
public interface IrqEntry {
    void handleIrq(int irq, int cpu);
}
