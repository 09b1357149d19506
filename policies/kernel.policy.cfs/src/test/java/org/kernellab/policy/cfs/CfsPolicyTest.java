package org.kernellab.policy.cfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.policy.testkit.MiniCore;

/** The cfs policy alone, driven by {@link MiniCore}; times in ns of virtual time. */
class CfsPolicyTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static MiniCore machine(int cpus, int hz, Map<String, String> params) {
        return new MiniCore(cpus, hz, new CfsProvider(), params);
    }

    private static CfsPolicy cfs(MiniCore m) {
        return (CfsPolicy) m.policy;
    }

    private static MiniCore.Task hog(MiniCore m, String comm, int nice) {
        MiniCore.Task t = m.task(comm);
        t.nice = nice;
        return t;
    }

    @Test
    void tunables_scaleByOnePlusIlog2OfCpusUpTo8() {
        long[][] expect = { // cpus, latency, min_granularity, wakeup_granularity
            {1, 6 * MS, 750 * US, MS}, {2, 12 * MS, 1500 * US, 2 * MS}, {4, 18 * MS, 2250 * US, 3 * MS},
            {8, 24 * MS, 3 * MS, 4 * MS}, {16, 24 * MS, 3 * MS, 4 * MS},
        };
        for (long[] e : expect) {
            CfsPolicy p = cfs(machine((int) e[0], 1000, Map.of()));
            assertEquals(e[1], p.latencyNs(), "latency, " + e[0] + " CPUs");
            assertEquals(e[2], p.minGranularityNs(), "min_granularity, " + e[0] + " CPUs");
            assertEquals(e[3], p.wakeupGranularityNs(), "wakeup_granularity, " + e[0] + " CPUs");
            assertEquals(8, p.nrLatency());
        }
    }

    @Test
    void schedSlice_periodSharedByWeight_stretchedBeyondNrLatency() {
        MiniCore m = machine(1, 1000, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "a", 0));
        MiniCore.Task b = m.spawn(hog(m, "b", 5));
        CfsPolicy p = cfs(m);
        CfsPolicy.CfsRq rq = p.rq(0);
        assertEquals(1024 + 335, rq.load);
        // 6 ms x 1024 / 1359 and 6 ms x 335 / 1359, as __calc_delta rounds
        assertEquals(6e6 * 1024 / 1359, p.schedSlice(rq, CfsPolicy.se(a)), 2.0);
        assertEquals(6e6 * 335 / 1359, p.schedSlice(rq, CfsPolicy.se(b)), 2.0);
        assertEquals(6e6 * 335 / 1359 * 1024 / 335, p.schedVslice(rq, CfsPolicy.se(b)), 4.0);

        MiniCore n = machine(1, 1000, Map.of());
        List<MiniCore.Task> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(n.spawn(hog(n, "t" + i, 0)));
        // 10 > nr_latency 8: the period is 10 x 0.75 ms; each gets 0.75 ms (BASE_SLICE floor)
        assertEquals(7_500_000L, cfs(n).schedPeriod(10));
        assertEquals(750 * US, cfs(n).schedSlice(cfs(n).rq(0), CfsPolicy.se(ten.get(0))));
    }

    @Test
    void nice0VsNice5_tenSecondsOneCpu_share1024to335() {
        MiniCore m = machine(1, 1000, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "n0", 0));
        MiniCore.Task b = m.spawn(hog(m, "n5", 5));
        m.runUntil(10 * S);
        assertEquals(10 * S, a.sumExec + b.sumExec);
        assertEquals(100.0 * 1024 / 1359, 100.0 * a.sumExec / (a.sumExec + b.sumExec), 0.5);
    }

    @Test
    void runs_atHz10000_endAtTheFirstTickPastSchedSlice_orEarlierOnlyPastMinGranularity() {
        MiniCore m = machine(1, 10_000, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "n0", 0));
        m.spawn(hog(m, "n5", 5));
        m.runUntil(S);
        // sched_slice: n0 4.521 ms, n5 1.479 ms; the tick (0.1 ms) preempts once delta_exec
        // exceeds it. A task picked again while still leftmost can be cut short by the vruntime
        // test (ahead of the leftmost by more than its slice), but not before min_granularity.
        List<MiniCore.Run> runs = m.runs.stream().filter(r -> r.startNs() >= S / 2).toList();
        int full = 0;
        for (MiniCore.Run r : runs) {
            long slice = r.task() == a ? 4600 * US : 1500 * US;
            assertTrue(r.lengthNs() <= slice, r + " longer than its slice");
            assertTrue(r.lengthNs() >= 800 * US, r + " shorter than min_granularity");
            if (r.lengthNs() == slice) full++;
        }
        assertTrue(full >= runs.size() * 9 / 10, full + " of " + runs.size() + " runs are whole slices");
    }

    @Test
    void newTask_startDebit_startsOneVsliceAfterMinVruntime() {
        for (boolean debit : new boolean[] {true, false}) {
            MiniCore m = machine(1, 1000, Map.of("start_debit", Boolean.toString(debit)));
            MiniCore.Task a = m.spawn(hog(m, "a", 0));
            m.runUntil(S + 500 * US);
            CfsPolicy.CfsRq rq = cfs(m).rq(0);
            MiniCore.Task b = m.spawn(hog(m, "b", 0));
            long min = rq.minVruntime;
            assertEquals(CfsPolicy.se(a).vruntime, min, "min_vruntime follows the only task");
            // b counted: the period (6 ms) split between two nice-0 tasks
            assertEquals(debit ? min + 3 * MS : min, CfsPolicy.se(b).vruntime, 10, "START_DEBIT " + debit);
        }
    }

    @Test
    void wakingTask_gentleFairSleepers_creditedHalfALatency() {
        for (boolean gentle : new boolean[] {true, false}) {
            MiniCore m = machine(1, 1000, Map.of("gentle_fair_sleepers", Boolean.toString(gentle)));
            m.spawn(hog(m, "hog", 0));
            MiniCore.Task s = hog(m, "sleeper", 0);
            s.burstNs = MS;
            s.sleepNs = S;
            m.spawn(s);
            m.runUntil(S + 500 * US); // the sleeper ran 1 ms at the start and sleeps until ~1.001 s
            CfsPolicy.CfsRq rq = cfs(m).rq(0);
            long before = CfsPolicy.se(s).vruntime;
            m.runUntil(s.wakeAt); // it wakes at this instant; placement happens in the enqueue
            long min = rq.minVruntime;
            long placed = CfsPolicy.se(s).vruntime;
            assertTrue(placed > before, "a long sleep: its old vruntime is far behind");
            assertEquals(min - (gentle ? 3 * MS : 6 * MS), placed, "GENTLE_FAIR_SLEEPERS " + gentle);
        }
    }

    @Test
    void wakeupPreemptEntity_onlyBeyondWakeupGranularityInWokenUnits() {
        CfsPolicy p = cfs(machine(1, 1000, Map.of()));
        MiniCore.Task t5 = new MiniCore.Task(3, "w5");
        t5.nice = 5;
        List<MiniCore.Task> tasks = List.of(new MiniCore.Task(1, "curr"), new MiniCore.Task(2, "w0"), t5);
        for (MiniCore.Task t : tasks) p.enable(t);
        CfsPolicy.Se curr = CfsPolicy.se(tasks.get(0));
        CfsPolicy.Se woken0 = CfsPolicy.se(tasks.get(1));
        CfsPolicy.Se woken5 = CfsPolicy.se(t5);
        curr.vruntime = 100 * MS;
        woken0.vruntime = 100 * MS;
        assertEquals(-1, p.wakeupPreemptEntity(curr, woken0), "equal vruntime");
        woken0.vruntime = 99 * MS;
        assertEquals(0, p.wakeupPreemptEntity(curr, woken0), "exactly the granularity (1 ms) ahead");
        woken0.vruntime = 99 * MS - 1;
        assertEquals(1, p.wakeupPreemptEntity(curr, woken0), "1 ns beyond it");
        // a nice-5 waker's granularity is 1 ms x 1024 / 335 of vruntime (3.0567 ms)
        long gran5 = p.wakeupGran(woken5);
        assertEquals(1e6 * 1024 / 335, gran5, 2.0);
        woken5.vruntime = 100 * MS - gran5;
        assertEquals(0, p.wakeupPreemptEntity(curr, woken5));
        woken5.vruntime--;
        assertEquals(1, p.wakeupPreemptEntity(curr, woken5));
    }

    @Test
    void checkPreemptTick_notBeforeMinGranularity_thenWhenAheadOfLeftmostByTheSlice() {
        MiniCore m = machine(1, 1000, Map.of());
        m.periodicTick = false;
        MiniCore.Task a = m.spawn(hog(m, "a", 0));
        MiniCore.Task b = m.spawn(hog(m, "b", 0));
        m.runUntil(1); // picks b (placed one 3 ms vslice after min_vruntime, a one 6 ms vslice after)
        MiniCore.Task curr = m.curr[0];
        MiniCore.Task other = curr == a ? b : a;
        CfsPolicy p = cfs(m);
        CfsPolicy.Se other0 = CfsPolicy.se(other);
        other0.vruntime -= 100 * MS; // far behind: curr is ahead by much more than its slice
        p.rq(0).timeline.remove(other0);
        p.rq(0).timeline.add(other0);
        curr.sumExec += 700 * US;
        assertFalse(p.tick(0, curr), "0.7 ms < min_granularity 0.75 ms");
        curr.sumExec += 100 * US;
        assertTrue(p.tick(0, curr), "0.8 ms, and ahead of the leftmost by more than ideal_runtime");
    }

    @Test
    void yield_skipBuddy_runsTheOtherTaskThoughTheYielderIsLeftmost() {
        MiniCore m = machine(1, 1000, Map.of());
        m.periodicTick = false;
        m.spawn(hog(m, "a", 0));
        m.spawn(hog(m, "b", 0));
        m.runUntil(1);
        MiniCore.Task curr = m.curr[0];
        CfsPolicy p = cfs(m);
        CfsPolicy.Se other = p.rq(0).timeline.first();
        // the other task is within the wakeup granularity (1 ms) of the yielder
        p.rq(0).timeline.remove(other);
        other.vruntime = CfsPolicy.se(curr).vruntime + 900 * US;
        p.rq(0).timeline.add(other);
        p.yield(0, curr);
        p.stopping(0, curr, true);
        p.enqueue(0, curr, Enqueue.YIELD);
        assertSame(curr, p.rq(0).timeline.first().p, "the yielder is still leftmost");
        assertSame(other.p, p.pick(0), "but the skip buddy is passed over");
        p.running(0, other.p);
        // now too far apart: yielding is not allowed to be that unfair, the yielder runs again
        p.stopping(0, other.p, true);
        p.enqueue(0, other.p, Enqueue.PREEMPTED);
        p.rq(0).timeline.remove(other);
        other.vruntime = CfsPolicy.se(curr).vruntime + 1100 * US;
        p.rq(0).timeline.add(other);
        p.yield(0, curr); // (the pick above cleared nothing of curr's; set the skip buddy again)
        assertSame(curr, p.pick(0));
    }

    @Test
    void twoCpus_emptyCpuPullsWaitingTask() {
        MiniCore m = machine(2, 1000, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "a", 0));
        MiniCore.Task b = hog(m, "b", 0);
        b.totalNs = 50 * MS;
        m.spawn(b);
        MiniCore.Task c = m.spawn(hog(m, "c", 0));
        m.runUntil(S);
        assertEquals(List.of("b"), m.order(1, 0, 50 * MS));
        MiniCore.Switch pulled = m.switches.stream().filter(s -> s.cpu() == 1 && s.timeNs() == 50 * MS).findFirst().orElseThrow();
        assertTrue(pulled.task() == a || pulled.task() == c, "CPU 1 pulls the task waiting on CPU 0: " + pulled.task());
        assertEquals(2 * S - 50 * MS, a.sumExec + c.sumExec, "both CPUs busy after b exits");
    }

    @Test
    void params_badValues_refusedNamingTheKey() {
        MiniCore m = new MiniCore(1, 1000);
        CfsProvider p = new CfsProvider();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("latency", "6")));
        assertEquals("policy cfs: latency=6: needs a duration with a unit (ns, us, ms, s), e.g. 10ms", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("min_granularity", "50us")));
        assertEquals("policy cfs: min_granularity=50us: must be at least 100000 ns", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("wakeup_granularity", "2s")));
        assertEquals("policy cfs: wakeup_granularity=2s: must be at most 1000000000 ns (1s)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("start_debit", "maybe")));
        assertEquals("policy cfs: start_debit=maybe: needs true or false", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("sched_latency", "6ms")));
        assertEquals("policy cfs: unknown parameter \"sched_latency\"; it takes latency, min_granularity, "
                + "wakeup_granularity, start_debit, gentle_fair_sleepers", e.getMessage());
        assertEquals(0, cfs(machine(1, 1000, Map.of("wakeup_granularity", "0ms"))).wakeupGranularityNs());
    }
}
