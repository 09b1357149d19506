package org.kernellab.compare.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.run.ReportWriter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code sched:run}, {@code sched:compare} and {@code sched:merge} typed into a real Gogo
 * session (no framework), registered with the scope and functions of the generated DS
 * descriptor, over a fake runner and reader: the option parsing, the files, the order of runs
 * under {@code --jobs}, shards and their merge, the errors, and cancellation.
 */
class CompareCommandsTest {
    private static final String DESCRIPTOR = "OSGI-INF/" + CompareCommands.class.getName() + ".xml";

    private final Fakes.Reader reader = new Fakes.Reader();
    private final Fakes.Runner runner = new Fakes.Runner("fair", "cfs", "rr");
    private final AtomicReference<String> reportInput = new AtomicReference<>();
    private final ReportWriter reportWriter = json -> {
        reportInput.set(json);
        return "<html>" + json.length() + "</html>";
    };
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;
    private CompareCommands commands;

    @TempDir
    Path dir;

    @BeforeEach
    void openSession() throws IOException {
        open(runner, reportWriter);
        Files.writeString(dir.resolve("w.json"), "{}");
        Files.writeString(dir.resolve("other.json"), "{}");
    }

    private void open(Fakes.Runner r, ReportWriter report) throws IOException {
        if (session != null) closeSession();
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        String xml = descriptor();
        Matcher scope = Pattern.compile("name=\"osgi.command.scope\" type=\"String\" value=\"([^\"]*)\"").matcher(xml);
        Matcher functions = Pattern.compile("name=\"osgi.command.function\" type=\"String\">\\s*([^<]*)</property>").matcher(xml);
        assertTrue(scope.find() && functions.find(), xml);
        assertEquals("sched", scope.group(1));
        String[] names = functions.group(1).trim().split("\\s+");
        assertEquals(List.of("run", "compare", "merge"), List.of(names));
        commands = new CompareCommands(reader, r, report, "1.2.3", () -> 0L);
        for (String n : names) processor.addCommand(scope.group(1), commands, n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        session.currentDir(dir);
    }

    @AfterEach
    void closeSession() {
        session.close();
        processor.stop();
        threadIO.stop();
        session = null;
    }

    private static String descriptor() throws IOException {
        try (InputStream in = CompareCommandsTest.class.getClassLoader().getResourceAsStream(DESCRIPTOR)) {
            if (in == null) throw new IOException(DESCRIPTOR + " is not on the test class path: bnd writes it when it processes the classes");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String run(String line) throws Exception {
        return (String) session.execute(line);
    }

    private String failure(String line) {
        Exception e = assertThrows(Exception.class, () -> run(line));
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, () -> "unexpected " + e);
        return e.getMessage();
    }

    private JsonNode json(String file) throws IOException {
        return ResultsJson.MAPPER.readTree(Files.readString(dir.resolve(file)));
    }

    // ---- sched:run -------------------------------------------------------------------

    @Test
    void run_printsTheSummaryAndThePerfLatencyTable() throws Exception {
        String out = run("sched:run w.json");
        assertTrue(out.startsWith("w under fair seed 1: 2 tasks on 2 CPUs at HZ 1000; ended at 0.010000 s (stop), 2 exited\n"), out);
        assertTrue(out.contains("  Task                   |  Runtime ms   | Switches | Avg delay ms     | Max delay ms     |\n"), out);
        // b has the larger average delay (2000*4 ns in its wakeups), so it comes first, as perf sorts
        int a = out.indexOf("  a:3 ");
        int b = out.indexOf("  b:4 ");
        assertTrue(b > 0 && a > b, out);
        assertTrue(out.contains("  a:3                    |      3.001 ms |        3 | avg:    0.003 ms | max:    0.006 ms |\n"), out);
        assertTrue(out.contains("  TOTAL:                 |      7.002 ms |        7 |\n"), out);
    }

    @Test
    void run_policySeedJsonTrace_writeTheRunWithItsTimeline() throws Exception {
        String out = run("sched:run --policy cfs --seed 5 --json r.json --trace t.txt w.json");
        assertTrue(out.contains("wrote the results to " + dir.resolve("r.json")), out);
        JsonNode d = json("r.json");
        assertEquals("w", d.get("workload").asText());
        assertEquals("1.2.3", d.get("kernellab").asText());
        assertEquals("[\"cfs\"]", d.get("policies").toString());
        assertEquals("[5]", d.get("seeds").toString());
        assertEquals(5, d.get("runs").get(0).get("seed").asLong());
        assertTrue(d.get("runs").get(0).has("timeline"), "--trace asks the run for its timeline");
        assertTrue(Files.readString(dir.resolve("t.txt")).contains("sched_switch: cfs"));
    }

    @Test
    void run_unknownPolicy_namesItAndTheChoices() {
        assertEquals("unknown policy \"nope\" in --policy; policies: fair, cfs, rr", failure("sched:run --policy nope w.json"));
    }

    @Test
    void run_missingWorkload_namesTheFile() {
        assertEquals("workload \"missing.json\": no such file " + dir.resolve("missing.json"), failure("sched:run missing.json"));
    }

    @Test
    void run_badSeed_isQuoted() {
        assertEquals("--seed \"x1\": \"x1\" is not a whole number", failure("sched:run --seed x1 w.json"));
    }

    @Test
    void run_jsonInAMissingFolder_namesTheFolder_andRunsNothing() {
        assertEquals("--json \"nowhere/r.json\": the folder \"" + dir.resolve("nowhere") + "\" does not exist",
                failure("sched:run --json nowhere/r.json w.json"));
        assertTrue(runner.finished.isEmpty());
        assertTrue(reader.read.isEmpty(), "the outputs are checked before the workload is read");
    }

    @Test
    void run_withoutARunner_saysWhichBundle() throws Exception {
        open(null, null);
        String m = failure("sched:run w.json");
        assertTrue(m.startsWith("no workload runner (no WorkloadRunner service): is the kernel.core bundle active?"), m);
    }

    @Test
    void run_withoutArguments_printsTheUsage() {
        assertEquals(CompareCommands.RUN_USAGE, failure("sched:run"));
    }

    // ---- sched:compare ---------------------------------------------------------------

    @Test
    void compare_all_runsEveryPolicy_sideBySide_bestMarked() throws Exception {
        String out = run("sched:compare w.json --policies all --seeds 1,2");
        assertTrue(out.startsWith("w: 6 runs (3 policies x 2 seeds)\n\n"), out);
        assertEquals(List.of("fair/1", "fair/2", "cfs/1", "cfs/2", "rr/1", "rr/2"), runner.finished);
        String header = out.lines().filter(l -> l.startsWith("metric")).findFirst().orElseThrow();
        assertTrue(header.matches("metric\\s+fair\\s+cfs\\s+rr"), header);
        // avg response: fair 0 (first run at start), cfs 10 us, rr 20 us: lower is better
        String response = out.lines().filter(l -> l.startsWith("avg response ms")).findFirst().orElseThrow();
        assertTrue(response.matches("avg response ms\\s+0\\.000\\*\\s+0\\.010\\s+0\\.020\\s*"), response);
        // makespan: cfs never exits (null), so "-"; fair and rr tie, both marked
        String makespan = out.lines().filter(l -> l.startsWith("makespan ms")).findFirst().orElseThrow();
        assertTrue(makespan.matches("makespan ms\\s+8\\.004\\*\\s+-\\s+8\\.004\\*\\s*"), makespan);
        // fairness: higher is better
        String jain = out.lines().filter(l -> l.startsWith("jain fairness")).findFirst().orElseThrow();
        assertTrue(jain.matches("jain fairness\\s+0\\.9\\d+\\s+0\\.9\\d+\\s+0\\.9\\d+\\*\\s*"), jain);
        assertTrue(out.contains("each cell is the mean over 2 seeds"), out);
    }

    @Test
    void compare_jobs_givesTheSameBytesAsOneJob_whateverOrderTheRunsFinish() throws Exception {
        run("sched:compare w.json --policies fair,cfs,rr --seeds 3,1 --json one.json --csv one.csv");
        List<String> order = List.of("fair/3", "fair/1", "cfs/3", "cfs/1", "rr/3", "rr/1");
        assertEquals(order, runner.finished);
        runner.finished.clear();
        runner.done.clear();
        runner.reverse = order;
        run("sched:compare w.json --policies fair,cfs,rr --seeds 3,1 --jobs 6 --json six.json --csv six.csv");
        assertEquals(order.reversed(), runner.finished, "the runs really finished last-first");
        assertEquals(Files.readString(dir.resolve("one.json")), Files.readString(dir.resolve("six.json")));
        assertEquals(Files.readString(dir.resolve("one.csv")), Files.readString(dir.resolve("six.csv")));
        JsonNode runs = json("six.json").get("runs");
        for (int i = 0; i < order.size(); i++) assertEquals(order.get(i), runs.get(i).get("policy").asText() + "/" + runs.get(i).get("seed"));
    }

    @Test
    void compare_shards_runTheirRuns_andMergeToTheUnshardedBytes() throws Exception {
        run("sched:compare w.json --policies all --seeds 1,2,3 --json whole.json --csv whole.csv");
        runner.finished.clear();
        run("sched:compare w.json --policies all --seeds 1,2,3 --shard 0/4 --json s0.json");
        assertEquals(List.of("fair/1", "cfs/2", "rr/3"), runner.finished, "runs 0, 4 and 8 of 9");
        run("sched:compare w.json --policies all --seeds 1,2,3 --shard 1/4 --json s1.json");
        run("sched:compare w.json --policies all --seeds 1,2,3 --shard 2/4 --json s2.json");
        run("sched:compare w.json --policies all --seeds 1,2,3 --shard 3/4 --json s3.json");
        assertEquals("1/4", json("s1.json").get("shard").asText());
        String out = run("sched:merge s2.json s0.json s3.json s1.json --json merged.json --csv merged.csv");
        assertTrue(out.startsWith("w: merged 4 files, 9 runs\n"), out);
        assertEquals(Files.readString(dir.resolve("whole.json")), Files.readString(dir.resolve("merged.json")));
        assertEquals(Files.readString(dir.resolve("whole.csv")), Files.readString(dir.resolve("merged.csv")));
    }

    @Test
    void compare_shardOutOfRange_orNotAFraction_isRefused() {
        assertEquals("--shard \"3/2\": shard index 3 must lie in 0..1 for 2 shards (0-based); write i/n with 0 <= i < n, e.g. --shard 0/4",
                failure("sched:compare w.json --policies all --shard 3/2"));
        assertEquals("--shard \"half\" is not i/n; write i/n with 0 <= i < n, e.g. --shard 0/4",
                failure("sched:compare w.json --policies all --shard half"));
        assertTrue(runner.finished.isEmpty());
    }

    @Test
    void compare_badArguments_nameTheArgument() {
        assertEquals("unknown policy \"edf\" in --policies; policies: fair, cfs, rr", failure("sched:compare w.json --policies fair,edf"));
        assertEquals("--policies \"fair,fair\" names \"fair\" twice", failure("sched:compare w.json --policies fair,fair"));
        assertEquals("--policies \"fair,,rr\" has an empty entry; write a,b,c", failure("sched:compare w.json --policies fair,,rr"));
        assertEquals("--seeds \"1,x\": \"x\" is not a whole number", failure("sched:compare w.json --policies all --seeds 1,x"));
        assertEquals("--jobs \"0\" must be at least 1", failure("sched:compare w.json --policies all --jobs 0"));
        assertEquals("sched:compare needs --policies (a,b,c or all); " + CompareCommands.COMPARE_USAGE, failure("sched:compare w.json"));
        assertEquals("--csv \"no/c.csv\": the folder \"" + dir.resolve("no") + "\" does not exist",
                failure("sched:compare w.json --policies all --csv no/c.csv"));
        assertTrue(runner.finished.isEmpty());
    }

    @Test
    void compare_report_callsTheReportWriterWithTheResults_andRecordsTimelines() throws Exception {
        run("sched:compare w.json --policies fair,rr --report r.html --json r.json");
        assertEquals(Files.readString(dir.resolve("r.json")), reportInput.get());
        assertEquals("<html>" + reportInput.get().length() + "</html>", Files.readString(dir.resolve("r.html")));
        assertTrue(json("r.json").get("runs").get(1).has("timeline"));
    }

    @Test
    void compare_reportWithoutTheReportBundle_failsBeforeRunning() throws Exception {
        open(runner, null);
        String m = failure("sched:compare w.json --policies all --report r.html");
        assertTrue(m.startsWith("--report needs the HTML report bundle, and no ReportWriter service is registered"), m);
        assertTrue(runner.finished.isEmpty());
        run("sched:compare w.json --policies all --json ok.json");
        assertTrue(Files.exists(dir.resolve("ok.json")), "the rest works without it");
    }

    @Test
    void compare_interruptOfTheCommandThread_cancelsCleanly() throws Exception {
        Fakes.Runner spinning = new Fakes.Runner("fair", "cfs", "rr");
        spinning.untilCancelled = new java.util.concurrent.CountDownLatch(1);
        CompareCommands c = new CompareCommands(reader, spinning, null, "1", () -> 0L);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.PrintStream oldErr = System.err;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread command = new Thread(() -> {
            try {
                c.compare(session, "all", "1,2", "c.json", "", "", false, "2", "", "w.json");
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            command.start();
            // once a run reports, the command thread has taken System.err as its status stream
            assertTrue(spinning.untilCancelled.await(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            System.setErr(oldErr);
        }
        command.interrupt(); // what Gogo does on Ctrl-C
        command.join(20_000);
        assertFalse(command.isAlive());
        assertTrue(thrown.get() instanceof java.util.concurrent.CancellationException, () -> "got " + thrown.get());
        assertEquals("sched:compare cancelled: 0 of 6 runs finished; the others were dropped", thrown.get().getMessage());
        assertFalse(interruptedAfter.get(), "the console's thread is left clean");
        assertFalse(Files.exists(dir.resolve("c.json")), "nothing is written");
        assertEquals("sched:compare cancelled: 0 of 6 runs finished; the others were dropped\n", err.toString(StandardCharsets.UTF_8),
                "said on the console too: Gogo reports a Ctrl-C'd job as a bare InterruptedException");
    }

    // ---- sched:merge -----------------------------------------------------------------

    @Test
    void merge_refusesMixedWorkloads_versions_andIncompleteShards() throws Exception {
        run("sched:compare w.json --policies fair,cfs --shard 0/2 --json a0.json");
        run("sched:compare w.json --policies fair,cfs --shard 1/2 --json a1.json");
        run("sched:compare other.json --policies fair,cfs --shard 1/2 --json o1.json");
        assertEquals("cannot merge results of different workloads: a0.json has workload \"w\", o1.json has \"other\"",
                failure("sched:merge a0.json o1.json"));
        assertEquals("shard 1/2 is missing (given: a0.json)", failure("sched:merge a0.json"));
        assertEquals("shard 0/2 is given twice: a0.json and a0.json", failure("sched:merge a0.json a0.json"));
        new CompareCommands(reader, runner, reportWriter, "9.9.9", () -> 0L)
                .compare(session, "fair,cfs", "", "v1.json", "", "", false, "1", "1/2", "w.json");
        assertEquals("cannot merge results of different KernelLab versions: a0.json has kernellab \"1.2.3\", v1.json has \"9.9.9\"",
                failure("sched:merge a0.json v1.json"));
        assertEquals("results file \"none.json\": no such file " + dir.resolve("none.json"), failure("sched:merge a0.json none.json"));
        assertEquals("w.json is not a results document of sched:compare: \"workload\" is missing or not a string", failure("sched:merge w.json"));
    }
}
