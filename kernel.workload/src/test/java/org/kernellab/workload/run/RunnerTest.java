package org.kernellab.workload.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.Slice;
import org.kernellab.api.run.TaskStats;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.workload.Workload;
import org.kernellab.workload.internal.Workloads;

/** What a workload run does, checked against schedules worked out by hand. */
class RunnerTest {
    private static final long MS = 1_000_000L;
    private static final WorkloadRunner RUNNER = Runs.runner();

    private static Workload w(String json) {
        return new Workloads().read("test.json", json);
    }

    private static RunResult run(String policy, String json) {
        return RUNNER.run(RunSpec.of(w(json), policy).withTimeline(true).withTrace(true));
    }

    private static TaskStats task(RunResult r, String name) {
        return r.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** T1 (C=2, T=5) and T2 (C=4, T=7): U = 0.971, above RM's bound for two tasks (0.828), below EDF's 1. */
    private static final String PAIR = """
        {"name": "rm-vs-edf", "machine": {"cpus": 1, "hz": 1000}, "stop": "70ms", "tasks": [
          {"name": "T1", "periodic": {"period": "5ms"}, "phases": [{"run": "2ms"}]},
          {"name": "T2", "periodic": {"period": "7ms", "on_miss": "%s"}, "phases": [{"run": "4ms"}]}]}""";

    @Test
    void rm_firstMissWhereTheHandScheduleHasIt_inBothMissModes() {
        // by hand: T1 0-2, T2 2-5, T1 5-7 (the shorter period first); T2 has 1 ms left at its deadline, 7
        for (String mode : new String[] {"abort", "continue"}) {
            RunResult r = run("rm", PAIR.formatted(mode));
            assertEquals(7 * MS, task(r, "T2").firstMissNs(), mode);
            assertEquals(0, task(r, "T1").misses(), mode);
            // the run covers [0, 70 ms): releases at 0, 7, ..., 63 and 0, 5, ..., 65
            assertEquals(10, task(r, "T2").jobs(), mode);
            assertEquals(14, task(r, "T1").jobs(), mode);
            assertEquals("stop", r.stoppedBy());
            assertEquals(70 * MS, r.endNs());
        }
        // abort drops the late job at 7; the next job then runs 7-10 and 12-13: response 6 ms
        assertEquals(6 * MS, task(run("rm", PAIR.formatted("abort")), "T2").jobResponseNs()[0]);
        // continue lets the late job finish at 8 (response 8 ms), and the next queues behind it
        assertEquals(8 * MS, task(run("rm", PAIR.formatted("continue")), "T2").jobResponseNs()[0]);
    }

    @Test
    void edf_meetsEveryDeadline_andRunsTheHandSchedule() {
        RunResult r = run("edf", PAIR.formatted("abort"));
        assertNull(task(r, "T2").firstMissNs());
        assertEquals(0, task(r, "T1").misses() + task(r, "T2").misses());
        // by hand: T1 0-2 (d 5); T2 2-6 (d 7: T1's job of d 10 does not preempt it); T1 6-8;
        // T2 8-12 (d 14); T1 12-14 (d 15)
        long[] t1 = task(r, "T1").jobResponseNs();
        long[] t2 = task(r, "T2").jobResponseNs();
        assertArrayEquals(new long[] {2 * MS, 3 * MS, 4 * MS}, new long[] {t1[0], t1[1], t1[2]});
        assertArrayEquals(new long[] {6 * MS, 5 * MS}, new long[] {t2[0], t2[1]});
    }

    @Test
    void ioAndSleep_takeExactlyTheirTime() {
        RunResult r = run("fair", """
            {"name": "io", "machine": {"cpus": 1}, "tasks": [
              {"name": "a", "loop": 2, "phases": [{"run": "2ms"}, {"io": "4ms"}]},
              {"name": "b", "start": "1ms", "phases": [{"sleep": "500us"}, {"run": "250us"}]}]}""");
        TaskStats a = task(r, "a");
        assertEquals("exit", r.stoppedBy());
        assertEquals(12 * MS, a.exitNs());
        assertEquals(4 * MS, a.cpuNs());
        assertEquals(2, a.nvcsw());
        // b: created at 1 ms while a computes; fair places it and it runs, sleeps until about 1.5 ms + its wait
        TaskStats b = task(r, "b");
        assertEquals(250_000L, b.cpuNs());
        assertEquals(1, b.nvcsw());
        assertEquals(12 * MS, r.endNs());
    }

    @Test
    void wakeupLatency_isWakeupToRun_underANonPreemptivePolicy() {
        // fifo: s sleeps until 0.5 and runs at once; sleeps again until 1.5, but hog arrived at 1
        // and runs to 11 without being preempted; s waits 9.5 ms
        RunResult r = run("fifo", """
            {"name": "lat", "machine": {"cpus": 1}, "tasks": [
              {"name": "s", "phases": [{"sleep": "500us"}, {"sleep": "1ms"}, {"run": "1ms"}]},
              {"name": "hog", "start": "1ms", "phases": [{"run": "10ms"}]}]}""");
        TaskStats s = task(r, "s");
        assertArrayEquals(new long[] {0, 9_500_000L}, s.wakeupLatencyNs());
        assertEquals(12 * MS, s.exitNs());
        assertEquals(9_500_000L, s.waitNs());
        assertEquals(0L, s.firstRunNs());
        assertEquals(1 * MS, task(r, "hog").firstRunNs());
    }

    @Test
    void mutex_event_barrier_timer() {
        RunResult r = run("fair", """
            {"name": "sync", "machine": {"cpus": 2}, "tasks": [
              {"name": "a", "phases": [{"lock": "m"}, {"run": "10ms"}, {"unlock": "m"}]},
              {"name": "b", "start": "1ms", "phases": [{"lock": "m"}, {"run": "3ms"}, {"unlock": "m"}]},
              {"name": "w", "start": "20ms", "phases": [{"wait": "e"}, {"run": "1ms"}]},
              {"name": "s", "start": "25ms", "phases": [{"run": "2ms"}, {"signal": "e"}]},
              {"name": "x", "start": "30ms", "phases": [{"run": "2ms"}, {"barrier": "bar"}, {"run": "1ms"}]},
              {"name": "y", "start": "30ms", "phases": [{"run": "5ms"}, {"barrier": "bar"}, {"run": "1ms"}]}]}""");
        // b blocks on m (D) until a unlocks it at 10, then runs 3 ms
        assertEquals(13 * MS, task(r, "b").exitNs());
        assertEquals(1, task(r, "b").nvcsw());
        // w waits from 20 until s signals at 27
        assertEquals(28 * MS, task(r, "w").exitNs());
        // the barrier opens at 35, when y arrives
        assertEquals(36 * MS, task(r, "x").exitNs());
        assertEquals(36 * MS, task(r, "y").exitNs());

        RunResult t = run("fair", """
            {"name": "timer", "machine": {"cpus": 1}, "tasks": [
              {"name": "t", "loop": 3, "phases": [{"run": "1ms"}, {"timer": {"ref": "tick", "period": "4ms"}}]}]}""");
        // runs 0-1, sleeps to 4, runs 4-5, to 8, 8-9, to 12
        assertEquals(12 * MS, task(t, "t").exitNs());
        assertEquals(3 * MS, task(t, "t").cpuNs());
    }

    @Test
    void timeline_slicesAddUpToEachTasksCpuTime() {
        RunResult r = run("rr", """
            {"name": "tl", "machine": {"cpus": 2}, "tasks": [
              {"name": "c", "instances": 3, "phases": [{"run": "30ms"}, {"sleep": "3ms"}, {"run": "20ms"}]}]}""");
        for (TaskStats t : r.tasks()) {
            long sum = r.timeline().stream().filter(s -> s.pid() == t.pid()).mapToLong(s -> s.endNs() - s.startNs()).sum();
            assertEquals(t.cpuNs(), sum, t.name());
        }
        for (Slice s : r.timeline()) assertTrue(s.cpu() >= 0 && s.cpu() < 2 && s.endNs() > s.startNs(), s.toString());
        long busy = r.busyNs()[0] + r.busyNs()[1];
        assertEquals(3 * 50 * MS, busy);
        assertTrue(r.trace().contains("sched_switch"), "the trace of a recorded run");
    }

    @Test
    void aDeadlock_endsTheRunAsIdle() {
        RunResult r = run("fair", """
            {"name": "deadlock", "machine": {"cpus": 2}, "tasks": [
              {"name": "a", "phases": [{"lock": "m1"}, {"sleep": "1ms"}, {"lock": "m2"}, {"unlock": "m2"}, {"unlock": "m1"}]},
              {"name": "b", "phases": [{"lock": "m2"}, {"sleep": "1ms"}, {"lock": "m1"}, {"unlock": "m1"}, {"unlock": "m2"}]}]}""");
        assertEquals("idle", r.stoppedBy());
        assertNull(task(r, "a").exitNs());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("blocked with nothing left to wake them")), r.log().toString());
    }

    @Test
    void badRequests_nameWhatIsWrong() {
        Workload ok = w("""
            {"name": "one", "tasks": [{"name": "a", "phases": [{"run": "1ms"}]}]}""");
        String unknown = assertThrows(IllegalArgumentException.class, () -> RUNNER.run(RunSpec.of(ok, "nosuch"))).getMessage();
        assertTrue(unknown.contains("\"nosuch\" is unknown"), unknown);
        String param = assertThrows(IllegalArgumentException.class,
                () -> RUNNER.run(RunSpec.of(ok, "rr").withParams(Map.of("bogus", "1")))).getMessage();
        assertTrue(param.contains("bogus"), param);
    }

    @Test
    void costs_delayWhatRunsAfterASwitchOrAnInterrupt() {
        // one CPU, HZ 1000: a switches to b at 0 (after a has run nothing), each switch costs 10 us
        RunResult r = run("fifo", """
            {"name": "costs", "machine": {"cpus": 1, "hz": 1000, "costs": {"switch": "10us"}}, "tasks": [
              {"name": "a", "phases": [{"run": "1ms"}]},
              {"name": "b", "phases": [{"run": "1ms"}]}]}""");
        // idle -> a at 0 costs 10 us, a runs 1 ms, a -> b costs 10 us, b runs 1 ms
        assertEquals(1_010_000L, task(r, "a").exitNs());
        assertEquals(2_020_000L, task(r, "b").exitNs());
        assertEquals(1_000_000L, task(r, "b").cpuNs());
        assertEquals(2_020_000L, r.busyNs()[0]);

        RunResult t = run("fifo", """
            {"name": "ticks", "machine": {"cpus": 1, "hz": 1000, "costs": {"tick": "2us", "irq_entry": "1us"}}, "tasks": [
              {"name": "a", "phases": [{"run": "10ms"}]}]}""");
        // ticks at 1, 2, ..., 10 ms interrupt a (the 10th comes before its delayed end): 3 us each, its entry and its work
        assertEquals(10_030_000L, task(t, "a").exitNs());
        assertEquals(10_000_000L, task(t, "a").cpuNs());

        RunResult n = run("fifo", """
            {"name": "none", "machine": {"cpus": 1, "hz": 1000, "costs": "none"}, "tasks": [
              {"name": "a", "phases": [{"run": "10ms"}]}]}""");
        assertEquals(10_000_000L, task(n, "a").exitNs());
    }

    @Test
    void aMonitor_seesProgress_andCancels() {
        Workload longRun = w("""
            {"name": "long", "stop": "10s", "tasks": [{"name": "a", "loop": -1, "phases": [{"run": "1ms"}, {"sleep": "1ms"}]}]}""");
        long[] seen = new long[1];
        RunMonitor m = new RunMonitor() {
            @Override public void progress(long nowNs, long events) { seen[0] = nowNs; }
            @Override public boolean cancelled() { return seen[0] >= 100 * MS; }
        };
        assertThrows(CancellationException.class, () -> RUNNER.run(RunSpec.of(longRun, "fair"), m));
        assertTrue(seen[0] >= 100 * MS && seen[0] < 200 * MS, "progress reached " + seen[0]);
    }

    @Test
    void policies_listsFairThenEveryProvider() {
        assertEquals("fair", RUNNER.policies().get(0));
        assertTrue(RUNNER.policies().containsAll(Runs.POLICIES));
    }
}
