package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/** Kernel.load(): a workload's tasks put into the live machine, each at its start counted from now. */
class LoadWorkloadTest {

    @Test
    void load_createsEachTaskAtItsStartFromNow_andRunsItsPhases() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            k.run(5_000_000L);
            Workload w = new Workload("mine", Machine.DEFAULT, 1_000_000_000L, List.of(
                    TaskDef.of("cpu", new Phase.Run(3_000_000L)),
                    TaskDef.of("io", new Phase.Run(1_000_000L), new Phase.Sleep(2_000_000L), new Phase.Run(1_000_000L)).withStart(2_000_000L).withInstances(2)));
            assertEquals(3, k.load(w), "cpu, and two instances of io");
            assertEquals(List.of(), names(k), "nothing yet: created when the machine runs");
            k.run(1_000_000L);
            assertEquals(List.of("cpu"), names(k), "cpu starts now, io at now + 2 ms");
            k.run(1_500_000L);
            assertEquals(List.of("cpu", "io-0", "io-1"), names(k));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of(), names(k), "every task ran its phases and exited");
            assertTrue(k.now() >= 5_000_000L + 2_000_000L + 4_000_000L, "io needs at least 4 ms from its start: " + k.now());
            assertThrows(IllegalArgumentException.class, () -> k.load(null));
        }
    }

    private static List<String> names(Kernel k) {
        return k.ps().stream().filter(t -> !t.kernelThread && t.pid > 0).map(t -> t.comm).sorted().toList();
    }
}
