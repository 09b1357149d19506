package org.kernellab.compare.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kernellab.api.run.RunResult;
import org.kernellab.compare.internal.Metrics.RunMetrics;
import org.kernellab.compare.internal.Metrics.Summary;
import org.kernellab.compare.internal.Metrics.TaskMetrics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The console's text: a run's summary, its {@code perf sched latency}-style table, and the
 * side-by-side table of a comparison. Formatting only; the numbers come from {@link Metrics}
 * or from a results document.
 */
final class Tables {
    private static final String RULE = " " + "-".repeat(97);

    private Tables() {
    }

    /** Nanoseconds as seconds with 6 decimals. */
    static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.6f", ns / 1e9);
    }

    /** Nanoseconds as milliseconds with 3 decimals. */
    static String ms(long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e6);
    }

    private static String ms(Long ns) {
        return ns == null ? "-" : ms(ns.longValue()) + " ms";
    }

    /** What one run did, in a few lines. */
    static String summary(String workload, RunMetrics m) {
        RunResult r = m.raw();
        Summary s = m.summary();
        StringBuilder b = new StringBuilder();
        b.append(workload).append(" under ").append(Sweep.label(r.spec())).append(": ").append(s.tasks())
                .append(s.tasks() == 1 ? " task" : " tasks").append(" on ").append(r.cpus()).append(r.cpus() == 1 ? " CPU" : " CPUs")
                .append(" at HZ ").append(r.hz()).append("; ended at ").append(seconds(r.endNs())).append(" s (")
                .append(r.stoppedBy()).append("), ").append(s.exited()).append(" exited\n");
        b.append("  avg response ").append(ms(s.avgResponseNs())).append(", avg turnaround ").append(ms(s.avgTurnaroundNs()))
                .append(", avg wait ").append(ms(s.avgWaitNs())).append(", makespan ").append(ms(s.makespanNs())).append('\n');
        b.append("  wakeup latency (").append(s.wakeups()).append(s.wakeups() == 1 ? " wakeup)" : " wakeups)");
        if (s.wakeupLatency() == null) {
            b.append(": none\n");
        } else {
            long[] p = s.wakeupLatency().asArray();
            b.append(": p50 ").append(ms(p[0])).append(" ms, p90 ").append(ms(p[1])).append(" ms, p99 ").append(ms(p[2]))
                    .append(" ms, p99.9 ").append(ms(p[3])).append(" ms, max ").append(ms(p[4])).append(" ms\n");
        }
        b.append(String.format(Locale.ROOT, "  fairness %.4f, utilisation %.1f%%, switches %d, migrations %d, jobs %d, misses %d%n",
                s.jainFairness(), 100 * s.utilization(), s.switches(), s.migrations(), s.jobs(), s.misses()));
        b.append("  digest ").append(r.digest()).append('\n');
        for (String line : r.log()) b.append("  log: ").append(line).append('\n');
        return b.toString();
    }

    /**
     * The table of {@code perf sched latency}: per task (name:pid) the runtime, the context
     * switches, the average and the largest wakeup delay; sorted as perf sorts by default (by
     * average delay, then maximum delay, then switches, then runtime, each largest first), then
     * by pid. A task with no wakeup shows "-" for its delays and comes after those with one.
     * Without the trace, the time of the largest delay is not known, so perf's "Max delay
     * start/end" columns are left out.
     */
    static String latency(RunMetrics m) {
        List<TaskMetrics> tasks = new ArrayList<>(m.tasks());
        Comparator<TaskMetrics> order = Comparator.comparing((TaskMetrics t) -> t.wakeupLatency() == null)
                .thenComparing(Tables::avgDelay, Comparator.reverseOrder())
                .thenComparing((TaskMetrics t) -> t.wakeupLatency() == null ? 0 : t.wakeupLatency().max(), Comparator.reverseOrder())
                .thenComparing((TaskMetrics t) -> switches(t), Comparator.reverseOrder())
                .thenComparing((TaskMetrics t) -> t.raw().cpuNs(), Comparator.reverseOrder())
                .thenComparing((TaskMetrics t) -> t.raw().pid());
        tasks.sort(order);
        StringBuilder b = new StringBuilder();
        b.append(RULE).append('\n');
        b.append(String.format(Locale.ROOT, "  %-22s | %-13s | %-8s | %-16s | %-16s |%n", "Task", " Runtime ms", "Switches", "Avg delay ms",
                "Max delay ms"));
        b.append(RULE).append('\n');
        long runtime = 0;
        long switches = 0;
        for (TaskMetrics t : tasks) {
            runtime += t.raw().cpuNs();
            switches += switches(t);
            String avg = t.wakeupLatency() == null ? "-" : ms(avgDelay(t));
            String max = t.wakeupLatency() == null ? "-" : ms(t.wakeupLatency().max());
            b.append(String.format(Locale.ROOT, "  %-22s | %10s ms | %8d | avg: %8s ms | max: %8s ms |%n",
                    t.raw().name() + ":" + t.raw().pid(), ms(t.raw().cpuNs()), switches(t), avg, max));
        }
        b.append(RULE).append('\n');
        b.append(String.format(Locale.ROOT, "  %-22s | %10s ms | %8d |%n", "TOTAL:", ms(runtime), switches));
        b.append(" ").append("-".repeat(51)).append('\n');
        return b.toString();
    }

    private static long switches(TaskMetrics t) {
        return t.raw().nvcsw() + t.raw().nivcsw();
    }

    private static long avgDelay(TaskMetrics t) {
        long[] w = t.raw().wakeupLatencyNs();
        if (w.length == 0) return 0;
        long sum = 0;
        for (long x : w) sum += x;
        return Metrics.roundedQuotient(sum, w.length);
    }

    /** A row of the side-by-side table: its label, where its value lies in a run's summary, and which way is better. */
    record Row(String label, String path, String key, boolean higherIsBetter, boolean time) {
        Double value(JsonNode summary) {
            JsonNode v = path == null ? summary.get(key) : summary.path(path).get(key);
            return v == null || v.isNull() ? null : v.asDouble();
        }
    }

    /** The rows, in order. Times, latencies, misses, switches, migrations, makespan: lower is better; fairness and utilisation: higher. */
    static final List<Row> ROWS = List.of(
            new Row("avg response ms", null, "avg_response_ns", false, true),
            new Row("avg turnaround ms", null, "avg_turnaround_ns", false, true),
            new Row("avg wait ms", null, "avg_wait_ns", false, true),
            new Row("wakeup p50 ms", "wakeup_latency_ns", "p50", false, true),
            new Row("wakeup p90 ms", "wakeup_latency_ns", "p90", false, true),
            new Row("wakeup p99 ms", "wakeup_latency_ns", "p99", false, true),
            new Row("wakeup p99.9 ms", "wakeup_latency_ns", "p999", false, true),
            new Row("wakeup max ms", "wakeup_latency_ns", "max", false, true),
            new Row("jain fairness", null, "jain_fairness", true, false),
            new Row("deadline misses", null, "misses", false, false),
            new Row("switches", null, "switches", false, false),
            new Row("migrations", null, "migrations", false, false),
            new Row("utilisation %", null, "utilization", true, false),
            new Row("makespan ms", null, "makespan_ns", false, true));

    /**
     * Rows = metrics, columns = the document's policies in its order, each a policy with its
     * parameters ({@link PolicyEntry#label()}), so that one policy under several settings has a
     * column for each. With several seeds a cell is
     * the mean over the seeds whose run has the value ("-" when none has). The best cell of a
     * row is marked {@code *} (every cell that ties for it, as shown), when two or more policies
     * have a value.
     */
    static String sideBySide(JsonNode doc) {
        Map<String, List<JsonNode>> byPolicy = new LinkedHashMap<>();
        for (JsonNode p : doc.path("policies")) byPolicy.put(column(p.asText()), new ArrayList<>());
        for (JsonNode run : doc.path("runs")) {
            byPolicy.computeIfAbsent(PolicyEntry.of(run).label(), k -> new ArrayList<>()).add(run.path("summary"));
        }
        List<String> policies = new ArrayList<>(byPolicy.keySet());
        List<String[]> cells = new ArrayList<>();
        int labelWidth = "metric".length();
        int[] widths = new int[policies.size()];
        for (int c = 0; c < policies.size(); c++) widths[c] = policies.get(c).length();
        for (Row row : ROWS) {
            // compared as shown, so that cells that read the same are marked the same
            Double[] means = new Double[policies.size()];
            for (int c = 0; c < policies.size(); c++) {
                Double m = mean(row, byPolicy.get(policies.get(c)));
                means[c] = m == null ? null : Double.valueOf(format(row, m));
            }
            Double best = null;
            int have = 0;
            for (Double v : means) {
                if (v == null) continue;
                have++;
                if (best == null || (row.higherIsBetter() ? v > best : v < best)) best = v;
            }
            String[] line = new String[policies.size() + 1];
            line[0] = row.label();
            labelWidth = Math.max(labelWidth, row.label().length());
            for (int c = 0; c < policies.size(); c++) {
                String text = means[c] == null ? "-" : format(row, mean(row, byPolicy.get(policies.get(c))));
                if (have >= 2 && means[c] != null && means[c].equals(best)) text += "*";
                line[c + 1] = text;
                widths[c] = Math.max(widths[c], text.length());
            }
            cells.add(line);
        }
        StringBuilder b = new StringBuilder();
        b.append(pad("metric", labelWidth, false));
        for (int c = 0; c < policies.size(); c++) b.append("  ").append(pad(policies.get(c), widths[c] + 1, true));
        b.append('\n');
        for (String[] line : cells) {
            b.append(pad(line[0], labelWidth, false));
            for (int c = 0; c < policies.size(); c++) {
                String t = line[c + 1];
                // keep the numbers aligned whether or not a '*' follows them
                b.append("  ").append(pad(t.endsWith("*") ? t : t + " ", widths[c] + 1, true));
            }
            b.append('\n');
        }
        int seeds = doc.path("seeds").size();
        b.append("* best of the row: lowest time, latency, misses, switches, migrations and makespan; highest fairness and utilisation");
        if (seeds > 1) b.append(";\n  each cell is the mean over ").append(seeds).append(" seeds");
        b.append('\n');
        return b.toString();
    }

    /** A column of the document's {@code "policies"}, in the canonical form of its runs' labels when it parses. */
    private static String column(String entry) {
        try {
            return PolicyEntry.parse("policies", entry).label();
        } catch (IllegalArgumentException e) {
            return entry;
        }
    }

    private static Double mean(Row row, List<JsonNode> summaries) {
        double sum = 0;
        int n = 0;
        for (JsonNode s : summaries) {
            Double v = row.value(s);
            if (v == null) continue;
            sum += v;
            n++;
        }
        return n == 0 ? null : sum / n;
    }

    private static String format(Row row, Double v) {
        if (v == null) return "-";
        if (row.time()) return String.format(Locale.ROOT, "%.3f", v / 1e6);
        if (row.key().equals("jain_fairness")) return String.format(Locale.ROOT, "%.4f", v);
        if (row.key().equals("utilization")) return String.format(Locale.ROOT, "%.1f", 100 * v);
        if (v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) return s;
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
