package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.softirq.Softirqs;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.timer.ClockId;
import org.kernellab.api.timer.HrTimer;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimerRestart;
import org.kernellab.api.timer.HrTimers;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The timer services in Felix: registered by the core, expiring through the softirq layer the core has bound. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class TimersServiceTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    Timers timers;

    @InjectService
    HrTimers hrtimers;

    @InjectService
    Softirqs softirqs;

    @Test
    void timersInFramework_jiffiesTimerInTimerSoftirq_hrtimerAtItsInstant() {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        KernelContext ctx = kernel.context();
        List<String> seen = new ArrayList<>();
        TimerList t = timers.setup(this, "itest_fn", timer -> seen.add("timer softirq=" + ctx.inServingSoftirq() + " jiffies=" + kernel.jiffies()), 0);
        HrTimer h = hrtimers.init(this, "itest_hr", timer -> {
            seen.add("hrtimer hardirq=" + ctx.inHardirq() + " t=" + kernel.now());
            return HrTimerRestart.HRTIMER_NORESTART;
        }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS);
        kernel.spawn(TaskSpec.process("arm").onCpu(0), k -> {
            timers.modTimer(t, k.jiffies() + 2);
            hrtimers.start(h, 1_000_003, HrTimerMode.HRTIMER_MODE_ABS);
        });
        assertEquals("idle", kernel.runUntilIdle(1_000_000_000L).stoppedBy);
        // the local timer vector fires at 1000003; the callback runs after the interrupt's entry (irqcost typical: 1 us)
        assertEquals(List.of("hrtimer hardirq=true t=1001003", "timer softirq=true jiffies=2"), seen);
        assertTrue(softirqs.count(SoftirqVector.TIMER, 0) >= 1, "TIMER_SOFTIRQ served on CPU 0");
    }
}
