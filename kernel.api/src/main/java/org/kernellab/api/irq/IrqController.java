package org.kernellab.api.irq;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import java.util.List;
import java.util.Set;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.dto.IrqLineDTO;
import org.osgi.annotation.versioning.ProviderType;

/** The generic interrupt layer (kernel/irq/manage.c). */
@ProviderType
@KernelService
public interface IrqController {
    /**
     * request_irq(): 0 on success, -EINVAL for a bad line or handler, -EBUSY when the line is
     * taken and not shared by both. May sleep (it allocates with GFP_KERNEL).
     */
    @Contract(MAY_SLEEP)
    int requestIrq(int irq, IrqHandler handler, Set<IrqFlag> flags, String name, Object devId);

    /**
     * request_threaded_irq(): a NULL primary handler without ONESHOT is refused with -EINVAL
     * (kernel/irq/manage.c). The thread is named {@code irq/<irq>-<name>} and runs at SCHED_FIFO 50.
     */
    @Contract(MAY_SLEEP)
    int requestThreadedIrq(int irq, IrqHandler primary, IrqHandler thread, Set<IrqFlag> flags, String name, Object devId);

    /** free_irq(): removes the handler registered with {@code devId}; returns its name, or null. */
    @Contract(MAY_SLEEP)
    String freeIrq(int irq, Object devId);

    /** disable_irq_nosync(): masks the line; nested, counted. */
    @Contract(ATOMIC_SAFE)
    void disableIrqNosync(int irq);

    /** disable_irq(): masks the line and waits for running handlers. May sleep. */
    @Contract(MAY_SLEEP)
    void disableIrq(int irq);

    /** enable_irq(): undoes one disable; an unbalanced enable is reported. */
    @Contract(ATOMIC_SAFE)
    void enableIrq(int irq);

    @Contract(ATOMIC_SAFE)
    List<IrqLineDTO> lines();

    /** The text of /proc/interrupts. */
    @Contract(ATOMIC_SAFE)
    String procInterrupts();
}
