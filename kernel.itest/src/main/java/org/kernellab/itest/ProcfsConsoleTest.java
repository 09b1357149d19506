package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.proc.ProcEntry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** kernel:cat and kernel:ls over the simulated /proc, through a real Gogo session, with entries from every bundle. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ProcfsConsoleTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @InjectService
    IrqController irqs;

    @InjectService
    Kernel kernel;

    private GogoSession session;

    @BeforeEach
    void openSession() {
        session = new GogoSession(processor);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    private String exec(String command) throws Exception {
        return assertInstanceOf(String.class, session.execute(command), command);
    }

    /** Waits until DS has bound a new entry to procfs (a framework event, not simulated time). */
    private void awaitLs(String path, String name) {
        PolicyBundles.await(() -> {
            try {
                return Arrays.asList(exec("kernel:ls " + path).split("\n")).contains(name);
            } catch (Exception notYet) {
                return false;
            }
        }, name + " in " + path);
    }

    @Test
    void catProcInterrupts_inSession_isTheInterruptLayersText() throws Exception {
        String text = exec("kernel:cat /proc/interrupts");
        assertEquals(irqs.procInterrupts(), text);
        assertTrue(text.lines().findFirst().orElse("").trim().startsWith("CPU0"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +0: .*KL-APIC +0-edge .*")), "the timer's line 0:\n" + text);
    }

    @Test
    void lsProc_inSession_listsEveryBundlesEntriesAndThePids() throws Exception {
        List<String> names = Arrays.asList(exec("kernel:ls /proc").split("\n"));
        assertTrue(names.containsAll(List.of("interrupts", "irq", "schedstat", "softirqs", "buddyinfo")), names.toString());
        for (TaskDTO t : kernel.ps()) {
            if (t.pid > 0) assertTrue(names.contains(Integer.toString(t.pid)), "pid " + t.pid + " in " + names);
        }
        List<String> sorted = names.stream().sorted().toList();
        assertEquals(sorted, names, "sorted as LC_ALL=C ls sorts");
    }

    @Test
    void pidFiles_inSession_describeALiveTask() throws Exception {
        Kernel k = PolicyBundles.tickingKernel(context);
        Task task = k.spawn(TaskSpec.process("proctest"), kk -> {
            kk.compute(3_000_000);
            kk.setCurrentState(TaskState.INTERRUPTIBLE);
            kk.schedule();
        });
        k.runUntilIdle(1_000_000_000L);
        int pid = task.pid();
        TaskDTO t = k.ps().stream().filter(d -> d.pid == pid).findFirst().orElseThrow();
        assertEquals(List.of("maps", "sched", "schedstat", "stat", "status"), Arrays.asList(exec("kernel:ls /proc/" + pid).split("\n")));
        String stat = exec("kernel:cat /proc/" + pid + "/stat");
        assertTrue(stat.startsWith(pid + " (proctest) S "), stat);
        assertEquals(50, stat.substring(stat.lastIndexOf(") ") + 2).trim().split(" ").length, "52 fields: " + stat);
        String sched = exec("kernel:cat /proc/" + pid + "/sched");
        assertTrue(sched.startsWith("proctest (" + pid + ", #threads: 1)\n"), sched);
        long sum = t.utimeNs + t.stimeNs;
        assertTrue(sum >= 3_000_000, "ran its 3 ms: " + sum);
        assertTrue(sched.contains(String.format("%-45s:%14d.%06d\n", "se.sum_exec_runtime", sum / 1_000_000, sum % 1_000_000)), sched);
        assertTrue(sched.contains(String.format("%-45s:%21d\n", "nr_voluntary_switches", 1)), sched);
        assertEquals(sum + " " + t.runDelayNs + " " + t.pcount + "\n", exec("kernel:cat /proc/" + pid + "/schedstat"));
        assertTrue(exec("kernel:cat /proc/schedstat").startsWith("version 15\ntimestamp " + k.jiffies() + "\ncpu0 "));
        assertTrue(exec("kernel:cat /proc/softirqs").contains("     TASKLET:"), "kernel.softirq's entry");
        assertTrue(exec("kernel:cat /proc/buddyinfo").startsWith("Node 0, zone "), "kernel.mm's entry");
        assertTrue(exec("kernel:cat /proc/workqueues").startsWith("workqueue events: flags=0x0\n"), "kernel.softirq's workqueue listing");
    }

    @Test
    void errors_inSession_readAsCoreutils() {
        assertEquals("cat: /proc/nope: No such file or directory",
            assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:cat /proc/nope")).getMessage());
        assertEquals("cat: /proc/irq: Is a directory",
            assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:cat /proc/irq")).getMessage());
        assertEquals("ls: cannot access '/proc/interrupts/x': Not a directory",
            assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:ls /proc/interrupts/x")).getMessage());
    }

    @Test
    void whiteboardEntry_fromAnyBundle_appears_andAThrowingOneIsEjected() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ProcEntry.PATH, "itest/hello");
        ServiceRegistration<ProcEntry> hello = context.registerService(ProcEntry.class, at -> at.isRoot() ? "hello\n" : null, props);
        Dictionary<String, Object> badProps = new Hashtable<>();
        badProps.put(ProcEntry.PATH, "itest/bad");
        ServiceRegistration<ProcEntry> bad = context.registerService(ProcEntry.class, at -> {
            throw new IllegalStateException("broken entry");
        }, badProps);
        try {
            awaitLs("/proc/itest", "hello");
            awaitLs("/proc/itest", "bad");
            assertEquals("hello\n", exec("kernel:cat /proc/itest/hello"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:cat /proc/itest/bad"));
            assertTrue(e.getMessage().startsWith("cat: /proc/itest/bad: Input/output error (the entry /proc/itest/bad from bundle kernel.itest"),
                e.getMessage());
            assertTrue(kernel.dmesg().stream().map((LogLineDTO l) -> l.text).anyMatch(
                l -> l.contains("procfs entry /proc/itest/bad from bundle kernel.itest") && l.contains("ejected")), "the ejection is in dmesg");
            assertEquals("hello", exec("kernel:ls /proc/itest"), "the ejected entry is gone, the other stays");
            assertEquals("hello\n", exec("kernel:cat /proc/itest/hello"), "the console goes on");
        } finally {
            hello.unregister();
            bad.unregister();
        }
        assertThrows(IllegalArgumentException.class, () -> session.execute("kernel:ls /proc/itest"), "unregistered: gone");
    }
}
