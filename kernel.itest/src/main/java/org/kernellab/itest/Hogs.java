package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TaskDTO;

/**
 * CPU-bound user processes for the scheduling tests: each loops on {@code compute(1 ms)} and
 * counts its own rounds, so a test can tell that every one of them got the CPU in a span of
 * virtual time, whichever class schedules it.
 */
final class Hogs {
    static final long BURST_NS = 1_000_000L;

    final String comm;
    final int[] pids;
    private final AtomicLongArray rounds;

    private Hogs(String comm, int[] pids, AtomicLongArray rounds) {
        this.comm = comm;
        this.pids = pids;
        this.rounds = rounds;
    }

    /** Spawns {@code n} hogs named {@code comm}; they run until the machine is reset. */
    static Hogs spawn(Kernel kernel, int n, String comm) {
        AtomicLongArray rounds = new AtomicLongArray(n);
        int[] pids = new int[n];
        for (int i = 0; i < n; i++) {
            int slot = i;
            pids[i] = kernel.spawn(TaskSpec.process(comm), k -> {
                for (;;) {
                    k.compute(BURST_NS);
                    rounds.incrementAndGet(slot);
                }
            }).pid();
        }
        return new Hogs(comm, pids, rounds);
    }

    long[] rounds() {
        long[] out = new long[pids.length];
        for (int i = 0; i < out.length; i++) out[i] = rounds.get(i);
        return out;
    }

    long total() {
        long sum = 0;
        for (long r : rounds()) sum += r;
        return sum;
    }

    /** Every hog counted at least one more round than in {@code before}. */
    void assertEveryOneProgressed(long[] before, String during) {
        long[] now = rounds();
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            if (now[i] <= before[i]) stuck.add(comm + "[" + pids[i] + "] at " + now[i] + " rounds");
        }
        if (!stuck.isEmpty()) {
            fail(stuck.size() + " of " + now.length + " " + comm + " tasks made no progress " + during + ": "
                    + (stuck.size() > 10 ? stuck.subList(0, 10) + " ..." : stuck));
        }
    }

    /** No hog counted a round since {@code before}. */
    void assertNoneProgressed(long[] before, String during) {
        long[] now = rounds();
        for (int i = 0; i < now.length; i++) {
            assertEquals(before[i], now[i], comm + "[" + pids[i] + "] ran " + during);
        }
    }

    /**
     * Each hog's user time in {@code ps} is its counted rounds of {@link #BURST_NS} plus at most
     * one burst not counted yet (in progress, or finished and preempted on its way out of
     * compute() before the count): the scheduler neither lost nor invented any of its CPU time.
     */
    void assertCpuTimeMatchesRounds(List<TaskDTO> ps) {
        Map<Integer, TaskDTO> byPid = new HashMap<>();
        for (TaskDTO t : ps) byPid.put(t.pid, t);
        long[] now = rounds();
        for (int i = 0; i < pids.length; i++) {
            long utime = byPid.get(pids[i]).utimeNs;
            long done = now[i] * BURST_NS;
            if (utime < done || utime > done + BURST_NS) {
                fail(comm + "[" + pids[i] + "] has " + utime + " ns of user time for " + now[i] + " rounds of " + BURST_NS + " ns");
            }
        }
    }

    /**
     * Each hog appears exactly once in {@code ps}, runnable, held by class {@code cls} (null: any),
     * and no other task carries its name: nothing lost, nothing duplicated.
     */
    void assertEachListedOnce(List<TaskDTO> ps, String cls) {
        Map<Integer, List<TaskDTO>> byPid = new HashMap<>();
        int named = 0;
        for (TaskDTO t : ps) {
            byPid.computeIfAbsent(t.pid, p -> new ArrayList<>()).add(t);
            if (comm.equals(t.comm)) named++;
        }
        for (int pid : pids) {
            List<TaskDTO> rows = byPid.getOrDefault(pid, List.of());
            assertEquals(1, rows.size(), comm + "[" + pid + "] should appear once in ps, not " + rows.size() + " times");
            TaskDTO t = rows.get(0);
            assertEquals(comm, t.comm, "pid " + pid);
            assertEquals("R", t.state, comm + "[" + pid + "] is CPU-bound");
            if (cls != null) assertEquals(cls, t.schedClass, comm + "[" + pid + "]'s class");
        }
        assertEquals(pids.length, named, "tasks named " + comm + " in ps");
    }
}
