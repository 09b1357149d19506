package org.kernellab.demos;

import org.kernellab.api.ContextViolationException;
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
    /** The story ends when its tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public long setup() {
        Spinlock lock = sync.spinlock("dev_lock");
        kernel.spawn(TaskSpec.kthread("locker").onCpu(0), k -> {
            lock.lock();
            say("holding dev_lock: " + ctx());
            boolean seen = k.context().inAtomic();
            try {
                k.msleep(1);
            } catch (ContextViolationException refused) {
                say("msleep() was refused: under the policy fail it throws to its caller, which still holds dev_lock");
            }
            lock.unlock();
            say("slept with dev_lock held and released it");
            if (seen) {
                account("a spinlock makes its holder atomic: spin_lock() raised preempt_count, in_atomic() read 1, and"
                    + " might_sleep() in msleep() caught the sleep under dev_lock with the BUG report. Never sleep holding a"
                    + " spinlock: another CPU wanting dev_lock would spin for the whole sleep, and a task taking it on this CPU"
                    + " would deadlock.");
            } else {
                account("nothing was reported, yet the bug is the same: under preempt none (no CONFIG_PREEMPT_COUNT)"
                    + " spin_lock() does not touch preempt_count, so in_atomic() read 0 while dev_lock was held and"
                    + " might_sleep() could not see the sleep. The rule does not depend on the check: never sleep holding a"
                    + " spinlock. Run it under 'kernel:config preempt full' to see the report.");
            }
        });
        return 20_000_000;
    }
}
