package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.RunResultDTO;

/**
 * Everything that reaches the machine from a framework thread is applied at a safe point: at
 * once while the machine is stopped, between two events while another thread runs it.
 */
class SafePointTest {
    private static final long ROUNDS = 50_000_000;

    @Test
    void post_whileStopped_appliesAtOnce() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            List<String> seen = new ArrayList<>();
            m.machine().post(() -> seen.add("applied at " + m.kernel().now()));
            assertEquals(List.of("applied at 0"), seen);
            assertEquals(42, m.machine().still(() -> 42));
        }
    }

    @Test
    void still_fromAnotherThreadDuringARun_isAppliedAtTheRunsNextSafePoint_notAfterIt() throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            Kernel k = m.kernel();
            CountDownLatch running = new CountDownLatch(1);
            boolean[] applied = new boolean[1];
            long[] rounds = new long[1];
            // a task that would compute for 50,000 s of virtual time (many seconds of wall time)
            // unless the outside action is applied
            k.spawn(TaskSpec.process("worker"), kk -> {
                running.countDown();
                while (!applied[0] && rounds[0] < ROUNDS) {
                    kk.compute(1_000_000);
                    rounds[0]++;
                }
            });
            CompletableFuture<RunResultDTO> run = CompletableFuture.supplyAsync(() -> k.runUntilIdle(2 * ROUNDS * 1_000_000L));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            long at = m.machine().still(() -> {
                applied[0] = true;
                return k.now();
            });
            RunResultDTO r = run.get(60, TimeUnit.SECONDS);
            assertTrue(rounds[0] < ROUNDS, "the action was applied during the run, after " + rounds[0] + " rounds");
            assertEquals("idle", r.stoppedBy);
            // the safe point falls within the worker's last round: it saw the action when that round ended
            assertEquals((rounds[0] - 1) * 1_000_000, at, "applied at the start of the last round");
        }
    }

    @Test
    void still_actionThatThrows_throwsToItsCaller() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> m.machine().still(() -> { throw new IllegalStateException("bad action"); }));
            assertEquals("bad action", e.getMessage());
        }
    }

    @Test
    void post_actionThatThrows_isReported_andTheMachineCarriesOn() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            m.machine().post(() -> { throw new IllegalStateException("bad posted action"); });
            String log = String.join("\n", m.kernel().dmesg().stream().map(l -> l.text).toList());
            assertTrue(log.contains("bad posted action"), log);
            assertEquals("time", m.kernel().run(1_000_000).stoppedBy);
        }
    }

    @Test
    void hold_takenBySimulatedCode_stopsTheMachineAtThatInstant_untilAnotherThreadClosesIt() throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            List<String> seen = new ArrayList<>();
            CompletableFuture<Void> outside = new CompletableFuture<>();
            m.machine().at(1_000, now -> {
                org.kernellab.api.hw.Machine.Hold h = m.machine().hold("a change from outside");
                seen.add("held at " + now);
                // a framework thread makes its change while the machine waits, then lets it go
                Thread.ofPlatform().start(() -> {
                    m.machine().post(() -> seen.add("applied at " + m.machine().now()));
                    h.close();
                    h.close(); // twice is harmless
                    outside.complete(null);
                });
            });
            m.machine().at(1_001, now -> seen.add("next event at " + now));
            m.kernel().run(10_000);
            outside.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("held at 1000", "applied at 1000", "next event at 1001"), seen);
            assertThrows(IllegalArgumentException.class, () -> m.machine().hold(" "));
        }
    }
}
