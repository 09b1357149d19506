package org.kernellab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kernellab.api.ContextViolationException;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.softirq.Tasklets;
import org.kernellab.api.workqueue.Workqueues;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Uaccess;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.mm.impl.PageAllocatorImpl;
import org.kernellab.mm.vm.VmService;
import org.kernellab.irq.IrqLayer;
import org.kernellab.sched.SchedulerService;
import org.kernellab.softirq.impl.KthreadLayer;
import org.kernellab.softirq.impl.SoftirqLayer;
import org.kernellab.softirq.impl.TaskletLayer;
import org.kernellab.softirq.impl.WorkqueueLayer;

/** Each demo run on a standalone machine with the real interrupt layer, the scheduler core (fair class) and a periodic tick. */
class DemosTest {
    record Outcome(RunResultDTO run, String log, String trace, String digest) {}

    /** The demos of execution contexts that need nothing but the interrupt layer and Sync. */
    private static final List<Function<Env, Demo>> CONTEXT_DEMOS = List.of(
            e -> new IrqInBurstDemo(e.m.kernel(), e.irqs, e.m.machine()),
            e -> new MutexInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()),
            e -> new NestedIrqDemo(e.m.kernel(), e.irqs, e.m.machine()),
            e -> new PreemptOffDemo(e.m.kernel(), e.irqs, e.m.machine()),
            e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()),
            e -> new SpinSleepDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()));

    private static Outcome run(ViolationPolicy policy, Function<Env, Demo> make) {
        return run(policy, PreemptModel.FULL, make);
    }

    private static Outcome run(ViolationPolicy policy, PreemptModel model, Function<Env, Demo> make) {
        return run(policy, model, make, "continuation");
    }

    private static Outcome run(ViolationPolicy policy, PreemptModel model, Function<Env, Demo> make, String tasks) {
        return run(policy, model, make, tasks, false);
    }

    /** As {@link #run}, with {@code bottomHalves} the softirq, tasklet and workqueue layers bound too. */
    static Outcome run(ViolationPolicy policy, PreemptModel model, Function<Env, Demo> make, String tasks, boolean bottomHalves) {
        return run(policy, model, PreemptLayout.LINUX_6, make, tasks, bottomHalves);
    }

    static Outcome run(ViolationPolicy policy, PreemptModel model, PreemptLayout layout, Function<Env, Demo> make, String tasks,
                       boolean bottomHalves) {
        try (StandaloneMachine m = new StandaloneMachine(2, 250, 1, policy, model, layout, tasks)) {
            if (tasks.equals("continuation")) assertTrue(m.continuations(), "the test JVM opens jdk.internal.vm (the root pom's kernellab.vm.args)");
            Env env = new Env(m, bottomHalves);
            Demo d = make.apply(env);
            m.tracer().start();
            long duration = d.setup();
            // as the console runs it: a demo whose story ends when its tasks have exited stops there
            RunResultDTO r = d.stopWhenIdle() ? m.kernel().runUntilIdle(duration) : m.kernel().run(duration);
            d.teardown();
            StringBuilder log = new StringBuilder();
            for (LogLineDTO l : m.kernel().dmesg()) log.append(l.text).append('\n');
            return new Outcome(r, log.toString(), m.tracer().text(), m.tracer().digest());
        }
    }

    /** The pieces a demo component gets from DS, built by hand. */
    static final class Env {
        final StandaloneMachine m;
        final IrqController irqs;
        /** Null unless the machine was built with bottom halves. */
        final Tasklets tasklets;
        final Workqueues workqueues;
        /** Address spaces over a 64 MiB page allocator, behind the boundary as DS would hand them out. */
        final AddressSpaces as;
        final Uaccess ua;

        Env(StandaloneMachine m) {
            this(m, false);
        }

        Env(StandaloneMachine m, boolean bottomHalves) {
            this.m = m;
            m.schedulerFactory(new SchedulerService());
            if (bottomHalves) {
                KthreadLayer kthreads = new KthreadLayer(m.kernel(), m.machine());
                SoftirqLayer softirqs = new SoftirqLayer(m.kernel(), m.machine(), kthreads);
                m.bottomHalf(softirqs);
                m.softirqs(softirqs); // timers expire through TIMER_SOFTIRQ, as in the framework
                tasklets = m.boundary().wrap(Tasklets.class, new TaskletLayer(m.kernel(), m.machine(), softirqs));
                workqueues = m.boundary().wrap(Workqueues.class, new WorkqueueLayer(m.kernel(), m.machine(), kthreads, new WqDefaults()));
            } else {
                tasklets = null;
                workqueues = null;
            }
            PageAllocator pages = m.boundary().wrap(PageAllocator.class, new PageAllocatorImpl(new org.kernellab.mm.impl.MemoryNode(
                    m.kernel(), m.machine(), new org.kernellab.softirq.impl.KthreadLayer(m.kernel(), m.machine()), 16384, false)));
            VmService vm = new VmService(m.kernel(), pages, null, m.hrtimers(), m.machine(), new VmDefaults());
            as = m.boundary().wrap(AddressSpaces.class, vm);
            ua = m.boundary().wrap(Uaccess.class, vm);
            IrqLayer layer = new IrqLayer(m.kernel(), m.context(), m.machine(), m.tracer());
            m.irqEntry(layer);
            irqs = m.boundary().wrap(IrqController.class, layer);
            irqs.requestIrq(0, (i, d) -> {
                m.timeKeeping().tick();
                return IrqReturn.HANDLED;
            }, EnumSet.of(IrqFlag.PERCPU, IrqFlag.TIMER), "timer", "tick");
            long p = m.timeKeeping().tickNs();
            for (int c = 0; c < 2; c++) arm(c, p, p);
        }

        private void arm(int cpu, long at, long period) {
            m.machine().atBackground(at, now -> {
                m.machine().raiseIrq(0, cpu);
                arm(cpu, now + period, period);
            });
        }
    }

    /** The workqueue layer's metatype defaults (kernel/workqueue.c's thresholds), as ConfigAdmin would hand them. */
    private static final class WqDefaults implements WorkqueueLayer.Config {
        @Override public int watchdog_thresh() { return 30; }
        @Override public long cpu_intensive_thresh_us() { return 10_000; }
        @Override public boolean fail_worker_creation() { return false; }
        @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return WorkqueueLayer.Config.class; }
    }

    /** The address spaces' metatype defaults (the fault cost model). */
    private static final class VmDefaults implements VmService.Config {
        @Override public long minor_fault_ns() { return 500; }
        @Override public long copy_page_ns() { return 250; }
        @Override public long major_fault_ns() { return 100_000; }
        @Override public int max_map_count() { return 65530; }
        @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return VmService.Config.class; }
    }

    @Test
    void copyFromUserInIrq_reportsAndReadsTheInterruptedProcess() {
        Outcome o = run(ViolationPolicy.WARN, e -> new CopyFromUserInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as, e.ua));
        assertTrue(o.log.contains("BUG: sleeping function called from invalid context at CopyFromUserInIrqDemo.java:"), o.log);
        assertTrue(o.log.contains("in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 2, name: other"), o.log);
        assertTrue(o.log.contains("copy_from_user returned 0 and the handler got \"other's password\": that is other's memory, not reader's"), o.log);
        assertTrue(o.log.contains("reader, back in process context, copies its own buffer: copy_from_user returned 0, \"reader's request\""), o.log);
        assertTrue(o.log.contains("what happened:"), o.log);
    }

    @Test
    void userFault_copyReturnsCountDriverEfault_userAccessSegfaults() {
        Outcome o = run(ViolationPolicy.WARN, e -> new UserFaultDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as, e.ua));
        assertTrue(o.log.contains("write(fd, NULL, 64): returns -14 (-EFAULT)"), o.log);
        assertTrue(o.log.contains("copy_from_user(kbuf, 0x0, 64) returned 64 bytes NOT copied"), o.log);
        assertTrue(o.log.contains("returned 32 bytes NOT copied"), o.log);
        assertTrue(o.log.contains("app[1]: segfault at 0 ip 0000000000400000 sp 00007fffffffe000 error 4 in app[400000+1000] likely on CPU 0 (core 0, socket 0)"), o.log);
        assertFalse(o.log.contains("never printed"), o.log);
        assertTrue(o.log.contains("bystander computed 2 ms undisturbed"), o.log);
        assertFalse(o.log.contains("Oops"), o.log);
    }

    @Test
    void oom_hogIsKilled_editorAndDaemonGoOn() {
        Outcome o = run(ViolationPolicy.WARN, e -> new OomDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as));
        assertTrue(o.log.contains("hog invoked oom-killer: gfp_mask="), o.log);
        assertTrue(o.log.contains("Out of memory: Killed process 3 (hog)"), o.log);
        assertTrue(o.log.contains("editor is still alive: 2048 kB resident"), o.log);
        assertTrue(o.log.contains("daemon is still alive"), o.log);
        assertFalse(o.log.contains("never printed"), o.log);
    }

    @Test
    void irqReentry_handlerRunsTwiceOnCpu0_neverOnTwoCpusAtOnce() {
        Outcome o = run(ViolationPolicy.WARN, e -> new IrqReentryDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertTrue(o.log.contains("irq-reentry: handler run 1 starts on CPU0 at 0.500 ms"), o.log);
        assertTrue(o.log.contains("irq-reentry: the device raises irq 5 on CPU1 at 0.600 ms"), o.log);
        assertTrue(o.log.contains("irq-reentry: handler run 1 ends on CPU0 at 0.700 ms"), o.log);
        assertTrue(o.log.contains("irq-reentry: handler run 2 starts on CPU0 at 0.700 ms"), o.log);
        assertTrue(o.log.contains("irq-reentry: handler run 2 ends on CPU0 at 0.900 ms"), o.log);
        assertFalse(o.log.contains("starts on CPU1"), o.log);
        assertTrue(o.log.contains("the handler ran 2 times") && o.log.contains("(CPU0 1, CPU1 0)"), o.log);
        assertEquals(2, o.trace.lines().filter(l -> l.contains("irq_handler_entry: irq=5")).count(), o.trace);
    }

    @Test
    void irqInBurst_handlerSeesInterruptedTaskAsCurrent_andBurstKeepsItsLength() {
        Outcome o = run(ViolationPolicy.WARN, e -> new IrqInBurstDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertTrue(o.log.contains("irq-in-burst: irq 5 handler: current=burst/1 in_irq()=1 in_task()=0 in_atomic()=1 irqs_disabled()=1 preempt_count=0x10000"), o.log);
        assertTrue(o.log.contains("task finished its burst after 10.000 ms of virtual time"), o.log);
        assertTrue(o.trace.contains("irq_handler_entry: irq=5 name=demo-dev"), o.trace);
        assertTrue(o.trace.contains("burst-1       [000] d.h."), "hardirq flags while burst is current:\n" + o.trace);
    }

    @Test
    void sleepInIrq_warn_printsLinuxReportNamingTheBundleAndGoesOn() {
        Outcome o = run(ViolationPolicy.WARN, e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertTrue(o.log.contains("BUG: sleeping function called from invalid context at SleepInIrqDemo.java:"), o.log);
        assertTrue(o.log.contains("in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: app"), o.log);
        assertTrue(o.log.contains("preempt_count: 10000, expected: 0"), o.log);
        assertTrue(o.log.contains("KernelLab: offending bundle: (not in a bundle: org.kernellab.demos.SleepInIrqDemo)"), o.log);
        assertTrue(o.log.contains("KernelLab: rule broken: Kernel.msleep() may sleep"), o.log);
        assertTrue(o.log.contains("KernelLab: fix: use mdelay()"), o.log);
        assertTrue(o.log.contains("sleep-in-irq: handler returns"), "warn mode goes on:\n" + o.log);
        // the story ends when app exits, at 5 ms: the run stops there, not at 10 ms after idle ticks
        assertEquals("idle", o.run.stoppedBy);
        assertEquals(5_000_000L, o.run.endNs);
        assertTrue(o.trace.contains("context_violation: BUG: sleeping function called from invalid context"), o.trace);
    }

    @Test
    void sleepInIrq_panic_haltsTheSimulation() {
        Outcome o = run(ViolationPolicy.PANIC, e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertEquals("panic", o.run.stoppedBy);
        assertTrue(o.run.panic.startsWith("BUG: sleeping function called from invalid context"), o.run.panic);
        assertTrue(o.log.contains("Kernel panic - not syncing: BUG: sleeping function called from invalid context"), o.log);
        assertFalse(o.log.contains("handler returns"), o.log);
    }

    @Test
    void sleepInIrq_fail_theBugReportIsPrintedOnce() {
        Outcome o = run(ViolationPolicy.FAIL, e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertEquals(1, o.log.split("BUG: sleeping function called from invalid context", -1).length - 1, o.log);
        assertEquals(1, o.log.split("in_atomic\\(\\): 1", -1).length - 1, o.log);
        assertTrue(o.log.contains("ContextViolationException: rule MAY_SLEEP broken; its report is in the kernel log above"), o.log);
    }

    @Test
    void linuxFormats_panicEndLineCarriesTheReason_traceHeaderHasP_taintColumns() {
        Outcome o = run(ViolationPolicy.PANIC, e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()));
        // kernel/panic.c: pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf)
        assertTrue(o.log.contains("---[ end Kernel panic - not syncing: BUG: sleeping function called from invalid context at SleepInIrqDemo.java:"),
            o.log);
        // kernel/trace/trace.c print_event_info(): "# entries-in-buffer/entries-written: %lu/%lu   #P:%d"
        assertTrue(o.trace.contains("\n# entries-in-buffer/entries-written: " ), o.trace);
        assertTrue(o.trace.lines().anyMatch(l -> l.matches("# entries-in-buffer/entries-written: \\d+/\\d+   #P:2")), o.trace);
        // kernel/panic.c print_tainted(): one column per taint flag, 'G' or a space when not set;
        // the second report comes after the first set TAINT_WARN
        try (StandaloneMachine m = new StandaloneMachine(1, 250, 1, ViolationPolicy.FAIL, PreemptModel.FULL, PreemptLayout.LINUX_6)) {
            m.kernel().spawn(org.kernellab.api.TaskSpec.process("twice"), k -> {
                for (int i = 0; i < 2; i++) {
                    k.context().preemptDisable();
                    try {
                        k.msleep(1);
                    } catch (ContextViolationException expected) {
                        // reported; the policy throws to the caller
                    }
                    k.context().preemptEnable();
                }
            });
            m.kernel().run(10_000_000);
            StringBuilder log = new StringBuilder();
            for (LogLineDTO l : m.kernel().dmesg()) log.append(l.text).append('\n');
            assertTrue(log.toString().contains("Comm: twice Not tainted 6.6.0-kernellab"), log.toString());
            assertTrue(log.toString().contains("Comm: twice Tainted: G        W          6.6.0-kernellab"), log.toString());
        }
    }

    @Test
    void sleepInIrq_fail_throwsToTheCaller() {
        try (StandaloneMachine m = new StandaloneMachine(1, 250, 1, ViolationPolicy.FAIL, PreemptModel.FULL, PreemptLayout.LINUX_6)) {
            Env env = new Env(m);
            String[] caught = {null};
            env.irqs.requestIrq(6, (i, d) -> {
                try {
                    m.kernel().msleep(1);
                } catch (ContextViolationException ex) {
                    caught[0] = ex.rule() + ": " + ex.getMessage().lines().findFirst().orElse("");
                }
                return IrqReturn.HANDLED;
            }, EnumSet.noneOf(IrqFlag.class), "x", "x");
            m.machine().at(1000, now -> m.machine().raiseIrq(6, 0));
            m.kernel().run(1_000_000);
            assertTrue(caught[0] != null && caught[0].startsWith("MAY_SLEEP: BUG: sleeping function called from invalid context"), caught[0]);
        }
    }

    @Test
    void mutexInIrq_reportsSleepingFunction() {
        Outcome o = run(ViolationPolicy.WARN, e -> new MutexInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()));
        assertTrue(o.log.contains("handler wants dev_mutex, owned by owner"), o.log);
        assertTrue(o.log.contains("BUG: sleeping function called from invalid context at MutexInIrqDemo.java:"), o.log);
        assertTrue(o.log.contains("KernelLab: rule broken: Mutex.lock() may sleep"), o.log);
        assertTrue(o.log.contains("task released dev_mutex"), o.log);
        // why a mutex is worse than msleep(): the handler interrupted the owner itself
        assertTrue(o.log.contains("mutex-in-irq: the owner, owner/1, is current: the very task this handler interrupted on CPU0;"
            + " it cannot run, let alone unlock dev_mutex, until the handler returns"), o.log);
        assertTrue(o.log.contains("mutex-in-irq: had mutex_lock() waited, it would wait for owner/1 while owner/1 waits for the"
            + " handler to return: CPU0 deadlocks, and no wakeup can end it"), o.log);
        Outcome sleep = run(ViolationPolicy.WARN, e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertFalse(sleep.log.contains("deadlock"), sleep.log);
    }

    @Test
    void preemptOff_delaysTheUrgentTaskUntilPreemptEnable() {
        Outcome o = run(ViolationPolicy.WARN, e -> new PreemptOffDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertTrue(o.log.contains("hog calls preempt_enable() at 20.000 ms"), o.log);
        assertTrue(o.log.contains("urgent runs at 20.000 ms"), o.log);
        // sched_wakeup is traced after the wakeup preemption check, as in ttwu_do_activate(): 'N' is already set
        assertTrue(o.trace.contains("hog-2       [000] dNh1     0.008000: sched_wakeup: comm=urgent pid=1 prio=110 target_cpu=000"), o.trace);
        assertTrue(o.trace.contains("hog-2       [000] dNh1     0.012000: irq_handler_entry: irq=0 name=timer"),
                "need-resched stays set while preemption is off:\n" + o.trace);
        assertTrue(o.trace.contains("0.020000: sched_switch: prev_comm=hog prev_pid=2 prev_prio=120 prev_state=R+ ==> next_comm=urgent"), o.trace);
    }

    @Test
    void nestedIrq_fastLineNestsIntoSlowHandler() {
        Outcome o = run(ViolationPolicy.WARN, e -> new NestedIrqDemo(e.m.kernel(), e.irqs, e.m.machine()));
        int enter = o.log.indexOf("irq 8 (slow, NESTABLE) enters");
        int nested = o.log.indexOf("irq 3 (fast) nested, hardirq depth 2");
        int leave = o.log.indexOf("irq 8 leaves");
        assertTrue(enter >= 0 && enter < nested && nested < leave, o.log);
    }

    /** Every demo, under both task mechanisms and every violation policy: the same trace event for event. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ViolationPolicy.class)
    void everyDemo_continuationsAndThreads_sameTrace(ViolationPolicy policy) {
        List<Function<Env, Demo>> demos = new java.util.ArrayList<>(CONTEXT_DEMOS);
        demos.add(e -> new CopyFromUserInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as, e.ua));
        demos.add(e -> new UserFaultDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as, e.ua));
        demos.add(e -> new OomDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as));
        for (PreemptModel model : PreemptModel.values()) {
            for (Function<Env, Demo> d : demos) {
                Outcome c = run(policy, model, d, "continuation");
                Outcome t = run(policy, model, d, "thread");
                assertTrue(c.run.switches > 0 || c.trace.contains("irq_handler_entry"), c.trace);
                assertEquals(t.trace, c.trace, policy + " " + model);
                assertEquals(t.digest, c.digest, policy + " " + model);
                assertEquals(t.run.endNs, c.run.endNs);
                assertEquals(t.log.replace("on virtual threads (tasks=thread)", "?"), c.log.replace("as continuations on the engine's thread", "?"));
            }
        }
    }

    /** Each demo ends with a plain-language account: what happened and which context rule it shows. */
    @Test
    void everyDemo_endsWithWhatItShows() {
        List<Function<Env, Demo>> demos = CONTEXT_DEMOS;
        for (ViolationPolicy policy : List.of(ViolationPolicy.WARN, ViolationPolicy.FAIL)) {
            for (Function<Env, Demo> d : demos) {
                Outcome o = run(policy, d);
                List<String> told = o.log.lines().filter(l -> l.contains(": what it shows: ")).toList();
                assertEquals(1, told.size(), policy + "\n" + o.log);
                String last = o.log.lines().filter(l -> l.matches("[a-z-]+: .*")).reduce((a, b) -> b).orElse("");
                assertEquals(told.get(0), last, "the account closes the demo's story:\n" + o.log);
            }
        }
        Outcome none = run(ViolationPolicy.WARN, PreemptModel.NONE, e -> new SpinSleepDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()));
        assertTrue(none.log.contains("spin-sleep: what it shows: nothing was reported, yet the bug is the same: under preempt none"
            + " (no CONFIG_PREEMPT_COUNT) spin_lock() does not touch preempt_count, so in_atomic() read 0"), none.log);
        Outcome full = run(ViolationPolicy.WARN, PreemptModel.FULL, e -> new SpinSleepDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()));
        assertTrue(full.log.contains("spin-sleep: what it shows: a spinlock makes its holder atomic"), full.log);
    }

    /** preempt-off under both preempt_count layouts: PREEMPT_ACTIVE, masked by in_atomic(), and the sched_switch state. */
    @Test
    void preemptOff_layouts_preemptActiveIn26Only() {
        Function<Env, Demo> d = e -> new PreemptOffDemo(e.m.kernel(), e.irqs, e.m.machine());
        Outcome old = run(ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_2_6, d, "continuation", false);
        assertTrue(old.log.contains("never sleep inside one. In the linux-2.6 layout preempt_enable() called preempt_schedule(),"
            + " which set PREEMPT_ACTIVE (0x10000000) around schedule(): the count was 0x10000000 during the switch, yet in_atomic()"
            + " read 0, as in_atomic() masks PREEMPT_ACTIVE out"), old.log);
        assertTrue(old.trace.contains("0.020000: sched_switch: prev_comm=hog prev_pid=2 prev_prio=120 prev_state=R ==> next_comm=urgent"),
            old.trace);
        Outcome now = run(ViolationPolicy.WARN, d);
        assertTrue(now.log.contains("never sleep inside one. In the linux-6 layout there is no PREEMPT_ACTIVE"), now.log);
        assertTrue(now.trace.contains("0.020000: sched_switch: prev_comm=hog prev_pid=2 prev_prio=120 prev_state=R+ ==> next_comm=urgent"),
            now.trace);
    }

    @Test
    void sameDemo_sameSeed_sameDigest() {
        Outcome a = run(ViolationPolicy.WARN, e -> new PreemptOffDemo(e.m.kernel(), e.irqs, e.m.machine()));
        Outcome b = run(ViolationPolicy.WARN, e -> new PreemptOffDemo(e.m.kernel(), e.irqs, e.m.machine()));
        assertEquals(a.digest, b.digest);
    }

    @Test
    void spinSleep_full_isCaught_none_goesBlind() {
        Outcome full = run(ViolationPolicy.WARN, PreemptModel.FULL, e -> new SpinSleepDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()));
        assertTrue(full.log.contains("holding dev_lock: current=locker/1 in_irq()=0 in_task()=1 in_atomic()=1"), full.log);
        assertTrue(full.log.contains("BUG: sleeping function called from invalid context at SpinSleepDemo.java:"), full.log);
        Outcome none = run(ViolationPolicy.WARN, PreemptModel.NONE, e -> new SpinSleepDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()));
        assertTrue(none.log.contains("holding dev_lock: current=locker/1 in_irq()=0 in_task()=1 in_atomic()=0 irqs_disabled()=0 preempt_count=0x0"), none.log);
        assertFalse(none.log.contains("BUG:"), none.log);
        assertTrue(none.log.contains("slept with dev_lock held and released it"), none.log);
    }
}
