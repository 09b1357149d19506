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
import org.kernellab.api.workload.Workload;
import org.kernellab.workload.internal.Generators;

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
        Workload w = new Generators().generate(generator, Map.of("seed", "3"));
        RunSpec spec = RunSpec.of(w, policy).withTimeline(true);
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
    }
}
