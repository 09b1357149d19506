package org.kernellab.workload.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadGenerator;
import org.kernellab.api.workload.WorkloadWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code sched:gen <generator> [key=value...] [--out file]}: generates a workload and prints
 * its JSON, or writes it to a file (relative to the session's current folder; the folder must
 * exist). Without arguments it lists the generators and their options with their defaults.
 */
@Component(service = GenCommand.class, property = {
    "osgi.command.scope=sched",
    "osgi.command.function=gen"
})
public final class GenCommand {
    static final String USAGE = "usage: sched:gen <generator> [key=value ...] [--out file]";

    private final WorkloadGenerator generators;
    private final WorkloadWriter writer;

    @Activate
    public GenCommand(@Reference WorkloadGenerator generators, @Reference WorkloadWriter writer) {
        this.generators = generators;
        this.writer = writer;
    }

    @Descriptor("list the workload generators and their options, with the defaults")
    public String gen() {
        StringBuilder b = new StringBuilder(USAGE).append('\n');
        for (GeneratorInfo g : generators.generators()) {
            b.append('\n').append(g.name()).append(": ").append(g.description()).append('\n');
            for (GeneratorInfo.Option o : g.options()) {
                b.append(String.format("  %-12s %-12s %s%n", o.name(), o.defaultValue().isEmpty() ? "-" : o.defaultValue(), o.description()));
            }
        }
        return b.toString();
    }

    @Descriptor("generate a seeded workload (hackbench, schbench, ostep, rtset, mixed) and print its JSON, or write it with --out")
    public String gen(
        CommandSession session,
        @Descriptor("write the JSON to this file instead of printing it; its folder must exist")
        @Parameter(names = {"-o", "--out"}, absentValue = "") String out,
        @Descriptor("the generator: hackbench, schbench, ostep, rtset or mixed ('sched:gen' alone lists them)") String generator,
        @Descriptor("the generator's options, each key=value, e.g. groups=2 seed=7") String... options) {
        return CommandException.of(() -> {
            Map<String, String> opts = options(options);
            Workload w = generators.generate(generator, opts);
            String json = writer.write(w);
            if (out.isEmpty()) return json;
            Path base = session == null ? Paths.get("").toAbsolutePath() : session.currentDir();
            Path file = (base == null ? Paths.get("") : base).resolve(out).toAbsolutePath().normalize();
            Path folder = file.getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("--out " + JsonTree.quote(out) + ": the folder " + JsonTree.quote(folder.toString()) + " does not exist");
            }
            if (Files.isDirectory(file)) throw new IllegalArgumentException("--out " + JsonTree.quote(out) + " is a folder; name a file");
            try {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--out " + JsonTree.quote(out) + ": cannot write " + file + ": " + e.getMessage(), e);
            }
            return "wrote " + w.name() + " (" + w.taskCount() + (w.taskCount() == 1 ? " task" : " tasks") + ", seed " + w.machine().seed()
                    + ") to " + file;
        });
    }

    /** {@code key=value} tokens as a map; a token without '=', or a key given twice, is refused with the token quoted. */
    static Map<String, String> options(String... tokens) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tokens == null) return m;
        for (String t : tokens) {
            int eq = t.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("option " + JsonTree.quote(t) + " is not key=value (e.g. seed=7); " + USAGE);
            String key = t.substring(0, eq).trim();
            if (m.putIfAbsent(key, t.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("option " + JsonTree.quote(key) + " is given twice");
            }
        }
        return m;
    }
}
