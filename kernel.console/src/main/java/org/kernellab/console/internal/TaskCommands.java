package org.kernellab.console.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.Kernel;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadException;
import org.kernellab.api.workload.WorkloadReader;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The user's own tasks in the live machine (issue 11 §1): {@code kernel:load <workload.json>} puts a
 * workload's tasks (the format of docs/workloads.md) into the current machine, and
 * {@code kernel:spawn <name> <phase>...} adds one task typed at the prompt. Both go through the
 * workload reader, so a bad task is refused with the field named, and then through
 * {@link Kernel#load}, which creates each task at its start counted from now; {@code kernel:run},
 * {@code kernel:step}, {@code kernel:ps} and {@code kernel:trace} then work on them.
 */
@Component(service = TaskCommands.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=load",
    "osgi.command.function=spawn"
})
public class TaskCommands {
    private static final Pattern PHASE_PATH = Pattern.compile("tasks\\[0\\]\\.phases\\[(\\d+)\\](\\.\\w+)?");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Kernel kernel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkloadReader reader;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.kernellab.api.trace.Tracer tracer;

    /** Where kernel:back finds what was put into the machine. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Journal journal;

    public TaskCommands() {
    }

    TaskCommands(Kernel kernel, WorkloadReader reader) {
        this.kernel = kernel;
        this.reader = reader;
    }

    TaskCommands(Kernel kernel, WorkloadReader reader, org.kernellab.api.trace.Tracer tracer, Journal journal) {
        this(kernel, reader);
        this.tracer = tracer;
        this.journal = journal;
    }

    /** Loads {@code w} into the machine, noted in the journal with the step and digest it went in at. */
    private int load(Kernel k, Workload w, String command) {
        long step = k.eventCount();
        org.kernellab.api.trace.Tracer t = tracer;
        String digest = t == null ? null : t.digest();
        int n = k.load(w);
        Journal j = journal;
        if (j != null) j.loaded(step, digest, w, command);
        return n;
    }

    static final String LOAD_USAGE = "kernel:load <workload.json> (docs/workloads/ has examples)";
    static final String SPAWN_USAGE = "kernel:spawn [--nice n] [--loop n] [--start t] <name> run:3ms sleep:1ms ...";

    private Kernel kernel(String cmd) {
        Kernel k = kernel;
        if (k == null) throw new IllegalStateException(cmd + ": the kernel is not running (no Kernel service); it is back after kernel:config or a reboot");
        return k;
    }

    private WorkloadReader reader(String cmd) {
        WorkloadReader r = reader;
        if (r == null) throw new IllegalStateException(cmd + ": no workload reader (the kernel.workload bundle is not active)");
        return r;
    }

    @Descriptor("without arguments: say how to call kernel:load")
    public String load() {
        throw BadArgument.usage("kernel:load needs a workload file", LOAD_USAGE);
    }

    @Descriptor("put a workload's tasks (docs/workloads.md) into the running machine; each starts at its start counted from now")
    public String load(@Descriptor("the workload file (JSON)") String file) throws IOException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new BadArgument("kernel:load: " + file + (Files.exists(p) ? " is not a file" : " does not exist")
                    + "; usage: " + LOAD_USAGE);
        }
        Workload w = reader("kernel:load").read(p);
        Kernel k = kernel("kernel:load");
        int n = load(k, w, "kernel:load " + file);
        StringBuilder out = new StringBuilder("loaded " + n + (n == 1 ? " task" : " tasks") + " of workload " + w.name() + ": " + describe(w.tasks()));
        if (w.machine().cpus() != k.nrCpus() || w.machine().hz() != k.hz()) {
            out.append(String.format("%nnote: the workload is written for %d CPU%s at HZ=%d; this machine keeps its %d CPU%s at HZ=%d"
                    + " (kernel:config cpus %d and kernel:config hz %d, then kernel:load again, to match)",
                    w.machine().cpus(), w.machine().cpus() == 1 ? "" : "s", w.machine().hz(), k.nrCpus(), k.nrCpus() == 1 ? "" : "s", k.hz(),
                    w.machine().cpus(), w.machine().hz()));
        }
        out.append(String.format("%nkernel:run <time> runs them; kernel:ps lists them"));
        return out.toString();
    }

    @Descriptor("without arguments: say how to call kernel:spawn")
    public String spawn() {
        throw BadArgument.usage("kernel:spawn needs a name and phases", SPAWN_USAGE);
    }

    @Descriptor("add one task to the running machine: kernel:spawn [--nice n] [--loop n] [--start t] <name> run:3ms sleep:1ms io:2ms yield lock:m unlock:m ...")
    public String spawn(
            @Descriptor("its nice value, -20..19") @Parameter(names = "--nice", absentValue = "0") int nice,
            @Descriptor("how many times its phases run; -1 for ever") @Parameter(names = "--loop", absentValue = "1") int loop,
            @Descriptor("when it starts, from now (e.g. 5ms)") @Parameter(names = "--start", absentValue = "0ns") String start,
            @Descriptor("its name (comm)") String name,
            @Descriptor("its phases, each kind:value (run:3ms, sleep:1ms, io:2ms, yield, lock:m, unlock:m, signal:e, wait:e, barrier:b)") String... phases)
            throws JsonProcessingException {
        if (phases == null || phases.length == 0) {
            throw BadArgument.usage("kernel:spawn: task " + name + " has no phase", SPAWN_USAGE);
        }
        String json = document(name, nice, loop, start, phases);
        Workload w;
        try {
            w = reader("kernel:spawn").read("kernel:spawn", json);
        } catch (WorkloadException e) {
            throw new BadArgument(consoleWords(e.getMessage(), phases), e);
        }
        int n = load(kernel("kernel:spawn"), w, "kernel:spawn " + name);
        return "spawned " + describe(w.tasks()) + (n == 1 ? "" : " (" + n + " tasks)") + "; kernel:run <time> runs it";
    }

    /** The one task as a workload document, as docs/workloads.md defines it. */
    static String document(String name, int nice, int loop, String start, String... phases) throws JsonProcessingException {
        List<Map<String, Object>> ps = new ArrayList<>();
        for (String token : phases) {
            int colon = token.indexOf(':');
            String kind = colon < 0 ? token : token.substring(0, colon);
            Object value = colon < 0 ? Boolean.TRUE : token.substring(colon + 1);
            ps.add(Map.of(kind, value));
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", name);
        task.put("start", start);
        task.put("sched", Map.of("nice", nice));
        task.put("loop", loop);
        task.put("phases", ps);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "spawn");
        // the reader wants a stop for --loop -1 ("until the stop"); the live machine has none and
        // Kernel.load ignores it, so such a task loops until the machine is reset
        if (loop == TaskDef.FOREVER) doc.put("stop", "3600s");
        doc.put("tasks", List.of(task));
        return new ObjectMapper().writeValueAsString(doc);
    }

    /** The reader's JSON paths in the words of the command line: phase 2 (sleep:x), --nice, ... */
    static String consoleWords(String message, String... phases) {
        Matcher m = PHASE_PATH.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            String token = i < phases.length ? phases[i] : "?";
            m.appendReplacement(out, Matcher.quoteReplacement("phase " + (i + 1) + " (" + token + ")"));
        }
        m.appendTail(out);
        return out.toString()
                .replace("tasks[0].sched.nice", "--nice").replace("tasks[0].loop", "--loop")
                .replace("tasks[0].start", "--start").replace("tasks[0].name", "<name>");
    }

    private static String describe(List<TaskDef> tasks) {
        List<String> out = new ArrayList<>();
        for (TaskDef t : tasks) {
            StringBuilder s = new StringBuilder(t.name());
            List<String> extra = new ArrayList<>();
            if (t.instances() > 1) extra.add(t.instances() + " instances");
            if (t.startNs() > 0) extra.add("from +" + Durations.compact(t.startNs()));
            extra.add(t.phases().size() + (t.phases().size() == 1 ? " phase" : " phases"));
            s.append(" (").append(String.join(", ", extra)).append(')');
            out.add(s.toString());
        }
        return String.join(", ", out);
    }
}
