package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.sched.SchedulerControl;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Regression tests for scheduler-core bugs found while writing the policy swap and ejection
 * tests. Each states what Linux does and fails (or hangs) on the current core; each is disabled
 * until the core is fixed, then should simply be enabled. The two that hang never return from
 * {@code Kernel.run}, which holds the machine's run-control lock, so enabling them before the fix
 * stalls every later test of the suite.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SchedulerCoreBugsTest {
    static final long MS = 1_000_000L;

    @InjectBundleContext
    BundleContext context;

    @InjectService
    Kernel kernel;

    @InjectService
    SchedulerControl control;

    private PolicyBundles bundles;

    @BeforeEach
    void freshMachine() {
        bundles = new PolicyBundles(context);
        control.use("fair", Map.of());
        PolicyBundles.resetTicking(kernel);
    }

    @AfterEach
    void cleanUp() throws Exception {
        control.use("fair", Map.of());
        bundles.uninstallAll();
        kernel.reset();
    }

    /**
     * A task running when a policy is enabled leaves the fair class through putCurr only
     * (PolicySlot.enable; Core.setAttr does the same), so update_entity_lag never runs for it and
     * its vlag still holds set_next_entity()'s RUN_TO_PARITY mark, its absolute deadline. When the
     * policy goes and the task rejoins fair while queued, place_entity() takes that as its lag:
     * vruntime = V - (V + slice), about minus V. After 60 s on 4 hogs / 2 CPUs that is 30 s of
     * lag: the task holds its CPU alone and its runqueue mate gets 0 ms of the next 10 s (measured).
     * Linux's dequeue_task(DEQUEUE_SAVE) of the running task calls update_entity_lag like any other.
     */
    @Test
    void fairClass_taskRunningWhenAPolicyIsEnabled_getsItsFairShareAfterTheSwapBack() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, 4, "hog");
        kernel.run(60_000 * MS);
        bundles.start("good", "testfifo", control);
        control.use("testfifo", Map.of());
        kernel.run(10 * MS);
        control.use("fair", Map.of());
        long[] before = cpu(hogs);
        kernel.run(10_000 * MS);
        long[] after = cpu(hogs);
        for (int i = 0; i < 4; i++) {
            long got = after[i] - before[i];
            assertTrue(Math.abs(got - 5_000 * MS) <= 500 * MS,
                    "hog[" + hogs.pids[i] + "] got " + got / MS + " ms of the 10 s after the swap back; a fair share is 5000 ms");
        }
    }

    /**
     * PolicyHost.isIdle(cpu) is true for a CPU in the middle of its own schedule (rq.curr is null
     * while putPrev requeues the preempted task), and Engine.switchAway clears need_resched
     * before pickNext, where Linux's __schedule clears it after pick_next_task. A policy that kicks
     * idle CPUs from enqueue, its own included (legal: scx_bpf_kick_cpu), so sets need_resched
     * during the pick; the same task is picked, need_resched is still set, and the CPU schedules
     * again at the same instant, for ever. The pick is never empty, so the livelock rule does not
     * fire, and virtual time stands still, so the watchdog does not either: Kernel.run never
     * returns. One CPU and one task are enough (testfifo with kick_own_cpu=true; the slice end
     * is the first requeue).
     */
    @Test
    void policyKickingItsOwnCpuFromEnqueue_underLoad_machineKeepsRunningOrEjectsIt() throws Exception {
        Hogs hogs = Hogs.spawn(kernel, 4, "hog");
        bundles.start("good", "testfifo", control);
        control.use("testfifo", Map.of("kick_own_cpu", "true"));
        long[] before = hogs.rounds();
        RunResultDTO run = kernel.run(100 * MS); // today: never returns
        assertEquals("time", run.stoppedBy);
        if ("testfifo".equals(control.status().active)) {
            hogs.assertEveryOneProgressed(before, "under testfifo kicking its own CPU");
        } else {
            assertEquals("ejected", PolicyBundles.find(control, "testfifo").state, "if not run, the policy must be ejected with a reason");
        }
    }

    /**
     * A task preempted between set_current_state(TASK_INTERRUPTIBLE) and schedule() stays on its
     * runqueue (Put.PREEMPT), as in Linux, where __schedule(SM_PREEMPT) never deactivates it and
     * the task is picked and runs on to its schedule(). Here the machine refuses the pick
     * (Engine.switchAway: "picked ... which is not a runnable task"; under a policy PolicySlot
     * ejects it first: "which is not runnable (state S)"), and the refusal, thrown on the
     * picking task's thread, loses the baton: Kernel.run never returns. Under the fair class,
     * with no policy at all.
     */
    @Test
    void taskPreemptedBetweenSetCurrentStateAndSchedule_underFair_isPickedAgainAndRunsOn() {
        AtomicLong checks = new AtomicLong();
        kernel.spawn(TaskSpec.process("checker"), k -> {
            for (;;) {
                k.setCurrentState(TaskState.INTERRUPTIBLE);
                k.compute(10 * MS); // checking the wait condition: the tick preempts it here
                k.setCurrentState(TaskState.RUNNING); // the condition held: no schedule()
                checks.incrementAndGet();
            }
        });
        Hogs hogs = Hogs.spawn(kernel, 2, "hog");
        RunResultDTO run = kernel.run(1_000 * MS);
        assertEquals("time", run.stoppedBy);
        assertTrue(checks.get() > 10, "checker ran " + checks.get() + " checks");
        hogs.assertEveryOneProgressed(new long[2], "beside the checker");
    }

    private long[] cpu(Hogs hogs) {
        List<TaskDTO> ps = kernel.ps();
        long[] out = new long[hogs.pids.length];
        for (int i = 0; i < out.length; i++) {
            int pid = hogs.pids[i];
            out[i] = ps.stream().filter(t -> t.pid == pid).mapToLong(t -> t.utimeNs).sum();
        }
        return out;
    }
}
