package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.workload.WorkloadReader;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** Workload runs in the framework: the runner over the policy bundles, and the sched: commands built on it. */
@ExtendWith(ServiceExtension.class)
class WorkloadRunsTest {
    private static final String PAIR = """
        {"name": "pair", "machine": {"cpus": 1, "hz": 1000}, "stop": "1s", "tasks": [
          {"name": "a", "loop": -1, "phases": [{"run": "10ms"}, {"sleep": "1ms"}]},
          {"name": "b", "sched": {"nice": 5}, "loop": -1, "phases": [{"run": "10ms"}]}]}""";

    @InjectService
    WorkloadRunner runner;

    @InjectService
    WorkloadReader reader;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;

    @BeforeEach
    void openSession() {
        session = new GogoSession(processor);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void runner_offersEveryPolicyBundle_andRunsOnAPrivateMachine() {
        assertEquals("fair", runner.policies().get(0));
        assertTrue(runner.policies().containsAll(java.util.List.of("fifo", "rr", "sjf", "stcf", "mlfq", "lottery", "stride",
                "o1", "cfs", "edf", "rm", "simple")), runner.policies().toString());
        RunResult fair = runner.run(RunSpec.of(reader.read("pair.json", PAIR), "fair"));
        RunResult fifo = runner.run(RunSpec.of(reader.read("pair.json", PAIR), "fifo"));
        assertEquals("stop", fair.stoppedBy());
        assertEquals(1_000_000_000L, fair.endNs());
        // fair shares the CPU; under fifo b takes it when a first sleeps and, never sleeping, keeps it
        assertTrue(fair.tasks().get(0).cpuNs() > 500_000_000L && fair.tasks().get(1).cpuNs() > 100_000_000L, fair.tasks().toString());
        assertEquals(10_000_000L, fifo.tasks().get(0).cpuNs());
        assertEquals(990_000_000L, fifo.tasks().get(1).cpuNs());
        String err = assertThrows(IllegalArgumentException.class, () -> runner.run(RunSpec.of(reader.read("pair.json", PAIR), "nosuch"))).getMessage();
        assertTrue(err.contains("nosuch"), err);
    }

    @Test
    void schedCompare_writesOneRunPerPolicyAndSeed() throws Exception {
        Path dir = Files.createTempDirectory("compare");
        Path w = Files.writeString(dir.resolve("pair.json"), PAIR);
        Path json = dir.resolve("out.json");
        Object table = session.execute("sched:compare " + w + " --policies fair,fifo,rr --seeds 1,2 --json " + json);
        String doc = Files.readString(json);
        assertEquals(6, doc.split("\"policy\"").length - 1, doc);
        assertTrue(String.valueOf(table).contains("jain fairness"), String.valueOf(table));
    }

    @Test
    void schedOstep_sjf_printsTheScriptsAnswer() throws Exception {
        session.execute("sched:ostep scheduler -p SJF -l 3,1 -c");
        String text = session.output();
        // SJF by hand: job 1 runs 0-1, job 0 1-4
        assertTrue(text.contains("Average -- Response: 0.50  Turnaround 2.50  Wait 0.50"), text);
        // kernel:trace show now shows that run, until the console's machine runs again
        String trace = String.valueOf(session.execute("kernel:trace show"));
        assertTrue(trace.startsWith("# KernelLab: the trace of workload run "), trace);
        assertTrue(trace.contains("sched_switch: prev_comm=job1 prev_pid=2 prev_prio=120 prev_state=X ==> next_comm=job0 next_pid=1"), trace);
        session.execute("kernel:run 1ms");
        assertTrue(!String.valueOf(session.execute("kernel:trace show")).contains("workload run"), "the console's own trace again");
    }
}
