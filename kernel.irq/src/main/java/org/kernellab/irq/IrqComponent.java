package org.kernellab.irq;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.ContractBoundary;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.trace.Tracer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the interrupt layer: IrqController for drivers (behind the contract boundary)
 * and IrqEntry for the core. It restarts with the machine, which drops every handler; drivers
 * depend on IrqController and so restart and request their lines again.
 */
@Component(immediate = true, service = {})
public final class IrqComponent {
    private final List<ServiceRegistration<?>> regs = new ArrayList<>();

    @Activate
    public IrqComponent(BundleContext context, @Reference Kernel kernel, @Reference KernelContext ctx,
                        @Reference Machine machine, @Reference Tracer tracer, @Reference ContractBoundary boundary) {
        IrqLayer layer = new IrqLayer(kernel, ctx, machine, tracer);
        regs.add(context.registerService(IrqEntry.class, layer, null));
        regs.add(context.registerService(org.kernellab.api.hw.MachineListener.class, layer, null));
        regs.add(context.registerService(IrqController.class, boundary.wrap(IrqController.class, layer), null));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : regs) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // framework stopping
            }
        }
    }
}
