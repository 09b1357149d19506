package org.kernellab.driver.test.clean;

import java.util.Set;
import java.util.function.ToLongFunction;

import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.softirq.Tasklet;
import org.kernellab.api.softirq.Tasklets;
import org.kernellab.api.workqueue.DelayedWork;
import org.kernellab.api.workqueue.Work;
import org.kernellab.api.workqueue.Workqueue;
import org.kernellab.api.workqueue.Workqueues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The well-behaved twin of kernel.driver.test.leaks: it takes the same kinds of things (IRQ
 * {@link #IRQ}, pages, its workqueue {@code clean_wq}, a tasklet, work on its queue and on
 * system_wq, delayed work) and gives back what it still holds when it stops, so safe unload finds
 * nothing to report. Its tasklet and work run once each and are idle by then; its deactivate
 * frees the line, destroys the workqueue and frees the pages.
 *
 * <p>It publishes its run counts as the leaky driver does ({@code irq}, {@code tasklet},
 * {@code work}, {@code sys_work}, {@code dwork}).
 */
@Component(immediate = true, service = ToLongFunction.class, property = "kernel.test.driver=clean")
public final class CleanDriver implements ToLongFunction<String> {
    /** Its line. */
    public static final int IRQ = 11;

    private final IrqController irq;
    private final Workqueues wq;
    private final PageAllocator mm;
    private final Machine machine;
    private final Workqueue own;
    private final long[] blocks = new long[2];
    private volatile long irqs;
    private volatile long tasklets;
    private volatile long works;
    private volatile long sysWorks;
    private volatile long dworks;

    @Activate
    public CleanDriver(@Reference IrqController irq, @Reference Tasklets tl, @Reference Workqueues wq,
                       @Reference PageAllocator mm, @Reference Machine machine) {
        this.irq = irq;
        this.wq = wq;
        this.mm = mm;
        this.machine = machine;
        blocks[0] = mm.allocPages(Gfp.GFP_KERNEL, 0);
        blocks[1] = mm.allocPages(Gfp.GFP_KERNEL, 2);
        this.own = wq.alloc("clean_wq", 0);
        Tasklet tasklet = tl.setup("clean_tasklet", t -> tasklets++);
        Work work = wq.initWork("clean_work", w -> works++);
        Work sysWork = wq.initWork("clean_sys_work", w -> sysWorks++);
        DelayedWork dwork = wq.initDelayedWork("clean_dwork", w -> dworks++);
        irq.requestIrq(IRQ, (line, dev) -> {
            irqs++;
            tl.schedule(tasklet);
            wq.queue(own, work);
            wq.queue(wq.systemWq(), sysWork);
            wq.queueDelayed(wq.systemWq(), dwork, 1);
            return IrqReturn.HANDLED;
        }, Set.of(), "clean", this);
        machine.post(() -> machine.at(machine.now() + 1_000_000, now -> machine.raiseIrq(IRQ, 0)));
    }

    /** Gives back what it holds: its tasklet and work ran once and are idle by now. */
    @Deactivate
    void deactivate() {
        irq.freeIrq(IRQ, this);
        machine.still(() -> {
            wq.destroy(own);
            return null;
        });
        mm.freePages(blocks[0], 0);
        mm.freePages(blocks[1], 2);
    }

    @Override
    public long applyAsLong(String what) {
        return switch (what) {
            case "irq" -> irqs;
            case "tasklet" -> tasklets;
            case "work" -> works;
            case "sys_work" -> sysWorks;
            case "dwork" -> dworks;
            default -> throw new IllegalArgumentException("no count \"" + what + "\"; ask for irq, tasklet, work, sys_work or dwork");
        };
    }
}
