package org.kernellab.demos;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.sync.Spinlock;
import org.kernellab.api.sync.Sync;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A task sleeps while holding a spinlock. With a preempt count (models full and voluntary)
 * might_sleep() sees in_atomic() and reports it; with {@code preempt none} spin_lock() does not
 * touch the count, in_atomic() reads 0 and the same bug goes unseen. Run it under both:
 * {@code kernel:config preempt none}.
 */
@Component(service = Demo.class, property = "demo.name=spin-sleep")
public final class SpinSleepDemo extends DemoBase {
    private final Sync sync;

    @Activate
    public SpinSleepDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine, @Reference Sync sync) {
        super(kernel, irqs, machine);
        this.sync = sync;
    }

    @Override public String name() { return "spin-sleep"; }
    @Override public String description() { return "msleep() under a spinlock: caught with a preempt count, invisible under preempt none"; }

    @Override
    public long setup() {
        Spinlock lock = sync.spinlock("dev_lock");
        kernel.spawn(TaskSpec.kthread("locker").onCpu(0), k -> {
            lock.lock();
            say("holding dev_lock: " + ctx());
            k.msleep(1);
            lock.unlock();
            say("slept with dev_lock held and released it");
        });
        return 20_000_000;
    }
}
