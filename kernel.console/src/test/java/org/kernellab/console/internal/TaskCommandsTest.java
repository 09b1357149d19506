package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.Kernel;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.workload.internal.Workloads;

/** kernel:load and kernel:spawn on a real machine with the real workload reader. */
class TaskCommandsTest {

    private static List<String> users(Kernel k) {
        return k.ps().stream().filter(t -> !t.kernelThread && t.pid > 0).map(t -> t.comm + ":" + t.state).sorted().toList();
    }

    @Test
    void spawn_addsATaskThatRunsItsPhasesFromNow() throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(1).withPeriodicTick()) {
            TaskCommands c = new TaskCommands(m.kernel(), new Workloads());
            m.kernel().run(2_000_000L);
            assertEquals("spawned worker (3 phases); kernel:run <time> runs it", c.spawn(0, 1, "0ns", "worker", "run:3ms", "sleep:2ms", "run:1ms"));
            m.kernel().run(1_000_000L);
            assertEquals(List.of("worker:R"), users(m.kernel()));
            m.kernel().run(3_000_000L);
            assertEquals(List.of("worker:S"), users(m.kernel()), "3 ms of CPU done by 5 ms, then asleep for 2 ms");
            m.kernel().run(10_000_000L);
            assertEquals(List.of(), users(m.kernel()), "and exited");

            assertEquals("spawned late (from +5ms, 1 phase); kernel:run <time> runs it", c.spawn(5, -1, "5ms", "late", "run:1ms"));
        }
    }

    @Test
    void spawn_badPhase_isRefusedInTheCommandLinesWords() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            TaskCommands c = new TaskCommands(m.kernel(), new Workloads());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.spawn(0, 1, "0ns", "w", "run:3ms", "sleep:3"));
            assertTrue(e.getMessage().contains("phase 2 (sleep:3)"), e.getMessage());
            assertTrue(e.getMessage().contains("needs a unit"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> c.spawn(99, 1, "0ns", "w", "run:3ms"));
            assertTrue(e.getMessage().contains("--nice"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> c.spawn(0, 1, "0ns", "w"));
            assertEquals("kernel:spawn: task w has no phase; usage: kernel:spawn [--nice n] [--loop n] [--start t] <name> run:3ms sleep:1ms ...", e.getMessage());
            assertEquals(List.of(), users(m.kernel()), "nothing was added");
        }
    }

    @Test
    void load_putsAWorkloadsTasksIn_andSaysWhatItDoesNotApply(@TempDir Path dir) throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(2).withPeriodicTick()) {
            TaskCommands c = new TaskCommands(m.kernel(), new Workloads());
            Path f = dir.resolve("pair.json");
            Files.writeString(f, """
                    {"name": "pair", "machine": {"cpus": 1, "hz": 1000},
                     "tasks": [{"name": "a", "phases": [{"run": "2ms"}]},
                               {"name": "io", "instances": 2, "start": "1ms", "phases": [{"run": "1ms"}, {"io": "1ms"}]}]}
                    """);
            String said = c.load(f.toString());
            assertEquals("loaded 3 tasks of workload pair: a (1 phase), io (2 instances, from +1ms, 2 phases)\n"
                    + "note: the workload is written for 1 CPU at HZ=1000; this machine keeps its 2 CPUs at HZ=250 (kernel:config cpus 1 and"
                    + " kernel:config hz 1000, then kernel:load again, to match)\n"
                    + "kernel:run <time> runs them; kernel:ps lists them", said);
            m.kernel().run(1_500_000L);
            assertEquals(List.of("a:R", "io-0:R", "io-1:R"), users(m.kernel()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.load(dir.resolve("none.json").toString()));
            assertTrue(e.getMessage().startsWith("kernel:load: " + dir.resolve("none.json") + " does not exist; usage: kernel:load <workload.json>"), e.getMessage());
        }
    }
}
