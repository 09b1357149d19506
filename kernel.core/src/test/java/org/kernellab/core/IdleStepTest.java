package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/** The idle task stepped inline does what the idle loop on its own thread does: same trace, same figures. */
class IdleStepTest {
    private static Workload workload(Costs costs) {
        List<TaskDef> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(TaskDef.of("t" + i, Phase.run(300_000 + 70_000L * i), Phase.sleep(900_000 - 100_000L * i),
                    Phase.io(250_000), Phase.yieldCpu()).withLoop(20).withStart(13_000L * i));
        }
        return new Workload("idle", new Machine(3, 1000, 1, costs), Workload.UNTIL_EXIT, tasks);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void inlineIdle_sameAsIdleThread(boolean typicalCosts) {
        RunSpec spec = RunSpec.of(workload(typicalCosts ? Costs.TYPICAL : Costs.NONE), "bypass").withTimeline(true).withTrace(true);
        RunResult threaded = new WorkloadRun(spec, null, false).run(RunMonitor.NONE);
        RunResult inline = new WorkloadRun(spec, null, true).run(RunMonitor.NONE);
        assertEquals("exit", inline.stoppedBy());
        assertTrue(inline.switches() > 100, "switches " + inline.switches());
        assertEquals(threaded.trace(), inline.trace());
        assertEquals(threaded.digest(), inline.digest());
        assertEquals(threaded.endNs(), inline.endNs());
        assertEquals(List.of(threaded.busyNs()[0], threaded.busyNs()[1], threaded.busyNs()[2]),
                List.of(inline.busyNs()[0], inline.busyNs()[1], inline.busyNs()[2]));
        for (int i = 0; i < inline.tasks().size(); i++) {
            assertEquals(threaded.tasks().get(i).waitNs(), inline.tasks().get(i).waitNs());
            assertEquals(threaded.tasks().get(i).exitNs(), inline.tasks().get(i).exitNs());
        }
    }
}
