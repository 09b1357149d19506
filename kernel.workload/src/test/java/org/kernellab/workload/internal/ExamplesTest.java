package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/** The example workloads of docs/workloads/: each parses, and docs/workloads.md shows each one as it is. */
class ExamplesTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final Workloads json = new Workloads();

    private static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(SchemaTest.DOCS.resolve("workloads"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void examples_eachParsesAndRoundTrips() throws IOException {
        List<Path> files = examples();
        assertEquals(List.of("nice-pair.json", "pipeline.json"), files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path p : files) {
            Workload w = json.read(p);
            assertEquals(p.getFileName().toString().replace(".json", ""), w.name());
            assertEquals(w, json.read(p.toString(), json.write(w)), p.toString());
        }
    }

    @Test
    void examples_eachAppearsInWorkloadsMd() throws IOException {
        String md = Files.readString(SchemaTest.DOCS.resolve("workloads.md"));
        for (Path p : examples()) {
            String text = Files.readString(p).strip();
            assertTrue(md.contains("```json\n" + text + "\n```"), p + " is not shown as it is in docs/workloads.md");
        }
    }

    @Test
    void nicePair_isTheIssuesWorkload() throws IOException {
        Workload w = json.read(SchemaTest.DOCS.resolve("workloads/nice-pair.json"));
        assertEquals(new Machine(1, 1000, 1, Costs.NONE), w.machine());
        assertEquals(10 * S, w.stopNs());
        assertEquals(List.of("a", "b", "T1", "io-0", "io-1", "io-2", "io-3"), w.expand().stream().map(TaskDef::name).toList());
        assertEquals(SchedAttr.normal().withNice(5), w.tasks().get(1).sched());
        TaskDef t1 = w.tasks().get(2);
        assertEquals(Periodic.of(7 * MS), t1.periodic());
        assertEquals(TaskDef.FOREVER, t1.loop());
        TaskDef io = w.tasks().get(3);
        assertEquals(List.of(Phase.run(2 * MS), Phase.io(4 * MS)), io.phases());
        assertEquals(10, io.loop());
        assertEquals(5 * MS, io.startNs());
    }
}
