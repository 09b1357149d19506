package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskExitHook;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;

/** Kernel.sendSigkill (the task dies at its next safe point) and Kernel.addExitHook (do_exit's exit_mm for services). */
class SigkillExitHookTest {
    private static final long LIMIT = 10_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void sigkill_computingTask_diesAtItsNextCompute() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            Kernel k = m.kernel();
            int[] loops = {0};
            Task victim = k.spawn(TaskSpec.process("victim").affinity(1), kk -> {
                for (int i = 0; i < 100; i++) {
                    kk.compute(MS);
                    loops[0]++;
                }
            });
            boolean[] sent = new boolean[2];
            k.spawn(TaskSpec.process("killer").affinity(2), kk -> {
                kk.compute(2 * MS + MS / 2);
                sent[0] = kk.sendSigkill(victim);
                sent[1] = kk.fatalSignalPending(victim);
            });
            k.runUntilIdle(LIMIT);
            assertTrue(sent[0] && sent[1], "sent, and pending until the victim died");
            assertEquals(TaskState.DEAD, victim.state());
            assertEquals(3, loops[0], "the victim finished the millisecond it was in, then died at its next compute()");
            assertFalse(k.fatalSignalPending(victim), "nothing is pending for a dead task");
        }
    }

    @Test
    void sigkill_wakesAnInterruptibleSleep_notAnUninterruptibleOne() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            Kernel k = m.kernel();
            boolean[] after = new boolean[2];
            Task s = k.spawn(TaskSpec.process("S"), kk -> {
                kk.setCurrentState(TaskState.INTERRUPTIBLE);
                kk.schedule();
                kk.compute(1000);
                after[0] = true;
            });
            Task d = k.spawn(TaskSpec.process("D"), kk -> {
                kk.setCurrentState(TaskState.UNINTERRUPTIBLE);
                kk.schedule();
                after[1] = true;
            });
            k.spawn(TaskSpec.process("killer"), kk -> {
                kk.compute(MS);
                kk.sendSigkill(s);
                kk.sendSigkill(d);
            });
            k.runUntilIdle(LIMIT);
            assertEquals(TaskState.DEAD, s.state(), "woken by the signal, it died at its compute()");
            assertFalse(after[0]);
            assertEquals(TaskState.UNINTERRUPTIBLE, d.state(), "a D sleep is not woken by a signal");
            assertTrue(k.fatalSignalPending(d));
        }
    }

    @Test
    void sigkill_kernelThreadOrDeadTask_isIgnored() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            Kernel k = m.kernel();
            Task kt = k.spawn(TaskSpec.kthread("kworker"), kk -> kk.compute(MS));
            Task done = k.spawn(TaskSpec.process("done"), kk -> { });
            boolean[] r = new boolean[2];
            k.spawn(TaskSpec.process("killer"), kk -> {
                kk.compute(MS / 2);
                r[0] = kk.sendSigkill(kt);
                r[1] = kk.sendSigkill(done);
            });
            k.runUntilIdle(LIMIT);
            assertFalse(r[0], "kthreads ignore signals");
            assertFalse(r[1], "a dead task gets none");
        }
    }

    @Test
    void exitHook_runsInTheExitingTask_beforeItIsDead_forEveryWayOfDying() {
        try (StandaloneMachine m = new StandaloneMachine(2)) { // the bypass FIFO never preempts: the victim gets CPU 0 alone
            Kernel k = m.kernel();
            List<String> seen = new ArrayList<>();
            TaskExitHook hook = t -> seen.add(t.comm() + " current=" + (k.current() == t) + " " + t.state());
            k.addExitHook(hook);
            Task victim = k.spawn(TaskSpec.process("victim").affinity(1), kk -> {
                for (;;) kk.compute(MS);
            });
            k.spawn(TaskSpec.process("plain").affinity(2), kk -> kk.compute(MS));
            k.spawn(TaskSpec.process("thrower").affinity(2), kk -> {
                throw new IllegalStateException("boom");
            });
            k.spawn(TaskSpec.process("killer").affinity(2), kk -> {
                kk.compute(MS);
                kk.sendSigkill(victim);
            });
            k.runUntilIdle(LIMIT);
            assertEquals(java.util.Set.of("plain current=true RUNNING", "thrower current=true RUNNING", "killer current=true RUNNING",
                    "victim current=true RUNNING"), java.util.Set.copyOf(seen), "returned, threw, finished, killed: " + seen);
            assertEquals(4, seen.size());
            k.removeExitHook(hook);
            k.spawn(TaskSpec.process("after"), kk -> { });
            k.runUntilIdle(LIMIT);
            assertEquals(4, seen.size(), "a removed hook is not called");
        }
    }
}
