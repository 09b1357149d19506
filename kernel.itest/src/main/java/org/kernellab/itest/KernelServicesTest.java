package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.kthread.Kthreads;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.softirq.Softirqs;
import org.kernellab.api.softirq.Tasklets;
import org.kernellab.api.workqueue.Work;
import org.kernellab.api.workqueue.Workqueues;
import org.kernellab.console.dto.DemoRunDTO;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The kernel's bundles working together inside Felix: the boundary, the tick, the demos. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class KernelServicesTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;

    @BeforeEach
    void openSession() {
        session = new GogoSession(processor);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void kernelServicesOfOtherBundles_areSeenOnlyBehindTheBoundary() throws Exception {
        Map<Class<?>, String> providers = Map.of(IrqController.class, "kernel.irq", PageAllocator.class, "kernel.mm",
                Softirqs.class, "kernel.softirq", Tasklets.class, "kernel.softirq", Kthreads.class, "kernel.softirq",
                Workqueues.class, "kernel.softirq");
        for (Map.Entry<Class<?>, String> e : providers.entrySet()) {
            Class<?> iface = e.getKey();
            // the API lives in kernel.api, so swapping the implementation bundle refreshes nothing else
            assertEquals("kernel.api", FrameworkUtil.getBundle(iface).getSymbolicName(), iface.getName() + " exported by");
            ServiceReference<?>[] refs = context.getServiceReferences(iface.getName(), null);
            assertTrue(refs != null && refs.length == 1, iface.getSimpleName() + " visible: " + Arrays.toString(refs));
            assertEquals("checked", refs[0].getProperty("kernel.boundary"));
            assertEquals("kernel.core", refs[0].getBundle().getSymbolicName(), "republished by the core");
            assertTrue(String.valueOf(refs[0].getProperty("kernel.provider")).startsWith(e.getValue()),
                    iface.getSimpleName() + " provider " + refs[0].getProperty("kernel.provider"));
            Object service = context.getService(refs[0]);
            try {
                // the class kernel.apt generated at the interface's build, loaded from the interface's bundle
                assertEquals(iface.getName() + "Checked", service.getClass().getName(), "the generated boundary");
                assertEquals(FrameworkUtil.getBundle(iface), FrameworkUtil.getBundle(service.getClass()));
            } finally {
                context.ungetService(refs[0]);
            }
        }
    }

    @Test
    void timerDriver_ticksAtHz_jiffiesFollowVirtualTime() {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        // busy CPUs take every tick (an idle one takes none: NO_HZ idle); 100 us past 100 ms, so that the
        // tick at 100 ms is past its entry (irqcost typical) and counted
        for (int cpu = 0; cpu < 2; cpu++) kernel.spawn(TaskSpec.process("busy" + cpu).onCpu(cpu), k -> k.compute(200_000_000L));
        kernel.run(100_100_000L);
        assertEquals(100L * kernel.hz() / 1000, kernel.jiffies(), "HZ=" + kernel.hz() + " for 100 ms");
        IrqController irqs = context.getService(context.getServiceReference(IrqController.class));
        String proc = irqs.procInterrupts();
        assertTrue(proc.matches("(?s).*\\n  0: +25 +25 +KL-APIC   0-edge      timer\\n.*"), proc);
    }

    @Test
    void workqueue_inFramework_workQueuedByATaskRunsOnAKworker() {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        Workqueues wqs = context.getService(context.getServiceReference(Workqueues.class));
        String[] ranOn = {null};
        boolean[] second = {true};
        Work w = wqs.initWork("itest_fn", work -> ranOn[0] = kernel.current().comm());
        kernel.spawn(TaskSpec.process("queuer").onCpu(0), k -> {
            wqs.queue(wqs.systemWq(), w);
            second[0] = wqs.queue(wqs.systemWq(), w);
        });
        assertEquals("idle", kernel.runUntilIdle(1_000_000_000L).stoppedBy);
        assertTrue(ranOn[0] != null && ranOn[0].startsWith("kworker/0:"), "ran on CPU 0's normal pool: " + ranOn[0]);
        assertFalse(second[0], "queue_work on a pending item returns false");
    }

    @Test
    void msleep_inATask_wakesAfterTheTimerTicks() {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        long[] slept = {0};
        kernel.spawn(TaskSpec.process("sleeper"), k -> {
            long t0 = k.now();
            k.msleep(20);
            slept[0] = k.now() - t0;
        });
        assertEquals("idle", kernel.runUntilIdle(1_000_000_000L).stoppedBy);
        assertTrue(slept[0] >= 20_000_000L && slept[0] <= 28_000_000L, "slept " + slept[0]);
    }

    @Test
    void demoSleepInIrq_viaConsole_reportsLinuxBugNamingTheDemoBundle() throws Exception {
        DemoRunDTO run = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo sleep-in-irq"));
        String log = Arrays.stream(run.log).map(l -> l.text).collect(Collectors.joining("\n"));
        assertTrue(log.contains("BUG: sleeping function called from invalid context at SleepInIrqDemo.java:"), log);
        assertTrue(log.contains("in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: app"), log);
        assertTrue(log.contains("KernelLab: offending bundle: kernel.demos 0.1.0.SNAPSHOT"), log);
        assertTrue(run.trace.contains("irq_handler_entry: irq=5 name=demo-dev"), run.trace);
        // NO_HZ idle: CPU 1 is idle all along and takes no tick; CPU 0 takes the tick at 4 ms, inside app
        assertFalse(run.trace.lines().anyMatch(l -> l.contains("[001]") && l.contains("irq=0 name=timer")), run.trace);
        assertTrue(run.trace.lines().anyMatch(l -> l.contains("[000]") && l.contains("irq_handler_entry: irq=0 name=timer")), run.trace);
        assertEquals("idle", run.run.stoppedBy, "the demo stops when its story ends (app exits at 5 ms)");
        // 5 ms of app, plus the cost of the interrupts it took (irq 5 and the tick at 4 ms; irqcost typical)
        assertTrue(run.run.endNs > 5_000_000L && run.run.endNs < 5_100_000L, "ends with app: " + run.run.endNs);
    }

    @Test
    void demo_runTwice_sameDigest_andEveryDemoRuns() throws Exception {
        DemoRunDTO a = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo preempt-off"));
        DemoRunDTO b = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo preempt-off"));
        assertEquals(a.digest, b.digest);
        for (String name : new String[] {"bottom-half", "irq-in-burst", "irq-reentry", "mutex-in-irq", "nested-irq", "spin-sleep"}) {
            DemoRunDTO d = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo " + name));
            assertNotEquals(a.digest, d.digest, name + " is a different run");
        }
        Exception e = assertThrows(Exception.class, () -> session.execute("kernel:demo nope"));
        assertTrue(e.getMessage().startsWith("demo \"nope\" is unknown; demos: bottom-half, copy-from-user-in-irq, disk-wakeup, driver-swap, gfp-atomic-reserve, gfp-kernel-in-irq, irq-in-burst, irq-reentry, major-fault, mutex-in-irq, nested-irq"), e.getMessage());
    }

    @Test
    void configPolicyPanic_thenDemo_haltsAndTheCommandFails() throws Exception {
        try {
            session.execute("kernel:config policy panic");
            Exception e = assertThrows(Exception.class, () -> session.execute("kernel:demo sleep-in-irq"));
            assertTrue(e.getMessage().startsWith("kernel panic: the simulation halted in demo sleep-in-irq"), e.getMessage());
            Kernel rebooted = context.getService(context.getServiceReference(Kernel.class));
            assertTrue(rebooted.panicked());
            assertTrue(rebooted.dmesg().stream().anyMatch(l -> l.text.startsWith("Kernel panic - not syncing: BUG: sleeping function")));
        } finally {
            session.execute("kernel:config policy warn");
            // the reboot is asynchronous: leave a ticking kernel to the tests that follow
            PolicyBundles.tickingKernel(context);
        }
        Exception bad = assertThrows(Exception.class, () -> session.execute("kernel:config cpus many"));
        assertEquals("cpus \"many\" is not a whole number", bad.getMessage());
    }
}
