package org.kernellab.demos;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqHandler;

/** What every demo needs: the kernel, the interrupt layer and the machine, and a line it claims for its device. */
abstract class DemoBase implements Demo {
    /** The demos' device lines: free on a fresh machine, away from the timer's line 0. */
    static final int DEV_IRQ = 5;

    final Kernel kernel;
    final IrqController irqs;
    final Machine machine;
    private final java.util.List<Integer> claimed = new java.util.ArrayList<>();

    DemoBase(Kernel kernel, IrqController irqs, Machine machine) {
        this.kernel = kernel;
        this.irqs = irqs;
        this.machine = machine;
    }

    void say(String text) {
        kernel.printk(LogLevel.INFO, name() + ": " + text);
    }

    void claim(int irq, IrqHandler handler, EnumSet<IrqFlag> flags, String devName) {
        claimed(irq, "request_irq", irqs.requestIrq(irq, handler, flags, devName, this));
    }

    /** request_threaded_irq(): {@code thread} runs in the line's irq thread; a null {@code primary} needs ONESHOT. */
    void claimThreaded(int irq, IrqHandler primary, IrqHandler thread, EnumSet<IrqFlag> flags, String devName) {
        claimed(irq, "request_threaded_irq", irqs.requestThreadedIrq(irq, primary, thread, flags, devName, this));
    }

    private void claimed(int irq, String call, int rc) {
        if (rc != 0) throw new IllegalStateException("demo " + name() + ": " + call + "(" + irq + ") failed with " + rc);
        claimed.add(irq);
    }

    /** The device raises its line at {@code atNs} from now, on CPU 0. */
    void raiseAt(long atNs, int irq) {
        machine.at(machine.now() + atNs, now -> machine.raiseIrq(irq, 0));
    }

    /**
     * The demo's closing account, in plain words: what happened and which rule of process,
     * interrupt or atomic context it shows. Printed by the demo's last task when its story ends.
     */
    void account(String text) {
        say("what it shows: " + text);
    }

    /** Refuses to set up a demo whose story needs {@code disk} when no driver has attached it to the block layer. */
    void needDisk(org.kernellab.api.block.BlockLayer block, String disk) {
        if (!block.disks().contains(disk)) {
            throw new IllegalStateException("demo " + name() + " needs " + disk + ": no disk driver has attached it to the block layer"
                    + " (is kernel.driver.disk active?)");
        }
    }

    String ctx() {
        var c = kernel.context();
        return String.format("current=%s/%d in_irq()=%d in_task()=%d in_atomic()=%d irqs_disabled()=%d preempt_count=0x%x",
                kernel.current().comm(), kernel.current().pid(), c.inIrq() ? 1 : 0, c.inTask() ? 1 : 0,
                c.inAtomic() ? 1 : 0, c.irqsDisabled() ? 1 : 0, c.preemptCount());
    }

    static String ms(long ns) {
        return String.format("%d.%03d ms", ns / 1_000_000, (ns % 1_000_000) / 1000);
    }

    @Override
    public void teardown() {
        for (int irq : claimed) irqs.freeIrq(irq, this);
        claimed.clear();
    }
}
