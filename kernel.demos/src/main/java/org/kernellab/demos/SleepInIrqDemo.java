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

/** A handler calls msleep(): Linux's "BUG: sleeping function called from invalid context". */
@Component(service = Demo.class, property = "demo.name=sleep-in-irq")
public final class SleepInIrqDemo extends DemoBase {
    @Activate
    public SleepInIrqDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine) {
        super(kernel, irqs, machine);
    }

    @Override public String name() { return "sleep-in-irq"; }
    @Override public String description() { return "an interrupt handler calls msleep() and gets the BUG report"; }
    /** The story ends when its tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public long setup() {
        claim(DEV_IRQ, (irq, dev) -> {
            say("handler for irq " + irq + " calls msleep(10): " + ctx());
            kernel.msleep(10);
            say("handler returns");
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("app").onCpu(0), k -> {
            k.compute(5_000_000);
            account("a handler runs in hard-IRQ context (preempt_count 0x10000, interrupts off) on whichever task it interrupted,"
                + " here app/" + k.current().pid() + ", a bystander. There is no task of its own to put to sleep, so msleep() there"
                + " is a BUG: the policy warn skips it, fail throws to the handler, panic halts. In a handler busy-wait (mdelay),"
                + " or move the sleeping part to a threaded handler or a workqueue, which run in process context.");
        });
        raiseAt(1_000_000, DEV_IRQ);
        return 10_000_000;
    }
}
