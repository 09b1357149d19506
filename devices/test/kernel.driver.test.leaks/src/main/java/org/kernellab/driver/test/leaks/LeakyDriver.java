package org.kernellab.driver.test.leaks;

import java.util.Set;
import java.util.function.ToLongFunction;

import org.kernellab.api.Kernel;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.KmemCache;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.Slab;
import org.kernellab.api.softirq.Tasklet;
import org.kernellab.api.softirq.Tasklets;
import org.kernellab.api.timer.ClockId;
import org.kernellab.api.timer.HrTimer;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimerRestart;
import org.kernellab.api.timer.HrTimers;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;
import org.kernellab.api.workqueue.DelayedWork;
import org.kernellab.api.workqueue.Work;
import org.kernellab.api.workqueue.Workqueue;
import org.kernellab.api.workqueue.Workqueues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A driver that takes one of each kind of kernel resource and never gives any back: it has no
 * {@code @Deactivate}. At activation it requests IRQ {@link #IRQ}, allocates pages (three of
 * order 0, one of order 2) and its workqueue {@code leaks_wq}, and has the machine raise its line
 * once, 1 ms later. Its handler schedules a tasklet that schedules itself again on every run,
 * queues work on {@code leaks_wq} and on system_wq that queue themselves again, arms a delayed
 * work item and an hrtimer far in the future, and a jiffies timer that arms itself again every
 * jiffy. So when it stops, everything is still held: safe unload must report and release each
 * (docs/leaks.md).
 *
 * <p>It publishes its run counts as a {@code ToLongFunction<String>} ({@code irq}, {@code tasklet},
 * {@code work}, {@code sys_work}, {@code dwork}, {@code timer}, {@code hrtimer},
 * {@code pages} = pages allocated), a JDK type, so
 * that the test reads them without importing a package of this bundle.
 */
@Component(immediate = true, service = ToLongFunction.class, property = "kernel.test.driver=leaks")
public final class LeakyDriver implements ToLongFunction<String> {
    /** The line it requests and never frees. */
    public static final int IRQ = 10;
    /** The delayed work's delay: far beyond any test run. */
    static final long DWORK_DELAY_JIFFIES = 100_000;
    /** The hrtimer's delay: far beyond any test run (1000 s). */
    static final long HRTIMER_DELAY_NS = 1_000_000_000_000L;

    private final Kernel kernel;
    private volatile long irqs;
    private volatile long tasklets;
    private volatile long works;
    private volatile long sysWorks;
    private volatile long dworks;
    private volatile long timerRuns;
    private volatile long hrtimerRuns;
    private final long pages;

    @Activate
    public LeakyDriver(@Reference IrqController irq, @Reference Tasklets tl, @Reference Workqueues wq,
                       @Reference PageAllocator mm, @Reference Machine machine, @Reference Kernel kernel,
                       @Reference Timers timers, @Reference HrTimers hrtimers, @Reference Slab slab) {
        this.kernel = kernel;
        long n = 0;
        for (int order : new int[] {0, 0, 0, 2}) if (mm.allocPages(Gfp.GFP_KERNEL, order) >= 0) n += 1L << order;
        this.pages = n;
        // a cache of its own with two objects, and one kmalloc above 8 KiB (whole pages), never freed
        KmemCache cache = slab.kmemCacheCreate("leaks_cache", 24, 0, 0);
        slab.kmemCacheAlloc(cache, Gfp.GFP_KERNEL);
        slab.kmemCacheAlloc(cache, Gfp.GFP_KERNEL);
        slab.kmalloc(10_000, Gfp.GFP_KERNEL);
        Workqueue own = wq.alloc("leaks_wq", 0);
        Tasklet tasklet = tl.setup("leaks_tasklet", t -> {
            tasklets++;
            kernel.compute(20_000);
            tl.schedule(t);
        });
        Work work = wq.initWork("leaks_work", w -> {
            works++;
            kernel.compute(50_000);
            wq.queue(own, w);
        });
        Work sysWork = wq.initWork("leaks_sys_work", w -> {
            sysWorks++;
            kernel.compute(50_000);
            wq.queue(wq.systemWq(), w);
        });
        DelayedWork dwork = wq.initDelayedWork("leaks_dwork", w -> dworks++);
        TimerList timer = timers.setup(this, "leaks_timer", t -> {
            timerRuns++;
            timers.modTimer(t, kernel.jiffies() + 1);
        }, 0);
        HrTimer hrtimer = hrtimers.init(this, "leaks_hrtimer", h -> {
            hrtimerRuns++;
            return HrTimerRestart.HRTIMER_NORESTART;
        }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_REL);
        irq.requestIrq(IRQ, (line, dev) -> {
            irqs++;
            tl.schedule(tasklet);
            wq.queue(own, work);
            wq.queue(wq.systemWq(), sysWork);
            wq.queueDelayed(wq.systemWq(), dwork, DWORK_DELAY_JIFFIES);
            timers.modTimer(timer, kernel.jiffies() + 1);
            hrtimers.start(hrtimer, HRTIMER_DELAY_NS, HrTimerMode.HRTIMER_MODE_REL);
            return IrqReturn.HANDLED;
        }, Set.of(), "leaks", this);
        // the "device": one interrupt, 1 ms from now
        machine.post(() -> machine.at(machine.now() + 1_000_000, now -> machine.raiseIrq(IRQ, 0)));
    }

    @Override
    public long applyAsLong(String what) {
        return switch (what) {
            case "irq" -> irqs;
            case "tasklet" -> tasklets;
            case "work" -> works;
            case "sys_work" -> sysWorks;
            case "dwork" -> dworks;
            case "timer" -> timerRuns;
            case "hrtimer" -> hrtimerRuns;
            case "pages" -> pages;
            default -> throw new IllegalArgumentException("no count \"" + what + "\"; ask for irq, tasklet, work, sys_work, dwork, timer, hrtimer or pages");
        };
    }
}
