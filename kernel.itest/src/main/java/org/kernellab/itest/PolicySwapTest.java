package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The swap paths of a policy bundle while 1,000 tasks run: it arrives, it is updated (between
 * runs, and from another thread in the middle of a run), it is uninstalled, and it is swapped
 * with the fair class 100 times in a row. After each, every task is still there exactly once,
 * every task makes progress, and no CPU time is lost. The policy is test bundle
 * kernel.policy.test.good ({@code testfifo}, a global FIFO with a 2 ms slice here).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PolicySwapTest {
    static final int TASKS = 1_000;
    static final long MS = 1_000_000L;
    /** testfifo's slice in these tests: 1,000 tasks on 2 CPUs each get the CPU within 1 s. */
    static final Map<String, String> SLICE = Map.of("slice", "2ms");
    /** One testfifo round for 1,000 hogs on 2 CPUs at a 2 ms slice is 1 s: every hog gets the CPU in this span. */
    static final long POLICY_ROUND_NS = 1_500 * MS;
    /**
     * On fair every hog gets the CPU within two rounds: a round is 1,000 x about a tick (4 ms at
     * HZ=250, when update_curr sees the slice used) / 2 CPUs = 2 s, and a hog served just before a
     * swap can be placed at the back of the next round again when it rejoins with its lag.
     */
    static final long FAIR_ROUNDS_NS = 5_000 * MS;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    Kernel kernel;

    @InjectService
    SchedulerControl control;

    private PolicyBundles bundles;
    private List<String> ejectionsBefore;

    @BeforeEach
    void freshMachine() {
        bundles = new PolicyBundles(context);
        control.use("fair", Map.of());
        PolicyBundles.resetTicking(kernel);
        ejectionsBefore = control.status().ejections;
    }

    @AfterEach
    void cleanUp() throws Exception {
        control.use("fair", Map.of());
        bundles.uninstallAll();
        kernel.reset();
    }

    @Test
    void goodPolicy_arrivesUnderLoad_schedulesEveryOneOfAThousandTasks() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, TASKS, "hog");
        kernel.run(100 * MS);
        bundles.start("good", "testfifo", control);
        control.use("testfifo", SLICE);

        SchedStatusDTO s = control.status();
        assertEquals("testfifo", s.active);
        assertEquals(SLICE, s.params);
        assertNull(s.desired);
        assertEquals(TASKS + normalKernelThreads(), s.tasksPerClass.get("testfifo"), s.tasksPerClass.toString());
        assertEquals(0, s.tasksPerClass.get("fair"), s.tasksPerClass.toString());
        PolicyInfoDTO info = PolicyBundles.find(control, "testfifo");
        assertEquals("active", info.state);
        assertEquals("kernel.policy.test.good", info.bundle);

        long[] before = hogs.rounds();
        kernel.run(POLICY_ROUND_NS);
        hogs.assertEveryOneProgressed(before, "under testfifo");
        hogs.assertEachListedOnce(kernel.ps(), "testfifo");
        assertTrue(control.status().policyCalls.get("ops.pick") >= TASKS, control.status().policyCalls.toString());
        assertNoEjection();
    }

    @Test
    void goodPolicy_updatedWhileActive_fallsBackToFairAndComesBackOnTheNewRevision() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, TASKS, "hog");
        Bundle good = bundles.start("good", "testfifo", control);
        control.use("testfifo", SLICE);
        String first = componentOf("testfifo");
        kernel.run(POLICY_ROUND_NS);

        // between runs: applied at once, the machine being still
        long[] before = hogs.rounds();
        int mark = kernel.dmesg().size();
        good.update(PolicyBundles.jar("good"));
        String second = awaitNewRevision(first);
        List<String> swap = textsSince(mark);
        assertEquals(List.of(
                "sched_ext: BPF scheduler \"testfifo\" disabled (unregistered from user space)",
                "sched_ext: testfifo: bundle kernel.policy.test.good 0.1.0.SNAPSHOT stopped; the machine runs on the fair class",
                "sched_ext: testfifo: init by " + second,
                "sched_ext: BPF scheduler \"testfifo\" enabled"), swap);
        assertEquals("testfifo", control.status().active);
        assertEquals(SLICE, control.status().params, "the new revision is enabled with the user's parameters");
        hogs.assertEachListedOnce(kernel.ps(), "testfifo");
        kernel.run(POLICY_ROUND_NS);
        hogs.assertEveryOneProgressed(before, "after the update between runs");
        hogs.assertEachListedOnce(kernel.ps(), "testfifo");
        assertNoEjection();
    }

    @Test
    void goodPolicy_updatedFromAnotherThreadDuringARun_swapsAtASafePointInsideTheRun() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, TASKS, "hog");
        Bundle good = bundles.start("good", "testfifo", control);
        control.use("testfifo", SLICE);
        String first = componentOf("testfifo");
        kernel.run(POLICY_ROUND_NS);

        // A SCHED_FIFO task (outside the policy's reach) starts the other thread's update at a
        // known virtual instant of the run, then keeps the run going, a millisecond of virtual time
        // at a step, until the update has returned and the new revision is enabled (DS may bind it
        // after the update returns, on a thread of its own), so the whole swap lands inside the
        // run whatever the threads' speeds. It must not block the simulation while it waits: the
        // update applies its changes at the machine's safe points (docs/safe-points.md), which a
        // blocked simulation never reaches.
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch updated = new CountDownLatch(1);
        AtomicReference<Throwable> updateFailed = new AtomicReference<>();
        long holdAt = kernel.now() + 300 * MS;
        int mark = kernel.dmesg().size();
        java.util.function.BooleanSupplier swapped = () -> updated.getCount() == 0
                && textsSince(mark).contains("sched_ext: BPF scheduler \"testfifo\" enabled");
        kernel.spawn(TaskSpec.process("holder").attr(SchedAttr.fifo(90)), k -> {
            k.msleep((holdAt - k.now()) / MS);
            inRun.countDown();
            while (!swapped.getAsBoolean()) k.msleep(1);
        });
        Thread updater = new Thread(() -> {
            try {
                if (!inRun.await(PolicyBundles.SERVICE_WAIT_MS, TimeUnit.MILLISECONDS)) throw new IllegalStateException("the run never reached the holder");
                good.update(PolicyBundles.jar("good"));
            } catch (Throwable t) {
                updateFailed.set(t);
            } finally {
                updated.countDown();
            }
        }, "policy-updater");
        long[] before = hogs.rounds();
        updater.start();
        RunResultDTO run = kernel.run(POLICY_ROUND_NS);
        long runStart = run.startNs;
        // more of the run while the framework's thread is slower than the simulation
        for (int more = 0; !swapped.getAsBoolean() && more < 100; more++) run = kernel.run(POLICY_ROUND_NS);
        updater.join(PolicyBundles.SERVICE_WAIT_MS);
        assertNull(updateFailed.get(), () -> "the update failed: " + updateFailed.get());
        assertEquals("time", run.stoppedBy);

        String second = componentOf("testfifo");
        assertNotEquals(first, second, "a new provider object from the new revision");
        List<LogLineDTO> swap = kernel.dmesg().subList(mark, kernel.dmesg().size());
        LogLineDTO off = find(swap, "sched_ext: BPF scheduler \"testfifo\" disabled (unregistered from user space)");
        LogLineDTO init = find(swap, "sched_ext: testfifo: init by " + second);
        LogLineDTO on = find(swap, "sched_ext: BPF scheduler \"testfifo\" enabled");
        // the run's last instant is inside it: the holder may see the swap done at that very instant
        assertTrue(holdAt <= off.timeNs && off.seq < init.seq && init.seq < on.seq && on.timeNs <= run.endNs,
                "off at " + off.timeNs + ", on at " + on.timeNs + ": inside the run " + runStart + ".." + run.endNs
                        + ", after the holder's instant " + holdAt);
        assertEquals("testfifo", control.status().active);
        hogs.assertEachListedOnce(kernel.ps(), "testfifo");

        kernel.run(POLICY_ROUND_NS);
        hogs.assertEveryOneProgressed(before, "across the update during a run");
        hogs.assertEachListedOnce(kernel.ps(), "testfifo");
        assertNoEjection();
    }

    @Test
    void goodPolicy_uninstalledWhileActive_everyTaskGoesOnUnderFair() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, TASKS, "hog");
        Bundle good = bundles.start("good", "testfifo", control);
        control.use("testfifo", SLICE);
        kernel.run(POLICY_ROUND_NS);

        long[] before = hogs.rounds();
        int mark = kernel.dmesg().size();
        good.uninstall();
        PolicyBundles.await(() -> bundles.provider("testfifo") == null, "testfifo's provider to go");
        assertEquals(List.of(
                "sched_ext: BPF scheduler \"testfifo\" disabled (unregistered from user space)",
                "sched_ext: testfifo: bundle kernel.policy.test.good 0.1.0.SNAPSHOT stopped; the machine runs on the fair class"),
                textsSince(mark));
        SchedStatusDTO s = control.status();
        assertEquals("fair", s.active);
        assertEquals("testfifo", s.desired, "the user's choice stays, waiting for its bundle");
        assertEquals("absent", PolicyBundles.find(control, "testfifo").state);
        assertEquals(TASKS + normalKernelThreads(), s.tasksPerClass.get("fair"), s.tasksPerClass.toString());
        hogs.assertEachListedOnce(kernel.ps(), "fair");

        kernel.run(FAIR_ROUNDS_NS);
        hogs.assertEveryOneProgressed(before, "under fair after the uninstall");
        hogs.assertEachListedOnce(kernel.ps(), "fair");
        assertNoEjection();
    }

    @Test
    void goodPolicyAndFair_swapped100TimesUnderLoad_noTaskLostAndNoCpuTimeLost() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, TASKS, "hog");
        bundles.start("good", "testfifo", control);
        kernel.run(100 * MS);
        long[] before = hogs.rounds();
        int mark = kernel.dmesg().size();
        for (int i = 0; i < 100; i++) {
            String to = i % 2 == 0 ? "testfifo" : "fair";
            control.use(to, to.equals("fair") ? Map.of() : SLICE);
            assertEquals(to, control.status().active, "swap " + (i + 1));
            kernel.run(5 * MS);
        }
        List<String> swaps = textsSince(mark);
        assertEquals(50, swaps.stream().filter(l -> l.equals("sched_ext: BPF scheduler \"testfifo\" enabled")).count(), String.join("\n", swaps));
        assertEquals(50, swaps.stream().filter(l -> l.equals("sched_ext: BPF scheduler \"testfifo\" disabled (unregistered from user space)")).count());
        hogs.assertEachListedOnce(kernel.ps(), "fair");

        kernel.run(FAIR_ROUNDS_NS);
        hogs.assertEveryOneProgressed(before, "across 100 swaps and two rounds on fair");
        List<TaskDTO> ps = kernel.ps();
        hogs.assertEachListedOnce(ps, "fair");
        long cpuTime = ps.stream().mapToLong(t -> t.utimeNs + t.stimeNs).sum();
        assertEquals(kernel.now() * kernel.nrCpus(), cpuTime,
                "CPU time of every task and idle against elapsed x CPUs (" + kernel.now() + " ns x " + kernel.nrCpus() + ")");
        hogs.assertCpuTimeMatchesRounds(ps);
        assertNoEjection();
    }

    // =====================================================================================

    /** component.id of the provider registered for {@code policy}, as its description names it. */
    private String componentOf(String policy) {
        var ref = PolicyBundles.awaitValue(() -> bundles.provider(policy), policy + "'s provider");
        String c = "component " + ref.getProperty("component.id");
        assertTrue(PolicyBundles.find(control, policy).description.endsWith("(" + c + ")"), PolicyBundles.find(control, policy).description);
        return c;
    }

    private String awaitNewRevision(String old) {
        PolicyBundles.await(() -> {
            var ref = bundles.provider("testfifo");
            return ref != null && !old.equals("component " + ref.getProperty("component.id"));
        }, "the updated testfifo provider");
        return componentOf("testfifo");
    }

    private int normalKernelThreads() {
        return (int) kernel.ps().stream().filter(t -> t.pid != 0 && t.kernelThread && t.policy.equals("NORMAL")).count();
    }

    private void assertNoEjection() {
        assertTrue(kernel.dmesg().stream().noneMatch(l -> l.text.contains("ejected")), this::logText);
        assertEquals(ejectionsBefore, control.status().ejections, "no new ejection");
    }

    private List<String> textsSince(int mark) {
        List<LogLineDTO> all = kernel.dmesg();
        return all.subList(mark, all.size()).stream().map(l -> l.text).toList();
    }

    private LogLineDTO find(List<LogLineDTO> lines, String text) {
        return lines.stream().filter(l -> l.text.equals(text)).findFirst()
                .orElseGet(() -> fail("no line \"" + text + "\" in the kernel log:\n" + logText()));
    }

    private String logText() {
        return kernel.dmesg().stream().map(l -> String.format("[%5d.%06d] %s", l.timeNs / 1_000_000_000L, (l.timeNs % 1_000_000_000L) / 1000, l.text))
                .collect(Collectors.joining("\n"));
    }
}
