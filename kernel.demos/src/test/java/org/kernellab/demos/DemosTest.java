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
        try (StandaloneMachine m = new StandaloneMachine(2, 250, 1, policy, model, PreemptLayout.LINUX_6, tasks)) {
            if (tasks.equals("continuation")) assertTrue(m.continuations(), "the test JVM opens jdk.internal.vm (the root pom's kernellab.vm.args)");
            Env env = new Env(m, bottomHalves);
            Demo d = make.apply(env);
            m.tracer().start();
            long duration = d.setup();
            RunResultDTO r = m.kernel().run(duration);
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
            PageAllocator pages = m.boundary().wrap(PageAllocator.class, new PageAllocatorImpl(m.kernel(), new PageDefaults()));
            VmService vm = new VmService(m.kernel(), pages, null, m.hrtimers(), new VmDefaults());
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

    /** The page allocator's metatype default: 16384 pages, 64 MiB. */
    private static final class PageDefaults implements PageAllocatorImpl.Config {
        @Override public int pages() { return 16384; }
        @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return PageAllocatorImpl.Config.class; }
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
        assertEquals("time", o.run.stoppedBy);
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
        List<Function<Env, Demo>> demos = List.of(
                e -> new IrqInBurstDemo(e.m.kernel(), e.irqs, e.m.machine()),
                e -> new MutexInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()),
                e -> new NestedIrqDemo(e.m.kernel(), e.irqs, e.m.machine()),
                e -> new PreemptOffDemo(e.m.kernel(), e.irqs, e.m.machine()),
                e -> new SleepInIrqDemo(e.m.kernel(), e.irqs, e.m.machine()),
                e -> new SpinSleepDemo(e.m.kernel(), e.irqs, e.m.machine(), e.m.sync()),
                e -> new CopyFromUserInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as, e.ua),
                e -> new UserFaultDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as, e.ua),
                e -> new OomDemo(e.m.kernel(), e.irqs, e.m.machine(), e.as));
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
