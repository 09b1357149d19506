package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kernel:trace show}'s filters over ftrace's text: by CPU ({@code --cpu 0,2}, as
 * per_cpu/cpuN/trace), by task ({@code --task 7} or {@code --task app}) and by event
 * ({@code --event sched_switch,irq_*}, as set_event). A task matches an event line when it is
 * the task column (ftrace's set_event_pid) or when the event names it in a {@code pid=} or
 * {@code comm=} field (its wakeups, the switch to it): KernelLab's addition, so that a task's
 * whole story shows. Header lines are kept, with one more saying what was filtered.
 */
final class TraceFilter {
    static final String USAGE = "kernel:trace show [--cpu <n,...>] [--task <pid|comm>] [--event <name,...|prefix*>]";

    /** "  comm-pid  [cpu] flags  time: event: body" (kernel/trace/trace_output.c). */
    private static final Pattern LINE = Pattern.compile("^\\s*(.+)-(\\d+)\\s+\\[(\\d{3})\\]\\s+\\S+\\s+[\\d.]+: ([a-z_0-9]+): (.*)$");

    private final Set<Integer> cpus = new LinkedHashSet<>();
    private String task;
    private final List<String> events = new ArrayList<>();

    /** Parses the options after {@code show}. */
    static TraceFilter parse(String[] args) {
        TraceFilter f = new TraceFilter();
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) throw BadArgument.usage("option \"" + opt + "\" needs a value", USAGE);
            String v = args[++i];
            switch (opt) {
                case "--cpu", "-c" -> {
                    for (String c : v.split(",")) {
                        try {
                            int n = Integer.parseInt(c.trim());
                            if (n < 0) throw new NumberFormatException();
                            f.cpus.add(n);
                        } catch (NumberFormatException e) {
                            throw BadArgument.usage("--cpu \"" + v + "\" is not a list of CPU numbers such as 0 or 0,2", USAGE);
                        }
                    }
                }
                case "--task", "-t" -> f.task = v;
                case "--event", "-e" -> {
                    for (String ev : v.split(",")) if (!ev.isBlank()) f.events.add(ev.trim());
                }
                default -> throw BadArgument.usage("option \"" + opt + "\" is unknown", USAGE);
            }
        }
        return f;
    }

    boolean none() {
        return cpus.isEmpty() && task == null && events.isEmpty();
    }

    /** The trace text with only the matching event lines; header lines are kept. */
    String apply(String text) {
        if (none()) return text;
        StringBuilder out = new StringBuilder();
        int kept = 0;
        int total = 0;
        List<String> header = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                header.add(line);
                continue;
            }
            total++;
            if (matches(line)) {
                kept++;
                body.add(line);
            }
        }
        for (String h : header) out.append(h).append('\n');
        out.append("# filtered by ").append(describe()).append(": ").append(kept).append(" of ").append(total).append(" entries\n");
        for (String b : body) out.append(b).append('\n');
        return out.toString();
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        if (!cpus.isEmpty()) parts.add("cpu " + cpus.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        if (task != null) parts.add("task " + task);
        if (!events.isEmpty()) parts.add("event " + String.join(",", events));
        return String.join(", ", parts);
    }

    boolean matches(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) return false;
        String comm = m.group(1).trim();
        String pid = m.group(2);
        int cpu = Integer.parseInt(m.group(3));
        String event = m.group(4);
        String body = m.group(5);
        if (!cpus.isEmpty() && !cpus.contains(cpu)) return false;
        if (!events.isEmpty() && events.stream().noneMatch(e -> e.endsWith("*") ? event.startsWith(e.substring(0, e.length() - 1)) : event.equals(e))) {
            return false;
        }
        if (task != null) {
            boolean numeric = task.chars().allMatch(Character::isDigit);
            boolean column = numeric ? pid.equals(task) : comm.equals(task);
            boolean named = numeric ? Pattern.compile("(^|\\s)\\w*pid=" + task + "(\\s|$)").matcher(body).find()
                : Pattern.compile("(^|\\s)\\w*comm=" + Pattern.quote(task) + "(\\s|$)").matcher(body).find();
            if (!column && !named) return false;
        }
        return true;
    }
}
