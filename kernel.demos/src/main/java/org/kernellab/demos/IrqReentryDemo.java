package org.kernellab.demos;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The same line fires on CPU 0 and, while CPU 0 is still in its handler, on CPU 1. The handler
 * never runs on two CPUs at once: CPU 1 marks the line pending and masks it (handle_edge_irq in
 * kernel/irq/chip.c), and CPU 0 runs the handler a second time when the first run ends.
 */
@Component(service = Demo.class, property = "demo.name=irq-reentry")
public final class IrqReentryDemo extends DemoBase {
    static final long HANDLER_NS = 200_000;
    static final long FIRST_AT = 500_000;
    static final long SECOND_AT = 600_000;

    private int runs;

    @Activate
    public IrqReentryDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine) {
        super(kernel, irqs, machine);
    }

    @Override public String name() { return "irq-reentry"; }
    @Override public String description() { return "one line fires on two CPUs: its handler never runs twice at once"; }

    @Override
    public long setup() {
        runs = 0;
        claim(DEV_IRQ, (irq, dev) -> {
            int run = ++runs;
            say("handler run " + run + " starts on CPU" + kernel.smpProcessorId() + " at " + ms(kernel.now()) + ": " + ctx());
            kernel.compute(HANDLER_NS); // slow work in the handler (mdelay-style), so the line can fire again meanwhile
            say("handler run " + run + " ends on CPU" + kernel.smpProcessorId() + " at " + ms(kernel.now()));
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        int cpus = kernel.nrCpus();
        for (int c = 0; c < cpus; c++) kernel.spawn(TaskSpec.process("app" + c).onCpu(c), k -> k.compute(2_000_000));
        machine.at(machine.now() + FIRST_AT, now -> machine.raiseIrq(DEV_IRQ, 0));
        if (cpus > 1) {
            machine.at(machine.now() + SECOND_AT, now -> {
                say("the device raises irq " + DEV_IRQ + " on CPU1 at " + ms(now) + ", while CPU0 is still in the handler");
                machine.raiseIrq(DEV_IRQ, 1);
            });
        } else {
            say("this machine has one CPU: configure two (kernel:config cpus 2) to see the line fire on a second CPU");
        }
        machine.at(machine.now() + 1_500_000, now -> account());
        return 3_000_000;
    }

    /** The plain-language account, once the story has happened. */
    private void account() {
        long[] perCpu = irqs.lines().stream().filter(l -> l.irq == DEV_IRQ).findFirst().map(l -> l.perCpu).orElse(new long[0]);
        StringBuilder counts = new StringBuilder();
        for (int c = 0; c < perCpu.length; c++) counts.append(c == 0 ? "" : ", ").append("CPU").append(c).append(' ').append(perCpu[c]);
        say("what happened: the handler ran " + runs + " times, one run after the other on CPU0, never on two CPUs at once."
                + " CPU1 took the second interrupt while CPU0 was in the handler; Linux's handle_edge_irq() then marks the"
                + " line pending and masks it, and the CPU already in the handler runs it again when it is done."
                + " So a handler never has to be reentrant for its own line. /proc/interrupts counts the first run only"
                + " (" + counts + ").");
    }
}
