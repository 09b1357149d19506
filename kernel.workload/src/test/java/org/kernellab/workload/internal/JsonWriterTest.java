package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/** The writer: its exact text, and read(write(w)).equals(w) for every kind of value. */
class JsonWriterTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final Workloads json = new Workloads();

    private void roundTrip(Workload w) {
        String text = json.write(w);
        assertEquals(w, json.read("rt.json", text), text);
        assertEquals(text, json.write(json.read("rt.json", text)), "writing is stable");
    }

    @Test
    void write_issueExample_exactText() {
        Workload w = new Workload("nice-pair", new Machine(1, 1000, 1, Costs.NONE), 10 * S, List.of(
                TaskDef.of("a", Phase.run(S)).withLoop(-1),
                TaskDef.of("b", Phase.run(S)).withSched(SchedAttr.normal().withNice(5)).withLoop(-1),
                TaskDef.of("T1", Phase.run(3 * MS)).withPeriodic(Periodic.of(7 * MS)).withLoop(-1),
                TaskDef.of("io", Phase.run(2 * MS), Phase.io(4 * MS)).withInstances(4).withStart(5 * MS).withLoop(10)));
        assertEquals("""
                {
                  "name": "nice-pair",
                  "machine": {"cpus": 1, "hz": 1000, "seed": 1, "costs": "none"},
                  "stop": "10s",
                  "tasks": [
                    {"name": "a", "loop": -1, "phases": [{"run": "1s"}]},
                    {"name": "b", "sched": {"nice": 5}, "loop": -1, "phases": [{"run": "1s"}]},
                    {"name": "T1", "phases": [{"run": "3ms"}], "periodic": {"period": "7ms", "deadline": "7ms", "on_miss": "abort"}},
                    {"name": "io", "instances": 4, "start": "5ms", "loop": 10, "phases": [{"run": "2ms"}, {"io": "4ms"}]}
                  ]
                }
                """, json.write(w));
        roundTrip(w);
    }

    @Test
    void roundTrip_everyPhase() {
        roundTrip(new Workload("phases", Machine.DEFAULT, Workload.UNTIL_EXIT, List.of(
                TaskDef.of("a", Phase.run(7), Phase.sleep(1500 * US), Phase.io(4 * MS), Phase.yieldCpu(), Phase.lock("m"),
                        Phase.signal("e"), Phase.unlock("m"), Phase.barrier("b"), Phase.timer("timer", 10 * MS),
                        new Phase.Timer("t2", 33_333 * US, Phase.Timer.Mode.ABSOLUTE), Phase.timer("t3", 1)),
                TaskDef.of("b", Phase.await("e"), Phase.barrier("b")))));
    }

    @Test
    void roundTrip_everySchedAttr() {
        List<SchedAttr> attrs = List.of(
                SchedAttr.normal(), SchedAttr.normal().withNice(-20), SchedAttr.normal().withNice(19).withTickets(1),
                SchedAttr.fifo(1), SchedAttr.rr(99).withNice(3), SchedAttr.normal().withPolicy(SchedPolicy.BATCH, 0),
                SchedAttr.normal().withPolicy(SchedPolicy.IDLE, 0).withExpectedRun(30 * MS),
                SchedAttr.deadline(1024, 1024, 1024), SchedAttr.deadline(2 * MS, 8 * MS, 10 * MS).withTickets(500),
                SchedAttr.normal().withPeriod(20 * MS, 15 * MS), SchedAttr.normal().withPeriod(20 * MS, 20 * MS),
                SchedAttr.normal().withPeriod(0, 15 * MS), SchedAttr.normal().withPeriod(20 * MS, 25 * MS));
        for (int i = 0; i < attrs.size(); i++) {
            roundTrip(new Workload("s" + i, Machine.DEFAULT, Workload.UNTIL_EXIT, List.of(TaskDef.of("a", Phase.run(MS)).withSched(attrs.get(i)))));
        }
    }

    @Test
    void roundTrip_periodicVariants() {
        roundTrip(new Workload("p", new Machine(4, 100, -3, Costs.TYPICAL), 2 * S, List.of(
                TaskDef.of("T1", Phase.run(MS)).withPeriodic(new Periodic(7 * MS, 5 * MS, 2 * MS, Periodic.OnMiss.CONTINUE)).withLoop(-1),
                TaskDef.of("T2", Phase.run(MS)).withPeriodic(Periodic.of(7 * MS)).withLoop(12),
                TaskDef.of("T3", Phase.run(MS)).withPeriodic(Periodic.of(9 * MS)).withSched(SchedAttr.normal().withPeriod(11 * MS, 11 * MS)).withLoop(1),
                TaskDef.of("T4", Phase.run(MS)).withSched(SchedAttr.deadline(MS, 5 * MS, 9 * MS)).withPeriodic(Periodic.of(9 * MS)).withLoop(-1),
                TaskDef.of("T5", Phase.run(MS)).withSched(SchedAttr.fifo(10)).withPeriodic(Periodic.of(3 * MS)).withLoop(-1))));
    }

    @Test
    void roundTrip_machineCostsCpusAndNames() {
        roundTrip(new Workload("we\"ird \\ name ✓", new Machine(64, 10_000, Long.MIN_VALUE, new Costs(3 * US, 0, 750)), 1, List.of(
                TaskDef.of("t\"1", Phase.run(MS)).withCpus(0b1011_0001L).withInstances(3).withStart(1),
                TaskDef.of("all", Phase.run(MS)).withCpus(-1L >>> 1),
                TaskDef.of("every", Phase.run(MS)).withCpus(TaskDef.ALL_CPUS))));
    }

    @Test
    void write_costs_wordsOrTheNonZeroFields() {
        Workload w = new Workload("c", new Machine(1, 1000, 1, new Costs(0, 2 * US, 0)), Workload.UNTIL_EXIT, List.of(TaskDef.of("a", Phase.run(MS))));
        assertEquals("  \"machine\": {\"cpus\": 1, \"hz\": 1000, \"seed\": 1, \"costs\": {\"tick\": \"2us\"}},", json.write(w).lines().toList().get(2));
        Workload t = new Workload("c", new Machine(1, 1000, 1, Costs.TYPICAL), Workload.UNTIL_EXIT, List.of(TaskDef.of("a", Phase.run(MS))));
        assertEquals("  \"machine\": {\"cpus\": 1, \"hz\": 1000, \"seed\": 1, \"costs\": \"typical\"},", json.write(t).lines().toList().get(2));
    }

    @Test
    void write_durations_inTheLargestExactUnit() {
        assertEquals("0ns", Durations.format(0));
        assertEquals("1500us", Durations.format(1_500_000));
        assertEquals("2s", Durations.format(2 * S));
        assertEquals("7ns", Durations.format(7));
        assertEquals("1001us", Durations.format(1_001_000));
        assertEquals("0,2-3,63", CpuList.format(0b1101L | Long.MIN_VALUE));
    }
}
