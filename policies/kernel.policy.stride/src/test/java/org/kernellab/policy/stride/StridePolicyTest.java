package org.kernellab.policy.stride;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.policy.testkit.MiniCore;

/** The stride policy alone, driven by {@link MiniCore}; times in ns of virtual time. */
class StridePolicyTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static MiniCore machine(int cpus, Map<String, String> params) {
        return new MiniCore(cpus, 1000, new StrideProvider(), params);
    }

    private static MiniCore.Task hog(MiniCore m, String comm, int tickets) {
        MiniCore.Task t = m.task(comm);
        t.tickets = tickets;
        return t;
    }

    @Test
    void tickets300to100_tenSeconds_shareThreeToOneWithinOnePoint() {
        MiniCore m = machine(1, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "a", 300));
        MiniCore.Task b = m.spawn(hog(m, "b", 100));
        m.runUntil(10 * S);
        double share = 100.0 * a.sumExec / (a.sumExec + b.sumExec);
        assertEquals(75.0, share, 1.0, "a's share of the CPU, %");
        assertEquals(10 * S, a.sumExec + b.sumExec);
    }

    @Test
    void tickets300to100_firstQuanta_lowestPassRunsTiesInQueueOrder() {
        // strides: a 2^20/300 = 3495, b 2^20/100 = 10485; both start at pass 0, a queued first.
        // a runs (pass 3495), b (10485), a (6990), a (10485); at 40 ms a and b tie at 10485 and
        // b, queued at 20 ms, goes first (20970); a runs three quanta (13980, 17475, 20970) and
        // at 80 ms they tie again, b first again.
        MiniCore m = machine(1, Map.of());
        m.spawn(hog(m, "a", 300));
        m.spawn(hog(m, "b", 100));
        m.runUntil(90 * MS);
        assertEquals(List.of("a", "b", "a", "b", "a", "b"), m.order(0, 0, 90 * MS));
        assertEquals(List.of(0L, 10 * MS, 20 * MS, 40 * MS, 50 * MS, 80 * MS), times(m, 90 * MS));
    }

    private static List<Long> times(MiniCore m, long beforeNs) {
        return m.switches.stream().map(MiniCore.Switch::timeNs).filter(t -> t < beforeNs).toList();
    }

    @Test
    void quantum_param_preemptsExactlyEveryQuantum() {
        MiniCore m = machine(1, Map.of("quantum", "3ms"));
        m.spawn(hog(m, "a", 100));
        m.spawn(hog(m, "b", 100));
        m.runUntil(12 * MS);
        assertEquals(List.of(0L, 3 * MS, 6 * MS, 9 * MS), times(m, 12 * MS));
        assertEquals(List.of("a", "b", "a", "b"), m.order(0, 0, 12 * MS));
    }

    @Test
    void lateJoiner_afterOneSecond_startsAtGlobalPassAndDoesNotMonopolise() {
        MiniCore m = machine(1, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "a", 100));
        m.runUntil(S);
        MiniCore.Task b = m.spawn(hog(m, "b", 100));
        long a0 = a.sumExec;
        m.runUntil(3 * S);
        assertEquals(50.0, 100.0 * (a.sumExec - a0) / (2 * S), 1.0, "a's share after b joined, %");
        // b joins at pass = global pass: it runs after a's quantum ends, then they alternate
        List<String> order = m.order(0, S, 3 * S);
        assertEquals(S + 10 * MS, m.switches.stream().filter(s -> s.task() == b).findFirst().orElseThrow().timeNs());
        for (int i = 1; i < order.size(); i++) assertTrue(!order.get(i).equals(order.get(i - 1)), "switch " + i + ": " + order);
        assertEquals(199, order.size());
    }

    @Test
    void sleeper_wakingAfterLongSleep_bringsNoCredit() {
        MiniCore m = machine(1, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "a", 100));
        MiniCore.Task b = hog(m, "b", 100);
        b.burstNs = 10 * MS;
        b.sleepNs = 990 * MS;
        m.spawn(b);
        m.runUntil(3 * S);
        // b runs 10 ms per second; when it wakes it runs at once (pass = global pass), but only
        // its 10 ms: a is never kept off the CPU for more than one quantum
        assertEquals(3 * S - a.sumExec, b.sumExec);
        assertEquals(30 * MS, b.sumExec);
    }

    @Test
    void twoCpus_threeHogs_queuedOnLeastLoadedAndPulledWhenACpuEmpties() {
        MiniCore m = machine(2, Map.of());
        MiniCore.Task a = m.spawn(hog(m, "a", 100));
        MiniCore.Task b = hog(m, "b", 100);
        b.totalNs = 50 * MS; // b exits at 50 ms, leaving CPU 1 with nothing queued
        m.spawn(b);
        MiniCore.Task c = m.spawn(hog(m, "c", 100));
        m.runUntil(S);
        assertEquals(List.of("a", "c"), m.order(0, 0, 15 * MS), "CPU 0 shares a and c");
        assertEquals(List.of("b"), m.order(1, 0, 50 * MS));
        // at 50 ms CPU 1's queue is empty: it takes the task waiting on CPU 0, and from then on
        // both CPUs are busy
        MiniCore.Switch pulled = m.switches.stream().filter(s -> s.cpu() == 1 && s.timeNs() == 50 * MS).findFirst().orElseThrow();
        assertTrue(pulled.task() == a || pulled.task() == c, "CPU 1 runs " + pulled.task());
        assertEquals(2 * S - 50 * MS, a.sumExec + c.sumExec);
    }

    @Test
    void wakeup_prevCpuIdle_goesBackToIt() {
        MiniCore m = machine(2, Map.of());
        MiniCore.Task a = hog(m, "a", 100);
        a.burstNs = 5 * MS;
        a.sleepNs = 5 * MS;
        a.affinity = 0b10; // starts on CPU 1
        m.spawn(a);
        m.runUntil(6 * MS);
        a.affinity = 0b11; // now free, but CPU 1 is idle when it wakes: it stays there
        m.runUntil(50 * MS);
        assertTrue(m.order(0, 0, 50 * MS).isEmpty(), "CPU 0 never ran a");
    }

    @Test
    void params_badQuantum_refusedNamingTheKey() {
        MiniCore m = new MiniCore(1, 1000);
        StrideProvider p = new StrideProvider();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("quantum", "10")));
        assertEquals("policy stride: quantum=10: needs a duration with a unit (ns, us, ms, s), e.g. 10ms", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("quantum", "50us")));
        assertTrue(e.getMessage().startsWith("policy stride: quantum=50us: must be at least 100000 ns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("quantum", "11s")));
        assertEquals("policy stride: quantum=11s: must be at most 10000000000 ns (10s)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.create(m, Map.of("tickets", "5")));
        assertEquals("policy stride: unknown parameter \"tickets\"; it takes quantum", e.getMessage());
    }
}
