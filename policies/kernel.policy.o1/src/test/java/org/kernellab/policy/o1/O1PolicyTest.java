package org.kernellab.policy.o1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.policy.testkit.MiniCore;

/** The o1 policy alone, driven by {@link MiniCore}; times in ns of virtual time. */
class O1PolicyTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static MiniCore machine(int cpus, Map<String, String> params) {
        return new MiniCore(cpus, 1000, new O1Provider(), params);
    }

    private static O1Policy policy(MiniCore m) {
        return (O1Policy) m.policy;
    }

    private static MiniCore.Task task(MiniCore m, String comm, int nice) {
        MiniCore.Task t = m.task(comm);
        t.nice = nice;
        return t;
    }

    private static List<Long> times(MiniCore m, int cpu, long beforeNs) {
        return m.switches.stream().filter(s -> s.cpu() == cpu && s.timeNs() < beforeNs).map(MiniCore.Switch::timeNs).toList();
    }

    @Test
    void taskTimeslice_byNice_asKernelSchedC() {
        O1Policy p = policy(machine(1, Map.of()));
        // (140 - static_prio) * 4 * 100ms / 20 below nice 0, (140 - static_prio) * 100ms / 20 from 0 up
        assertEquals(800 * MS, p.timeslice(100));
        assertEquals(600 * MS, p.timeslice(110));
        assertEquals(420 * MS, p.timeslice(119));
        assertEquals(100 * MS, p.timeslice(120));
        assertEquals(95 * MS, p.timeslice(121));
        assertEquals(50 * MS, p.timeslice(130));
        assertEquals(5 * MS, p.timeslice(139));
        O1Policy q = policy(machine(1, Map.of("timeslice", "200ms", "min_timeslice", "20ms")));
        assertEquals(200 * MS, q.timeslice(120));
        assertEquals(1600 * MS, q.timeslice(100));
        assertEquals(50 * MS, q.timeslice(135));
        assertEquals(20 * MS, q.timeslice(139), "200 ms / 20 is below MIN_TIMESLICE");
    }

    @Test
    void threeHogs_niceMinus5_0_10_runWholeSlicesByPrioThenSwitchArrays() {
        MiniCore m = machine(1, Map.of());
        m.spawn(task(m, "n0", 0));
        m.spawn(task(m, "n10", 10));
        m.spawn(task(m, "m5", -5));
        m.runUntil(1400 * MS);
        // dynamic prio = static + 5 (no sleep): m5 120, n0 125, n10 135; slices 500, 100, 50 ms;
        // each goes to the expired array at the end of its slice; the arrays swap at 650 ms
        assertEquals(List.of("m5", "n0", "n10", "m5", "n0", "n10", "m5"), m.order(0, 0, 1400 * MS));
        assertEquals(List.of(0L, 500 * MS, 600 * MS, 650 * MS, 1150 * MS, 1250 * MS, 1300 * MS), times(m, 0, 1400 * MS));
        assertEquals(2, policy(m).rq(0).arraySwitches);
    }

    @Test
    void arraySwitch_onlyWhenActiveIsEmpty() {
        MiniCore m = machine(1, Map.of());
        m.spawn(task(m, "a", 0));
        m.spawn(task(m, "b", 0));
        m.runUntil(150 * MS);
        // a used its slice and waits in the expired array; b still runs from the active one
        O1Policy.Rq rq = policy(m).rq(0);
        assertEquals(0, rq.arraySwitches);
        assertEquals(1, rq.expired.nrActive);
        assertEquals(0, rq.active.nrActive);
        m.runUntil(250 * MS);
        assertEquals(1, rq.arraySwitches);
        assertEquals(List.of(0L, 100 * MS, 200 * MS), times(m, 0, 250 * MS));
    }

    @Test
    void interactiveTask_sleepsMostly_getsBonusAndPreemptsHogOnWakeup() {
        MiniCore m = machine(1, Map.of());
        MiniCore.Task hog = m.spawn(task(m, "hog", 0));
        MiniCore.Task ia = task(m, "ia", 0);
        ia.burstNs = MS;
        ia.sleepNs = 50 * MS;
        m.spawn(ia);
        m.runUntil(5 * S);
        O1Policy.O1Task h = O1Policy.data(hog);
        O1Policy.O1Task i = O1Policy.data(ia);
        assertEquals(125, h.prio, "the hog never sleeps: static_prio + 5");
        assertEquals(115, i.prio, "sleep_avg at MAX_SLEEP_AVG: static_prio - 5");
        // in the last second ia runs the instant it wakes, every 51 ms, and the hog resumes 1 ms later
        List<MiniCore.Switch> last = m.switches.stream().filter(s -> s.timeNs() >= 4 * S).toList();
        for (int k = 0; k + 1 < last.size(); k++) {
            MiniCore.Switch s = last.get(k);
            MiniCore.Switch n = last.get(k + 1);
            if (s.task() == ia) assertEquals(s.timeNs() + MS, n.timeNs(), "hog back after ia's 1 ms");
            else assertEquals(s.timeNs() + 50 * MS, n.timeNs(), "ia preempts the hog as it wakes");
        }
        assertTrue(last.size() > 30, "switches in the last second: " + last.size());
    }

    @Test
    void interactiveHog_sliceEnds_backToActiveUntilExpiredStarving() {
        MiniCore m = machine(1, Map.of());
        MiniCore.Task ia = m.spawn(task(m, "ia", -20));
        MiniCore.Task hog = m.spawn(task(m, "hog", 0));
        O1Policy.O1Task i = O1Policy.data(ia);
        i.sleepAvg = 1000 * MS; // as if it had slept a lot: bonus 10
        i.prio = policy(m).effectivePrio(i);
        m.runUntil(801 * MS);
        O1Policy.Rq rq = policy(m).rq(0);
        assertEquals(800 * MS, rq.expiredTimestamp, "the first slice ended at 800 ms");
        assertEquals(0, rq.expired.nrActive, "TASK_INTERACTIVE: ia went back to the active array");
        m.runUntil(3400 * MS);
        // the slices end at 800, 1600, 2400 and 3200 ms; at 3200 ms the expired array has been
        // "starving" for more than STARVATION_LIMIT (1 s) x nr_running (2) since 800 ms: ia is
        // expired, and the hog (never expired, but behind ia in the active array) runs its slice
        assertEquals(List.of("ia", "hog", "ia"), m.order(0, 0, 3400 * MS));
        assertEquals(List.of(0L, 3200 * MS, 3300 * MS), times(m, 0, 3400 * MS));
        assertEquals(100 * MS, hog.sumExec);
    }

    @Test
    void twoCpus_emptyCpuPullsWaitingTask() {
        MiniCore m = machine(2, Map.of());
        MiniCore.Task a = m.spawn(task(m, "a", 0));
        MiniCore.Task b = task(m, "b", 0);
        b.totalNs = 50 * MS;
        m.spawn(b);
        MiniCore.Task c = m.spawn(task(m, "c", 0));
        m.runUntil(S);
        assertEquals(List.of("a"), m.order(0, 0, 50 * MS), "a runs on CPU 0, c waits there");
        assertEquals(List.of("b", "c"), m.order(1, 0, 51 * MS), "CPU 1 pulls c when b exits");
        assertEquals(2 * S - 50 * MS, a.sumExec + c.sumExec);
    }

    @Test
    void params_badValues_refusedNamingTheKey() {
        MiniCore m = new MiniCore(1, 1000);
        O1Provider p = new O1Provider();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("timeslice", "fast")));
        assertEquals("policy o1: timeslice=fast: needs a duration with a unit (ns, us, ms, s), e.g. 10ms", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("timeslice", "4ms")));
        assertEquals("policy o1: timeslice=4ms: min_timeslice (5000000 ns) must not exceed timeslice (4000000 ns)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("min_timeslice", "200ms")));
        assertEquals("policy o1: min_timeslice=200ms: min_timeslice (200000000 ns) must not exceed timeslice (100000000 ns)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("min_timeslice", "10us")));
        assertEquals("policy o1: min_timeslice=10us: must be at least 100000 ns", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("quantum", "10ms")));
        assertEquals("policy o1: unknown parameter \"quantum\"; it takes timeslice, min_timeslice", e.getMessage());
    }
}
