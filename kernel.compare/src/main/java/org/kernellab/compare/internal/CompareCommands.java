package org.kernellab.compare.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.run.ReportWriter;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadReader;
import org.kernellab.compare.internal.Metrics.RunMetrics;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code sched:run}, {@code sched:compare} and {@code sched:merge}: run a workload under one
 * policy, under several policies and seeds side by side (on several threads, or one shard of
 * the sweep), and join the shards. Files are relative to the session's current folder; every
 * output folder is checked before anything runs.
 *
 * <p>A policy may come with parameters ({@link PolicyEntry}: {@code rr:quantum=5ms}); the
 * scheduler's controls check them before anything runs, as {@code sched:use} does.
 *
 * <p>The runner (kernel.core), the scheduler's controls (kernel.sched) and the report writer
 * (the report bundle) are optional, dynamic dependencies: the commands are there without them
 * and say which service is missing (without the controls a bad parameter is reported by the
 * run that meets it). The workload reader (kernel.workload) is mandatory: without it there is
 * nothing to run.
 *
 * <p>Ctrl-C interrupts the command thread: the sweep drops its pending runs, stops the ones in
 * progress, and the command fails with a {@link java.util.concurrent.CancellationException}
 * that says how many runs had finished; nothing is written.
 */
@Component(service = CompareCommands.class, property = {
    "osgi.command.scope=sched",
    "osgi.command.function=run",
    "osgi.command.function=compare",
    "osgi.command.function=merge"
})
public final class CompareCommands {
    static final String RUN_USAGE = "usage: sched:run <workload.json> [--policy p[:key=value+...]] [--seed n] [--json f] [--trace f]";
    static final String COMPARE_USAGE = "usage: sched:compare <workload.json> --policies a,b:key=value+key=value,...|all [--seeds 1,2,3]"
            + " [--json f] [--csv f] [--report f.html] [--timeline] [--jobs n] [--shard i/n]";
    static final String MERGE_USAGE = "usage: sched:merge <results.json...> [--json f] [--csv f] [--report f.html]";

    private final WorkloadReader reader;
    private final String version;
    private final LongSupplier wallNs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkloadRunner runner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReportWriter report;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile SchedulerControl control;

    @Activate
    public CompareCommands(@Reference WorkloadReader reader, BundleContext context) {
        this(reader, null, null, null, context.getBundle().getVersion().toString(), System::nanoTime);
    }

    /** For tests: fixed services (runner and report may be null), the version to record, the wall clock of the progress line. */
    CompareCommands(WorkloadReader reader, WorkloadRunner runner, ReportWriter report, String version, LongSupplier wallNs) {
        this(reader, runner, report, null, version, wallNs);
    }

    /** For tests: as above, with the scheduler's controls that check parameters (may be null). */
    CompareCommands(WorkloadReader reader, WorkloadRunner runner, ReportWriter report, SchedulerControl control, String version,
                    LongSupplier wallNs) {
        this.reader = reader;
        this.runner = runner;
        this.report = report;
        this.control = control;
        this.version = version;
        this.wallNs = wallNs;
    }

    // ---- sched:run -------------------------------------------------------------------

    @Descriptor("without arguments: say how to call sched:run")
    public void run() {
        throw new CommandException(RUN_USAGE);
    }

    @Descriptor("run a workload under one policy and seed; print its summary and a perf-sched-latency table")
    public String run(
        CommandSession session,
        @Descriptor("the policy, as sched:list names it (default fair), with parameters after ':' joined by '+', e.g. rr:quantum=5ms")
        @Parameter(names = {"-p", "--policy"}, absentValue = "fair") String policy,
        @Descriptor("the machine's seed (default: the workload's own)")
        @Parameter(names = {"-s", "--seed"}, absentValue = "") String seed,
        @Descriptor("write the results JSON (docs/metrics.md) to this file")
        @Parameter(names = {"-j", "--json"}, absentValue = "") String json,
        @Descriptor("write the run's trace, in ftrace's text format, to this file")
        @Parameter(names = {"-t", "--trace"}, absentValue = "") String trace,
        @Descriptor("the workload file (docs/workloads.md)") String workload) {
        return CommandException.of(() -> {
            Path base = base(session);
            Long seedValue = seed.isEmpty() ? null : seed("--seed", seed, seed.trim());
            Path jsonFile = output("--json", json, base);
            Path traceFile = output("--trace", trace, base);
            Workload w = read(workload, base);
            WorkloadRunner r = runner();
            PolicyEntry entry = checkPolicies("--policy", List.of(PolicyEntry.parse("--policy", policy)), r).get(0);
            long s = seedValue == null ? w.machine().seed() : seedValue;
            RunSpec spec = new RunSpec(w, entry.policy(), entry.params(), s, traceFile != null, false, traceFile != null);
            PrintStream status = System.err;
            Progress progress = new Progress("sched:run", 1, w.hasStop() ? w.stopNs() : -1, Thread.currentThread(), wallNs);
            RunResult result = Sweep.run(r, List.of(spec), 1, progress, status).get(0);
            RunMetrics m = Metrics.of(result);
            StringBuilder out = new StringBuilder(Tables.summary(w.name(), m)).append('\n').append(Tables.latency(m));
            if (jsonFile != null) {
                ObjectNode doc = ResultsJson.document(w.name(), version, List.of(entry.label()), List.of(s), null, List.of(ResultsJson.run(m)));
                out.append(write("--json", jsonFile, ResultsJson.write(doc), "the results"));
            }
            if (traceFile != null) out.append(write("--trace", traceFile, result.trace(), "the trace"));
            return out.toString();
        });
    }

    // ---- sched:compare ---------------------------------------------------------------

    @Descriptor("without arguments: say how to call sched:compare")
    public void compare() {
        throw new CommandException(COMPARE_USAGE);
    }

    @Descriptor("run a workload under every given policy and seed; print the summaries side by side with the best of each row marked")
    public String compare(
        CommandSession session,
        @Descriptor("the policies, comma-separated (a,b,c), each with parameters after ':' joined by '+' (rr:quantum=5ms,"
            + "mlfq:boost=100ms+allotment=2), or 'all' for every policy sched:list shows with its defaults")
        @Parameter(names = {"-p", "--policies"}, absentValue = "") String policies,
        @Descriptor("the seeds, comma-separated (default: the workload's own)")
        @Parameter(names = {"-s", "--seeds"}, absentValue = "") String seeds,
        @Descriptor("write the results JSON (docs/metrics.md) to this file")
        @Parameter(names = {"-j", "--json"}, absentValue = "") String json,
        @Descriptor("write one CSV row per (policy, seed, task) to this file")
        @Parameter(names = {"-c", "--csv"}, absentValue = "") String csv,
        @Descriptor("write the HTML report (needs the report bundle) to this file; records the timelines")
        @Parameter(names = {"-r", "--report"}, absentValue = "") String reportFile,
        @Descriptor("record each run's timeline in the JSON (for a report made later from merged shards)")
        @Parameter(names = {"--timeline"}, presentValue = "true", absentValue = "false") boolean timeline,
        @Descriptor("run this many runs at once, on as many threads (default 1); the results are the same")
        @Parameter(names = {"--jobs"}, absentValue = "1") String jobs,
        @Descriptor("run only shard i of n (0-based): the runs whose index in (policy, seed) order is i mod n")
        @Parameter(names = {"--shard"}, absentValue = "") String shard,
        @Descriptor("the workload file (docs/workloads.md)") String workload) {
        return CommandException.of(() -> {
            if (policies.isBlank()) throw new IllegalArgumentException("sched:compare needs --policies (a,b,c or all); " + COMPARE_USAGE);
            Path base = base(session);
            boolean all = policies.trim().equals("all");
            List<PolicyEntry> given = all ? List.of() : PolicyEntry.list("--policies", policies);
            List<Long> seedList = new ArrayList<>();
            if (!seeds.isBlank()) for (String s : list("--seeds", seeds)) seedList.add(seed("--seeds", seeds, s));
            int jobCount = jobs(jobs);
            Shard part = shard.isBlank() ? null : Shard.parse(shard);
            Outputs outputs = outputs(base, json, csv, reportFile);
            Workload w = read(workload, base);
            WorkloadRunner r = runner();
            List<PolicyEntry> policyList = new ArrayList<>();
            if (all) for (String name : r.policies()) policyList.add(PolicyEntry.of(name, null));
            else policyList.addAll(checkPolicies("--policies", given, r));
            if (seedList.isEmpty()) seedList.add(w.machine().seed());

            List<RunSpec> specs = new ArrayList<>();
            int index = 0;
            for (PolicyEntry p : policyList) {
                for (long s : seedList) {
                    if (part == null || part.owns(index)) specs.add(new RunSpec(w, p.policy(), p.params(), s, timeline || outputs.report() != null, false, false));
                    index++;
                }
            }
            Progress progress = new Progress("sched:compare", specs.size(), w.hasStop() ? w.stopNs() : -1, Thread.currentThread(), wallNs);
            List<RunResult> results = Sweep.run(r, specs, jobCount, progress, System.err);
            List<ObjectNode> runs = new ArrayList<>();
            for (RunResult res : results) runs.add(ResultsJson.run(Metrics.of(res)));
            ObjectNode doc = ResultsJson.document(w.name(), version, PolicyEntry.labels(policyList), seedList, part, runs);

            StringBuilder out = new StringBuilder();
            out.append(w.name()).append(": ").append(specs.size()).append(specs.size() == 1 ? " run" : " runs").append(" (")
                    .append(policyList.size()).append(policyList.size() == 1 ? " policy x " : " policies x ").append(seedList.size())
                    .append(seedList.size() == 1 ? " seed" : " seeds").append(part == null ? "" : ", shard " + part).append(")\n\n");
            out.append(Tables.sideBySide(doc));
            out.append(write(doc, outputs));
            return out.toString();
        });
    }

    // ---- sched:merge -----------------------------------------------------------------

    @Descriptor("without arguments: say how to call sched:merge")
    public void merge() {
        throw new CommandException(MERGE_USAGE);
    }

    @Descriptor("join the results JSON of the shards of one sched:compare into the document of the whole comparison")
    public String merge(
        CommandSession session,
        @Descriptor("write the merged results JSON to this file")
        @Parameter(names = {"-j", "--json"}, absentValue = "") String json,
        @Descriptor("write one CSV row per (policy, seed, task) to this file")
        @Parameter(names = {"-c", "--csv"}, absentValue = "") String csv,
        @Descriptor("write the HTML report (needs the report bundle) to this file")
        @Parameter(names = {"-r", "--report"}, absentValue = "") String reportFile,
        @Descriptor("the shards' results files (sched:compare --shard i/n --json f)") String... files) {
        return CommandException.of(() -> {
            if (files == null || files.length == 0) throw new IllegalArgumentException("sched:merge needs the results files; " + MERGE_USAGE);
            Path base = base(session);
            Outputs outputs = outputs(base, json, csv, reportFile);
            List<Merge.Input> inputs = new ArrayList<>();
            for (String f : files) inputs.add(new Merge.Input(f, parse(f, base)));
            ObjectNode doc = Merge.merge(inputs);
            int runs = doc.path("runs").size();
            StringBuilder out = new StringBuilder();
            out.append(doc.path("workload").asText()).append(": merged ").append(files.length).append(files.length == 1 ? " file, " : " files, ")
                    .append(runs).append(runs == 1 ? " run" : " runs").append("\n\n");
            out.append(Tables.sideBySide(doc));
            out.append(write(doc, outputs));
            return out.toString();
        });
    }

    // ---- shared ----------------------------------------------------------------------

    /** The files of {@code --json}, {@code --csv} and {@code --report}, each null when not asked for. */
    private record Outputs(Path json, Path csv, Path report) {
    }

    /** The output files, checked before anything runs; with {@code --report}, the report writer must be there too. */
    private Outputs outputs(Path base, String json, String csv, String reportFile) {
        Outputs o = new Outputs(output("--json", json, base), output("--csv", csv, base), output("--report", reportFile, base));
        if (o.report() != null) reportWriter();
        return o;
    }

    private String write(ObjectNode doc, Outputs o) {
        StringBuilder out = new StringBuilder();
        String text = ResultsJson.write(doc);
        if (o.json() != null) out.append(write("--json", o.json(), text, "the results"));
        if (o.csv() != null) out.append(write("--csv", o.csv(), Csv.of(doc), "the CSV"));
        if (o.report() != null) out.append(write("--report", o.report(), reportWriter().html(text), "the report"));
        return out.toString();
    }

    private WorkloadRunner runner() {
        WorkloadRunner r = runner;
        if (r == null) {
            throw new IllegalStateException("no workload runner (no " + WorkloadRunner.class.getSimpleName()
                    + " service): is the kernel.core bundle active? (kernel:lsmod)");
        }
        return r;
    }

    private ReportWriter reportWriter() {
        ReportWriter w = report;
        if (w == null) {
            throw new IllegalStateException("--report needs the HTML report bundle, and no " + ReportWriter.class.getSimpleName()
                    + " service is registered: is the report bundle installed and active? (kernel:lsmod); --json and --csv work without it");
        }
        return w;
    }

    private static Path base(CommandSession session) {
        Path dir = session == null ? null : session.currentDir();
        return dir == null ? Paths.get("").toAbsolutePath() : dir;
    }

    /** The workload through the WorkloadReader, whose exception names the file, the JSON path and the problem. */
    private Workload read(String file, Path base) {
        Path resolved = base.resolve(file).toAbsolutePath().normalize();
        // the reader names the file as given, when that is the same file
        Path asGiven = Paths.get(file);
        Path path = asGiven.toAbsolutePath().normalize().equals(resolved) ? asGiven : resolved;
        try {
            return reader.read(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("workload " + quote(file) + ": no such file " + resolved, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("workload " + quote(file) + ": cannot read " + resolved + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String file, Path base) {
        Path path = base.resolve(file).toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("results file " + quote(file) + ": no such file " + path, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("results file " + quote(file) + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            return ResultsJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("results file " + quote(file) + " is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
        }
    }

    /** The file an option names, checked before anything runs: its folder exists and is writable, and it is not a folder. */
    static Path output(String option, String name, Path base) {
        if (name == null || name.isEmpty()) return null;
        Path file = base.resolve(name).toAbsolutePath().normalize();
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + quote(name) + ": the folder " + quote(folder.toString()) + " does not exist");
        }
        if (folder != null && !Files.isWritable(folder)) {
            throw new IllegalArgumentException(option + " " + quote(name) + ": the folder " + quote(folder.toString()) + " is not writable");
        }
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + quote(name) + " is a folder; name a file");
        return file;
    }

    private static String write(String option, Path file, String text, String what) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot write " + file + ": " + e.getMessage(), e);
        }
        return "wrote " + what + " to " + file + "\n";
    }

    /**
     * The policies as given, each known to the runner, and, when the scheduler's controls are
     * there, each entry's parameters accepted by its policy: all before anything runs.
     */
    private List<PolicyEntry> checkPolicies(String option, List<PolicyEntry> given, WorkloadRunner r) {
        List<String> known = r.policies();
        for (PolicyEntry p : given) {
            if (p.policy().equals("all")) {
                throw new IllegalArgumentException(option + ": \"all\" stands alone (--policies all), not in a list and without parameters");
            }
            if (!known.contains(p.policy())) {
                throw new IllegalArgumentException("unknown policy " + quote(p.policy()) + " in " + option
                        + (p.params().isEmpty() ? "" : " entry " + quote(p.label())) + "; policies: " + String.join(", ", known));
            }
        }
        SchedulerControl c = control;
        if (c != null) {
            for (PolicyEntry p : given) {
                if (p.params().isEmpty()) continue;
                try {
                    c.factory(p.policy(), p.params()); // makes one policy instance on a dry host: nothing runs
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(option + " entry " + quote(p.label()) + ": " + e.getMessage(), e);
                }
            }
        }
        return given;
    }

    /** A comma-separated list: trimmed, no empty entries, none twice. */
    static List<String> list(String option, String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) throw new IllegalArgumentException(option + " " + quote(text) + " has an empty entry; write a,b,c");
            if (!out.add(p)) throw new IllegalArgumentException(option + " " + quote(text) + " names " + quote(p) + " twice");
        }
        return List.copyOf(out);
    }

    private static long seed(String option, String whole, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + quote(whole) + ": " + quote(s) + " is not a whole number", e);
        }
    }

    private static int jobs(String text) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--jobs " + quote(text) + " is not a whole number", e);
        }
        if (n < 1) throw new IllegalArgumentException("--jobs " + quote(text) + " must be at least 1");
        return n;
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
