package org.kernellab.demos;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.sync.Mutex;
import org.kernellab.api.sync.Sync;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A handler takes a mutex that a task holds: mutex_lock() may sleep, so it is refused in interrupt context. */
@Component(service = Demo.class, property = "demo.name=mutex-in-irq")
public final class MutexInIrqDemo extends DemoBase {
    private final Sync sync;

    @Activate
    public MutexInIrqDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine, @Reference Sync sync) {
        super(kernel, irqs, machine);
        this.sync = sync;
    }

    @Override public String name() { return "mutex-in-irq"; }
    @Override public String description() { return "an interrupt handler takes a mutex held by a task"; }

    @Override
    public long setup() {
        Mutex m = sync.mutex("dev_mutex");
        claim(DEV_IRQ, (irq, dev) -> {
            say("handler wants dev_mutex, owned by " + (m.owner() == null ? "nobody" : m.owner().comm()) + ": " + ctx());
            m.lock();
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("owner").onCpu(0), k -> {
            m.lock();
            say("task holds dev_mutex and computes 4 ms");
            k.compute(4_000_000);
            m.unlock();
            say("task released dev_mutex");
        });
        raiseAt(1_000_000, DEV_IRQ);
        return 10_000_000;
    }
}
