package org.kernellab.demos;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
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

/**
 * A handler takes a mutex that a task holds: mutex_lock() may sleep, so it is refused in interrupt
 * context. Worse than sleep-in-irq's msleep(): the line fires on the owner's own CPU while the
 * owner holds the mutex, so the handler runs on the owner's stack, and the one task that could
 * unlock the mutex cannot run again until the handler returns. Had mutex_lock() waited, nothing
 * could ever wake it: a deadlock of the CPU, not only a sleep in the wrong place.
 */
@Component(service = Demo.class, property = "demo.name=mutex-in-irq")
public final class MutexInIrqDemo extends DemoBase {
    private final Sync sync;

    @Activate
    public MutexInIrqDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine, @Reference Sync sync) {
        super(kernel, irqs, machine);
        this.sync = sync;
    }

    private static String who(Task t) {
        return t.comm() + "/" + t.pid();
    }

    @Override public String name() { return "mutex-in-irq"; }
    @Override public String description() { return "an interrupt handler takes a mutex held by the task it interrupted: a deadlock, not just a sleep"; }
    /** The story ends when its tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public long setup() {
        Mutex m = sync.mutex("dev_mutex");
        claim(DEV_IRQ, (irq, dev) -> {
            Task owner = m.owner();
            Task current = kernel.current();
            say("handler wants dev_mutex, owned by " + (owner == null ? "nobody" : owner.comm()) + ": " + ctx());
            if (owner != null && owner.pid() == current.pid()) {
                say("the owner, " + who(owner) + ", is current: the very task this handler interrupted on CPU"
                    + kernel.smpProcessorId() + "; it cannot run, let alone unlock dev_mutex, until the handler returns");
            }
            m.lock();
            // reached when the policy is warn: the kernel skipped the lock
            if (owner != null && owner.pid() == current.pid()) {
                say("had mutex_lock() waited, it would wait for " + who(owner) + " while " + who(owner)
                    + " waits for the handler to return: CPU" + kernel.smpProcessorId()
                    + " deadlocks, and no wakeup can end it (sleep-in-irq's handler would only have slept)");
            }
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("owner").onCpu(0), k -> {
            m.lock();
            say("task holds dev_mutex and computes 4 ms");
            k.compute(4_000_000);
            m.unlock();
            say("task released dev_mutex");
            account("mutex_lock() may sleep, so like msleep() it is a BUG in interrupt context; with a mutex it is worse:"
                + " the handler ran on the owner's own stack, and a wait for the owner could never end, because the owner"
                + " runs again only when the handler returns. Data shared with a handler needs spin_lock_irqsave(), never a mutex.");
        });
        raiseAt(1_000_000, DEV_IRQ);
        return 10_000_000;
    }
}
