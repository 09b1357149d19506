package org.kernellab.demos;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqReturn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** An interrupt splits a task's 10 ms burst at 3 ms; inside the handler, current is still the interrupted task. */
@Component(service = Demo.class, property = "demo.name=irq-in-burst")
public final class IrqInBurstDemo extends DemoBase {
    @Activate
    public IrqInBurstDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine) {
        super(kernel, irqs, machine);
    }

    @Override public String name() { return "irq-in-burst"; }
    @Override public String description() { return "an interrupt splits a task's CPU burst; current is the interrupted task"; }
    /** The story ends when its tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public long setup() {
        claim(DEV_IRQ, (irq, dev) -> {
            say("irq " + irq + " handler: " + ctx());
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(org.kernellab.api.irq.IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("burst").onCpu(0), k -> {
            long start = k.now();
            say("task starts a 10 ms burst: " + ctx());
            k.compute(10_000_000);
            say("task finished its burst after " + ms(k.now() - start) + " of virtual time: the handler ran inside it");
            account("a hard interrupt does not wait for a task to finish: it splits the burst at the instant it fires, and its handler"
                + " runs on the interrupted task's stack, in interrupt context (in_irq()=1, in_task()=0). current still names burst/"
                + k.current().pid() + ", which did not ask for the handler and must not be used there: a handler has no task of its own.");
        });
        raiseAt(3_000_000, DEV_IRQ);
        return 20_000_000;
    }
}
