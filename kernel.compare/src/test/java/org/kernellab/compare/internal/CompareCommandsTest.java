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
    private final Fakes.Control control = new Fakes.Control();
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
        open(runner, reportWriter, control);
        Files.writeString(dir.resolve("w.json"), "{}");
        Files.writeString(dir.resolve("other.json"), "{}");
    }

    private void open(Fakes.Runner r, ReportWriter report) throws IOException {
        open(r, report, null);
    }

    private void open(Fakes.Runner r, ReportWriter report, Fakes.Control c) throws IOException {
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
        commands = new CompareCommands(reader, r, report, c, "1.2.3", () -> 0L);
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

    // ---- policies with parameters -------------------------------------------------------

    /** The line of the side-by-side table that starts with {@code label}. */
    private static String row(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow(() -> new AssertionError(label + " in\n" + out));
    }

    /** The document's {@code "policies"} as JSON, and each run's {@code "params"} in run order. */
    private void assertDocument(String file, String policies, String... params) throws IOException {
        JsonNode d = json(file);
        assertEquals(policies, d.get("policies").toString());
        assertEquals(params.length, d.get("runs").size());
        for (int i = 0; i < params.length; i++) assertEquals(params[i], d.get("runs").get(i).get("params").toString(), "runs[" + i + "]");
    }

    @Test
    void compare_onePolicyUnderSeveralParameterSettings_aColumnEach_policyAndParamsInTheJson() throws Exception {
        String out = run("sched:compare w.json --policies fair,rr,rr:quantum=5ms,rr:quantum=20ms --json p.json --csv p.csv");
        assertTrue(out.startsWith("w: 4 runs (4 policies x 1 seed)\n\n"), out);
        assertEquals(List.of("fair/1", "rr/1", "rr:quantum=5ms/1", "rr:quantum=20ms/1"), runner.finished);
        assertTrue(row(out, "metric").matches("metric\\s+fair\\s+rr\\s+rr:quantum=5ms\\s+rr:quantum=20ms"), out);
        // the fake answers 1 us later per unit of the quantum: rr 20 us, 5ms 25 us, 20ms 40 us
        assertTrue(row(out, "avg response ms").matches("avg response ms\\s+0\\.000\\*\\s+0\\.020\\s+0\\.025\\s+0\\.040\\s*"), out);
        assertDocument("p.json", "[\"fair\",\"rr\",\"rr:quantum=5ms\",\"rr:quantum=20ms\"]",
                "{}", "{}", "{\"quantum\":\"5ms\"}", "{\"quantum\":\"20ms\"}");
        JsonNode runs = json("p.json").get("runs");
        for (int i = 1; i < 4; i++) assertEquals("rr", runs.get(i).get("policy").asText(), "the policy's name, as ever; the parameters apart");
        assertEquals(List.of("rr", "quantum=20ms", "1"), List.of(Files.readAllLines(dir.resolve("p.csv")).stream()
                .filter(l -> l.startsWith("rr,quantum=20ms,")).findFirst().orElseThrow().split(",")).subList(0, 3));
        assertEquals(List.of("rr:quantum=5ms", "rr:quantum=20ms"), control.checked, "the parameters were checked; the names alone need no check");
    }

    @Test
    void compare_severalParameters_joinedByPlus_labelledSortedByKey() throws Exception {
        String out = run("sched:compare w.json --policies cfs:slice=3ms+latency=6ms,cfs:latency=6ms+slice=4ms --json p.json");
        assertTrue(row(out, "metric").matches("metric\\s+cfs:latency=6ms\\+slice=3ms\\s+cfs:latency=6ms\\+slice=4ms"), out);
        assertDocument("p.json", "[\"cfs:latency=6ms+slice=3ms\",\"cfs:latency=6ms+slice=4ms\"]",
                "{\"latency\":\"6ms\",\"slice\":\"3ms\"}", "{\"latency\":\"6ms\",\"slice\":\"4ms\"}");
    }

    @Test
    void compare_aListValue_keepsItsCommas_beforeTheNextEntry() throws Exception {
        run("sched:compare w.json --policies rr:quanta=10ms,20ms,40ms,rr,rr:quanta=5ms,5ms+quantum=1ms --json p.json");
        assertDocument("p.json", "[\"rr:quanta=10ms,20ms,40ms\",\"rr\",\"rr:quanta=5ms,5ms+quantum=1ms\"]",
                "{\"quanta\":\"10ms,20ms,40ms\"}", "{}", "{\"quanta\":\"5ms,5ms\",\"quantum\":\"1ms\"}");
    }

    @Test
    void compare_duplicateEntries_areRefused_theSamePolicyWithOtherParametersIsNot() throws Exception {
        assertEquals("--policies \"rr:quantum=5ms,rr:quantum=5ms\" names \"rr:quantum=5ms\" twice",
                failure("sched:compare w.json --policies rr:quantum=5ms,rr:quantum=5ms"));
        assertEquals("--policies \"cfs:slice=3ms+latency=6ms,cfs:latency=6ms+slice=3ms\" names \"cfs:latency=6ms+slice=3ms\" twice",
                failure("sched:compare w.json --policies cfs:slice=3ms+latency=6ms,cfs:latency=6ms+slice=3ms"));
        assertTrue(runner.finished.isEmpty());
        run("sched:compare w.json --policies rr,rr:quantum=5ms,rr:quantum=10ms");
        assertEquals(List.of("rr/1", "rr:quantum=5ms/1", "rr:quantum=10ms/1"), runner.finished);
    }

    @Test
    void compare_badParameter_namesTheEntryAndTheParameter_beforeAnythingRuns() {
        assertEquals("--policies entry \"rr:quantum=5\": policy rr: quantum=5: needs a duration with a unit (ns, us, ms, s), e.g. 10ms",
                failure("sched:compare w.json --policies fair,rr:quantum=5ms,rr:quantum=5 --jobs 3"));
        assertEquals("--policies entry \"rr:slice=3ms\": policy rr: unknown parameter \"slice\"; it takes quantum, quanta",
                failure("sched:compare w.json --policies rr:slice=3ms"));
        assertEquals("--policies entry \"fair:slice=3ms\": policy fair: the built-in class takes no parameters",
                failure("sched:compare w.json --policies fair:slice=3ms"));
        assertEquals("--policy entry \"cfs:slice=3\": policy cfs: slice=3: needs a duration with a unit (ns, us, ms, s), e.g. 10ms",
                failure("sched:run --policy cfs:slice=3 w.json"));
        assertEquals("unknown policy \"nope\" in --policies entry \"nope:quantum=5ms\"; policies: fair, cfs, rr",
                failure("sched:compare w.json --policies rr,nope:quantum=5ms"));
        assertTrue(runner.finished.isEmpty(), "nothing ran");
    }

    @Test
    void compare_badParameter_withoutTheSchedulersControls_isReportedByItsRun_namingIt() throws Exception {
        open(runner, null, null);
        assertEquals("rr:quantum=5 seed 1: policy rr: quantum=5: needs a duration with a unit (ns, us, ms, s), e.g. 10ms",
                failure("sched:compare w.json --policies rr:quantum=5"));
    }

    @Test
    void compare_entrySyntaxErrors_nameTheEntry() {
        assertEquals("--policies entry \"rr:\" has no parameters after ':'; write rr:key=value, e.g. rr:quantum=5ms",
                failure("sched:compare w.json --policies fair,rr:"));
        assertEquals("--policies entry \"rr:quantum\": parameter \"quantum\" is not key=value (join several with '+', e.g. mlfq:boost=100ms+allotment=2)",
                failure("sched:compare w.json --policies rr:quantum"));
        assertEquals("--policies entry \"rr:quantum=5ms+\" has an empty parameter; join parameters with '+', e.g. mlfq:boost=100ms+allotment=2",
                failure("sched:compare w.json --policies rr:quantum=5ms+"));
        assertEquals("--policies entry \"rr:quantum=5ms+quantum=6ms\": parameter \"quantum\" is given twice (quantum=5ms and quantum=6ms)",
                failure("sched:compare w.json --policies rr:quantum=5ms+quantum=6ms"));
        assertEquals("--policies entry \"rr:=5ms\": parameter \"=5ms\" has no key before '='", failure("sched:compare w.json --policies rr:=5ms"));
        assertEquals("--policies entry \":quantum=5ms\" has no policy name; write name or name:key=value, e.g. rr:quantum=5ms",
                failure("sched:compare w.json --policies :quantum=5ms"));
        assertEquals("--policies: \"all\" stands alone (--policies all), not in a list and without parameters",
                failure("sched:compare w.json --policies all:quantum=5ms"));
        assertTrue(runner.finished.isEmpty());
    }

    @Test
    void compare_all_staysEveryPolicyWithItsDefaults() throws Exception {
        run("sched:compare w.json --policies all --json a.json");
        assertDocument("a.json", "[\"fair\",\"cfs\",\"rr\"]", "{}", "{}", "{}");
        assertTrue(control.checked.isEmpty());
    }

    @Test
    void run_policyWithParameters_runsWithThem() throws Exception {
        String out = run("sched:run --policy rr:quantum=5ms+quanta=1ms,2ms --json r.json w.json");
        assertTrue(out.startsWith("w under rr:quanta=1ms,2ms+quantum=5ms seed 1: "), out);
        assertDocument("r.json", "[\"rr:quanta=1ms,2ms+quantum=5ms\"]", "{\"quanta\":\"1ms,2ms\",\"quantum\":\"5ms\"}");
        assertEquals("rr", json("r.json").get("runs").get(0).get("policy").asText());
    }

    @Test
    void compare_shardsOfAParameterSweep_mergeToTheUnshardedBytes() throws Exception {
        String sweep = "sched:compare w.json --policies rr:quantum=5ms,rr:quantum=20ms,cfs:slice=3ms+latency=6ms,fair --seeds 1,2";
        run(sweep + " --json whole.json --csv whole.csv");
        for (int i = 0; i < 3; i++) run(sweep + " --shard " + i + "/3 --json s" + i + ".json");
        String out = run("sched:merge s2.json s0.json s1.json --json merged.json --csv merged.csv");
        assertTrue(out.startsWith("w: merged 3 files, 8 runs\n"), out);
        assertTrue(row(out, "metric").matches("metric\\s+rr:quantum=5ms\\s+rr:quantum=20ms\\s+cfs:latency=6ms\\+slice=3ms\\s+fair"), out);
        assertEquals(Files.readString(dir.resolve("whole.json")), Files.readString(dir.resolve("merged.json")));
        assertEquals(Files.readString(dir.resolve("whole.csv")), Files.readString(dir.resolve("merged.csv")));
    }

    @Test
    void merge_refusesAShardWhoseRunHasOtherParameters() throws Exception {
        String sweep = "sched:compare w.json --policies rr:quantum=5ms,rr:quantum=20ms --shard ";
        run(sweep + "0/2 --json s0.json");
        run(sweep + "1/2 --json s1.json");
        Path s1 = dir.resolve("s1.json");
        Files.writeString(s1, Files.readString(s1).replace("\"quantum\" : \"20ms\"", "\"quantum\" : \"10ms\""));
        assertEquals("s1.json: runs[0] is \"rr:quantum=10ms\" seed 1 but run 1 of the comparison is \"rr:quantum=20ms\" seed 1",
                failure("sched:merge s0.json s1.json"));
    }

    /**
     * The line as {@code ./kernel -c "..."} gets it: through bash's double quotes, then Gogo's
     * parser splits the program into statements (as ShellMain does) and each is executed.
     */
    @Test
    void compare_parameterSyntax_survivesTheShellAndGogosParser_asKernelDashCRunsIt() throws Exception {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "needs bash");
        String typed = "printf %s \"sched:compare w.json --policies fair,rr:quantum=5ms,rr:quantum=20ms,cfs:slice=3ms+latency=6ms,"
                + "rr:quanta=10ms,20ms --json k.json\"";
        Process p = new ProcessBuilder(bash.toString(), "-c", typed).redirectErrorStream(true).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), line);
        List<org.apache.felix.gogo.runtime.Parser.Executable> statements =
                new org.apache.felix.gogo.runtime.Parser(line).program().tokens();
        assertEquals(1, statements.size(), "one command");
        for (var st : statements) session.execute(st.toString());
        assertEquals("[\"fair\",\"rr:quantum=5ms\",\"rr:quantum=20ms\",\"cfs:latency=6ms+slice=3ms\",\"rr:quanta=10ms,20ms\"]",
                json("k.json").get("policies").toString());
        // ';' would not do as the separator: Gogo ends the command there
        List<org.apache.felix.gogo.runtime.Parser.Executable> cut =
                new org.apache.felix.gogo.runtime.Parser("sched:compare w.json --policies cfs:slice=3ms;latency=6ms").program().tokens();
        assertEquals("sched:compare w.json --policies cfs:slice=3ms", cut.get(0).toString());
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
