package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/** The seeded generators: deterministic, seed-dependent, valid, and each one's shape. */
class GeneratorsTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final Generators generators = new Generators();
    private final Workloads json = new Workloads();

    private Workload gen(String name, String... kv) {
        Map<String, String> m = new HashMap<>();
        for (String s : kv) m.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        return generators.generate(name, m);
    }

    private String error(String name, String... kv) {
        return assertThrows(IllegalArgumentException.class, () -> gen(name, kv)).getMessage();
    }

    @Test
    void generators_areTheFiveNamed() {
        assertEquals(List.of("hackbench", "schbench", "ostep", "rtset", "mixed"), generators.generators().stream().map(GeneratorInfo::name).toList());
        for (GeneratorInfo g : generators.generators()) {
            assertEquals(List.of("seed", "name", "cpus", "hz"), g.options().subList(0, 4).stream().map(GeneratorInfo.Option::name).toList(), g.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hackbench", "schbench", "ostep", "rtset", "mixed"})
    void generate_sameSeed_sameJson(String name) {
        assertEquals(json.write(gen(name, "seed=7")), json.write(gen(name, "seed=7")));
        assertEquals(gen(name), gen(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hackbench", "schbench", "ostep", "rtset", "mixed"})
    void generate_otherSeed_otherJson(String name) {
        assertNotEquals(json.write(gen(name, "seed=7")), json.write(gen(name, "seed=8")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hackbench", "schbench", "ostep", "rtset", "mixed"})
    void generate_defaults_readBackEqual(String name) {
        Workload w = gen(name);
        assertEquals(w, json.read(name + ".json", json.write(w)));
        assertEquals(name, w.name());
    }

    // ---- ostep -------------------------------------------------------------------------

    /** Python 3.11: random.seed(S); [int(M * random.random()) + 1 for _ in range(N)]. */
    @Test
    void ostep_lengths_equalPythons() {
        assertEquals(List.of(9L, 8L, 5L), lengths(gen("ostep", "seed=0")), "seed 0, -j 3 -m 10 (scheduler.py's defaults)");
        assertEquals(List.of(2L, 9L, 8L), lengths(gen("ostep", "seed=1")));
        assertEquals(List.of(10L, 10L, 1L, 1L, 9L), lengths(gen("ostep", "seed=2", "jobs=5")));
        assertEquals(List.of(64L, 3L, 28L, 23L, 74L, 68L, 90L, 9L, 43L, 3L), lengths(gen("ostep", "seed=42", "jobs=10", "maxlen=100")));
        assertEquals(List.of(2L, 5L, 8L), lengths(gen("ostep", "seed=100")));
        assertEquals(List.of(9L, 4L, 17L, 2L, 14L, 10L), lengths(gen("ostep", "seed=7", "jobs=6", "maxlen=25")));
        assertEquals(List.of(9L, 4L, 17L, 2L, 14L, 10L), Ostep.lengths(7, 6, 25));
    }

    private static List<Long> lengths(Workload w) {
        return w.tasks().stream().map(t -> ((Phase.Run) t.phases().get(0)).ns() / MS).toList();
    }

    @Test
    void ostep_jobs_areOneRunEachWithTheirLengthAsHint() {
        Workload w = gen("ostep", "lengths=8,3,3,9", "unit=10ms");
        assertEquals(List.of("job0", "job1", "job2", "job3"), w.tasks().stream().map(TaskDef::name).toList());
        TaskDef j0 = w.tasks().get(0);
        assertEquals(List.of(Phase.run(80 * MS)), j0.phases());
        assertEquals(SchedAttr.normal().withExpectedRun(80 * MS), j0.sched());
        assertEquals(1, j0.loop());
        assertEquals(0, j0.startNs());
        assertEquals(1, w.machine().cpus());
        assertEquals(1000, w.machine().hz());
        assertEquals(0, w.machine().seed(), "scheduler.py's default seed");
        assertEquals(Workload.UNTIL_EXIT, w.stopNs());
    }

    // ---- hackbench ---------------------------------------------------------------------

    @Test
    void hackbench_groupsOfReceiversThenSenders() {
        Workload w = gen("hackbench", "groups=2", "fds=4", "loops=100");
        assertEquals(16, w.taskCount());
        assertEquals(List.of("g0-recv0", "g0-recv1", "g0-recv2", "g0-recv3", "g0-send0", "g0-send1", "g0-send2", "g0-send3",
                "g1-recv0", "g1-recv1", "g1-recv2", "g1-recv3", "g1-send0", "g1-send1", "g1-send2", "g1-send3"),
                w.tasks().stream().map(TaskDef::name).toList());
        TaskDef recv = w.tasks().get(1);
        assertEquals(List.of(Phase.await("g0-r1"), Phase.run(2 * US)), recv.phases());
        assertEquals(400, recv.loop(), "loops * fds messages");
        TaskDef send = w.tasks().get(12);
        assertEquals(100, send.loop());
        assertEquals(List.of(Phase.run(2 * US), Phase.signal("g1-r0"), Phase.run(2 * US), Phase.signal("g1-r1"),
                Phase.run(2 * US), Phase.signal("g1-r2"), Phase.run(2 * US), Phase.signal("g1-r3")), send.phases());
        assertEquals(Workload.UNTIL_EXIT, w.stopNs());
    }

    @Test
    void hackbench_defaults_areHackbenchs() {
        Workload w = gen("hackbench");
        assertEquals(400, w.taskCount(), "10 groups of 20 senders and 20 receivers");
        assertEquals(2000, w.tasks().get(0).loop());
        assertEquals(1, w.machine().seed());
    }

    // ---- schbench ----------------------------------------------------------------------

    @Test
    void schbench_messageThreadsAndTheirWorkers() {
        Workload w = gen("schbench", "messages=2", "cpus=4");
        assertEquals(List.of("msg0", "msg0-worker", "msg1", "msg1-worker"), w.tasks().stream().map(TaskDef::name).toList());
        assertEquals(10, w.taskCount(), "2 message threads and 4 workers each (the CPUs)");
        assertEquals(List.of(Phase.await("msg1-post"), Phase.run(5 * US), Phase.signal("msg1-wake")), w.tasks().get(2).phases());
        TaskDef workers = w.tasks().get(3);
        assertEquals(4, workers.instances());
        assertEquals(List.of(Phase.signal("msg1-post"), Phase.await("msg1-wake"), Phase.sleep(100 * US), Phase.run(17 * MS)), workers.phases());
        assertEquals(TaskDef.FOREVER, workers.loop());
        assertEquals(30 * S, w.stopNs());
        assertEquals(List.of(Phase.signal("msg0-post"), Phase.await("msg0-wake"), Phase.run(3 * MS)),
                gen("schbench", "workers=3", "sleep=0ns", "work=3ms").tasks().get(1).phases());
    }

    // ---- rtset -------------------------------------------------------------------------

    /**
     * Python 3.11, the draws the class comment gives: UUniFast with {@code s * random() ** (1/(n-i))},
     * discarding sets with a utilisation above 1, then {@code exp(log(lo) + x*(log(hi+grain) - log(lo)))}
     * floored to the grain, and C = max(cgrain, floor(u*T/cgrain + 0.5) * cgrain).
     */
    @Test
    void rtset_periodsAndExecutionTimes_equalPythons() {
        Workload w = gen("rtset", "seed=1");
        assertEquals(List.of(31 * MS, 28 * MS, 45 * MS, 61 * MS, 12 * MS), w.tasks().stream().map(t -> t.periodic().periodNs()).toList());
        assertEquals(List.of(8560 * US, 640 * US, 2280 * US, 15930 * US, 1070 * US), w.tasks().stream().map(t -> ((Phase.Run) t.phases().get(0)).ns()).toList());
        Workload big = gen("rtset", "seed=5", "n=8", "util=3.5", "cpus=4");
        assertEquals(List.of(16 * MS, 16 * MS, 96 * MS, 75 * MS, 19 * MS, 92 * MS, 34 * MS, 47 * MS),
                big.tasks().stream().map(t -> t.periodic().periodNs()).toList());
        assertEquals(List.of(12910 * US, 1600 * US, 81230 * US, 14880 * US, 14640 * US, 68540 * US, 140 * US, 1340 * US),
                big.tasks().stream().map(t -> ((Phase.Run) t.phases().get(0)).ns()).toList());
    }

    @Test
    void rtset_tasksArePeriodicWithImplicitDeadlinesAndTheTargetUtilisation() {
        Workload w = gen("rtset", "seed=3", "n=10", "util=0.9", "pmin=5ms", "pmax=50ms", "dist=uniform");
        assertEquals(10, w.tasks().size());
        double u = 0;
        for (int i = 0; i < 10; i++) {
            TaskDef t = w.tasks().get(i);
            assertEquals("T" + (i + 1), t.name());
            Periodic p = t.periodic();
            assertEquals(p.periodNs(), p.deadlineNs());
            assertEquals(Periodic.OnMiss.ABORT, p.onMiss());
            assertTrue(p.periodNs() >= 5 * MS && p.periodNs() <= 50 * MS && p.periodNs() % MS == 0, "period " + p.periodNs());
            assertEquals(TaskDef.FOREVER, t.loop());
            assertEquals(p.periodNs(), t.sched().periodNs, "the edf/rm hint");
            u += (double) ((Phase.Run) t.phases().get(0)).ns() / p.periodNs();
        }
        assertEquals(0.9, u, 0.01, "rounding to 10 us moves the total a little");
        assertEquals(S, w.stopNs());
    }

    @Test
    void rtset_fifo_getsRateMonotonicPriorities() {
        Workload w = gen("rtset", "seed=1", "policy=fifo");
        // periods 31, 28, 45, 61, 12 ms: ranks 2, 1, 3, 4, 0
        assertEquals(List.of(97, 98, 96, 95, 99), w.tasks().stream().map(t -> t.sched().rtPriority).toList());
        assertTrue(w.tasks().stream().allMatch(t -> t.sched().policy == SchedPolicy.FIFO));
    }

    @Test
    void rtset_deadline_isSchedDeadlineWithCdt() {
        TaskDef t = gen("rtset", "seed=1", "policy=deadline", "on_miss=continue").tasks().get(0);
        assertEquals(SchedAttr.deadline(8560 * US, 31 * MS, 31 * MS), t.sched());
        assertEquals(Periodic.OnMiss.CONTINUE, t.periodic().onMiss());
    }

    // ---- mixed -------------------------------------------------------------------------

    @Test
    void mixed_interactiveAroundTheMeansAndBatchForever() {
        Workload w = gen("mixed", "interactive=6", "batch=3");
        assertEquals(List.of("inter0", "inter1", "inter2", "inter3", "inter4", "inter5", "batch0", "batch1", "batch2"),
                w.tasks().stream().map(TaskDef::name).toList());
        for (TaskDef t : w.tasks().subList(0, 6)) {
            long burst = ((Phase.Run) t.phases().get(0)).ns();
            long think = ((Phase.Sleep) t.phases().get(1)).ns();
            assertTrue(burst >= 500 * US && burst < 1500 * US && burst % US == 0, "burst " + burst);
            assertTrue(think >= 10 * MS && think < 30 * MS && think % US == 0, "think " + think);
            assertTrue(t.startNs() >= 0 && t.startNs() < think, "start " + t.startNs());
            assertEquals(TaskDef.FOREVER, t.loop());
        }
        assertEquals(List.of(Phase.run(100 * MS)), w.tasks().get(6).phases());
        assertEquals(5 * S, w.stopNs());
    }

    // ---- bad options -------------------------------------------------------------------

    @Test
    void badOptions_nameGeneratorOptionAndValue() {
        assertEquals("generator \"hackbnch\" is unknown; the generators are hackbench, schbench, ostep, rtset, mixed",
                assertThrows(IllegalArgumentException.class, () -> generators.generate("hackbnch", Map.of())).getMessage());
        assertEquals("hackbench: unknown option \"group\"; did you mean \"groups\"? (options: seed, name, cpus, hz, groups, fds, loops, send, recv)",
                error("hackbench", "group=2"));
        assertEquals("hackbench: option groups=\"two\" is not a whole number", error("hackbench", "groups=two"));
        assertEquals("hackbench: option fds=\"0\" is out of range 1..100000", error("hackbench", "fds=0"));
        assertEquals("hackbench: option send=\"3\" needs a unit (ns, us, ms, s)", error("hackbench", "send=3"));
        assertEquals("hackbench: option recv=\"fast\" is not a duration such as 10ms or 1.5s", error("hackbench", "recv=fast"));
        assertEquals("hackbench: options groups=1000 fds=1000 make 2000000 tasks; at most 100000", error("hackbench", "groups=1000", "fds=1000"));
        assertEquals("mixed: option hz=\"20000\" is out of range 10..10000", error("mixed", "hz=20000"));
        assertEquals("schbench: option seed=\"x\" is not a whole number", error("schbench", "seed=x"));
        assertEquals("rtset: option dist=\"normal\" is not one of loguniform, uniform", error("rtset", "dist=normal"));
        assertEquals("rtset: option util=\"6\" is out of range: it must be more than 0.0 and at most 5.0", error("rtset", "util=6"));
        assertEquals("rtset: option pmax=\"5ms\" is shorter than pmin=\"10ms\"", error("rtset", "pmax=5ms"));
        assertEquals("rtset: unknown option \"work\" (options: seed, name, cpus, hz, n, util, pmin, pmax, dist, grain, cgrain, policy, on_miss, stop)",
                error("rtset", "work=0"));
        assertEquals("ostep: option lengths=\"8,x\" is not a comma-separated list of whole numbers such as 8,3,3,9", error("ostep", "lengths=8,x"));
        assertEquals("ostep: option lengths=\"8,0\" has a length 0; each must be at least 1", error("ostep", "lengths=8,0"));
        assertEquals("mixed: options interactive=0 batch=0 make no task", error("mixed", "interactive=0", "batch=0"));
        assertEquals("schbench: option runtime=\"0s\" must be more than 0", error("schbench", "runtime=0s"));
    }
}
