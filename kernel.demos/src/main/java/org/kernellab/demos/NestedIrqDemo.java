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

/** A higher-priority line (3) interrupts a lower one's (8) handler, which runs with interrupts enabled. */
@Component(service = Demo.class, property = "demo.name=nested-irq")
public final class NestedIrqDemo extends DemoBase {
    static final int SLOW = 8;
    static final int FAST = 3;

    @Activate
    public NestedIrqDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine) {
        super(kernel, irqs, machine);
    }

    @Override public String name() { return "nested-irq"; }
    @Override public String description() { return "a higher-priority interrupt nests into a lower one's handler"; }
    /** The story ends when its tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public long setup() {
        claim(SLOW, (irq, dev) -> {
            say("irq " + irq + " (slow, NESTABLE) enters: " + ctx());
            kernel.compute(300_000);
            say("irq " + irq + " leaves");
            return IrqReturn.HANDLED;
        }, EnumSet.of(IrqFlag.NESTABLE), "slow-dev");
        claim(FAST, (irq, dev) -> {
            var c = kernel.context();
            say("irq " + irq + " (fast) nested, hardirq depth " + c.layout().hardirqCount(c.preemptCount()) + ": " + ctx());
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "fast-dev");
        kernel.spawn(TaskSpec.process("app").onCpu(0), k -> {
            k.compute(2_000_000);
            account("interrupt context can nest: the slow handler ran with interrupts enabled (NESTABLE), so the fast line's"
                + " handler ran inside it, on the same stack of app/" + k.current().pid() + ", and the hardirq count in"
                + " preempt_count went to 2. Both are interrupt context and must not sleep; Linux itself runs every handler"
                + " with interrupts off (IRQF_DISABLED is gone), so there nesting is a thing of the past.");
        });
        raiseAt(500_000, SLOW);
        raiseAt(600_000, FAST);
        return 5_000_000;
    }
}
