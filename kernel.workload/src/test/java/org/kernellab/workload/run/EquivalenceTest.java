package org.kernellab.workload.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.TaskStats;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Workload;
import org.kernellab.workload.internal.Generators;
import org.kernellab.workload.internal.Workloads;

/**
 * A phase-scripted task stepped by the engine with no thread does exactly what the same phases
 * do as a Java body on a thread: the same trace (digest), the same statistics, on every
 * generator and under policies of every kind.
 */
class EquivalenceTest {
    private static final WorkloadRunner RUNNER = Runs.runner();

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({
        "hackbench, fair", "hackbench, rr", "hackbench, cfs",
        "schbench, fair", "schbench, o1", "schbench, stride",
        "ostep, fifo", "ostep, sjf", "ostep, stcf", "ostep, mlfq", "ostep, lottery",
        "rtset, edf", "rtset, rm", "rtset, fair",
        "mixed, fair", "mixed, mlfq", "mixed, simple",
    })
    void scriptedAndThreaded_sameTraceAndStats(String generator, String policy) {
        same(RunSpec.of(new Generators().generate(generator, Map.of("seed", "3")), policy).withTimeline(true).withTrace(true));
    }

    /** With the machine's own costs (switches, ticks, interrupt entry) charged. */
    @ParameterizedTest(name = "{0} under {1}, typical costs")
    @CsvSource({"hackbench, fair", "mixed, mlfq", "rtset, edf"})
    void scriptedAndThreaded_sameWithCosts(String generator, String policy) {
        Workload w = new Generators().generate(generator, Map.of("seed", "5"));
        Machine m = w.machine();
        same(RunSpec.of(w.withMachine(new Machine(m.cpus(), m.hz(), m.seed(), Costs.TYPICAL)), policy).withTimeline(true).withTrace(true));
    }

    /** Overload with both miss modes (a job aborted while it computes, sleeps or holds a mutex), and every sync phase. */
    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({"abort, rm", "continue, rm", "abort, edf", "continue, edf", "abort, fair", "abort, rr"})
    void scriptedAndThreaded_sameUnderOverloadAndSync(String onMiss, String policy) {
        Workload w = new Workloads().read("overload.json", """
            {"name": "overload", "machine": {"cpus": 2, "hz": 250}, "stop": "300ms", "tasks": [
              {"name": "p", "instances": 3, "periodic": {"period": "10ms", "on_miss": "%s"},
               "phases": [{"run": "3ms"}, {"lock": "m"}, {"run": "2ms"}, {"unlock": "m"}, {"io": "1ms"}, {"run": "2ms"}]},
              {"name": "q", "periodic": {"period": "7ms", "deadline": "5ms", "on_miss": "%s"}, "phases": [{"run": "4ms"}, {"signal": "go"}]},
              {"name": "c", "loop": -1, "phases": [{"wait": "go"}, {"run": "1ms"}, {"barrier": "b"}, {"yield": true}]},
              {"name": "d", "loop": -1, "phases": [{"run": "2ms"}, {"barrier": "b"}, {"sleep": "1ms"}]}]}""".formatted(onMiss, onMiss));
        RunResult r = same(RunSpec.of(w, policy).withTimeline(true).withTrace(true));
        assertTrue(r.tasks().stream().mapToInt(TaskStats::misses).sum() > 0, "the workload overloads the machine");
    }

    private static RunResult same(RunSpec spec) {
        RunResult scripted = RUNNER.run(spec);
        RunResult threaded = RUNNER.run(spec.withThreaded(true));
        assertTrue(scripted.switches() > 0, "the run switched tasks");
        assertEquals(threaded.digest(), scripted.digest(), "trace digest");
        assertEquals(threaded.trace(), scripted.trace(), "trace text");
        assertEquals(threaded.endNs(), scripted.endNs());
        assertEquals(threaded.stoppedBy(), scripted.stoppedBy());
        assertEquals(threaded.switches(), scripted.switches());
        assertArrayEquals(threaded.busyNs(), scripted.busyNs());
        assertEquals(threaded.timeline(), scripted.timeline());
        assertEquals(threaded.tasks().size(), scripted.tasks().size());
        for (int i = 0; i < scripted.tasks().size(); i++) {
            TaskStats a = threaded.tasks().get(i);
            TaskStats b = scripted.tasks().get(i);
            String n = b.name();
            assertEquals(a.name(), n);
            assertEquals(a.pid(), b.pid(), n);
            assertEquals(a.firstRunNs(), b.firstRunNs(), n);
            assertEquals(a.exitNs(), b.exitNs(), n);
            assertEquals(a.cpuNs(), b.cpuNs(), n);
            assertEquals(a.waitNs(), b.waitNs(), n);
            assertEquals(a.nvcsw(), b.nvcsw(), n);
            assertEquals(a.nivcsw(), b.nivcsw(), n);
            assertEquals(a.migrations(), b.migrations(), n);
            assertArrayEquals(a.wakeupLatencyNs(), b.wakeupLatencyNs(), n);
            assertEquals(a.jobs(), b.jobs(), n);
            assertEquals(a.misses(), b.misses(), n);
            assertEquals(a.firstMissNs(), b.firstMissNs(), n);
            assertArrayEquals(a.jobResponseNs(), b.jobResponseNs(), n);
        }
        return scripted;
    }
}
