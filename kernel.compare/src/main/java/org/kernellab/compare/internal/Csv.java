package org.kernellab.compare.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CSV of a results document: a header row, then one row per (policy, seed, task) in the
 * document's run order and each run's task order. Written from the document, so the CSV of a
 * merge equals the CSV of the unsharded comparison. Columns are in {@code docs/metrics.md};
 * a null is an empty field; fields with a comma, quote or line break are quoted (RFC 4180),
 * lines end with {@code \n}.
 */
final class Csv {
    /** The per-task fields of the JSON written as they are, in column order (after policy, params, seed). */
    static final List<String> TASK_FIELDS = List.of("name", "pid", "start_ns", "first_run_ns", "exit_ns", "cpu_ns",
            "response_ns", "turnaround_ns", "wait_ns", "nvcsw", "nivcsw", "migrations", "wakeups");
    static final List<String> JOB_FIELDS = List.of("jobs", "misses", "first_miss_ns");

    private Csv() {
    }

    static List<String> header() {
        List<String> h = new ArrayList<>(List.of("policy", "params", "seed"));
        for (String f : TASK_FIELDS) h.add(f.equals("name") ? "task" : f);
        for (String k : Metrics.PERCENTILE_KEYS) h.add("wakeup_" + k + "_ns");
        h.addAll(JOB_FIELDS);
        for (String k : Metrics.PERCENTILE_KEYS) h.add("job_response_" + k + "_ns");
        return h;
    }

    static String of(JsonNode doc) {
        StringBuilder b = new StringBuilder();
        line(b, header());
        for (JsonNode run : doc.path("runs")) {
            List<String> prefix = List.of(run.path("policy").asText(), params(ResultsJson.params(run)), run.path("seed").asText());
            for (JsonNode t : run.path("tasks")) {
                List<String> row = new ArrayList<>(prefix);
                for (String f : TASK_FIELDS) row.add(text(t.get(f)));
                for (String k : Metrics.PERCENTILE_KEYS) row.add(text(t.path("wakeup_latency_ns").get(k)));
                for (String f : JOB_FIELDS) row.add(text(t.get(f)));
                for (String k : Metrics.PERCENTILE_KEYS) row.add(text(t.path("job_response_ns").get(k)));
                line(b, row);
            }
        }
        return b.toString();
    }

    private static String params(Map<String, String> p) {
        List<String> kv = new ArrayList<>();
        p.forEach((k, v) -> kv.add(k + "=" + v));
        return String.join(";", kv);
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) b.append(',');
            b.append(quote(fields.get(i)));
        }
        b.append('\n');
    }

    static String quote(String f) {
        if (f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\n') < 0 && f.indexOf('\r') < 0) return f;
        return '"' + f.replace("\"", "\"\"") + '"';
    }
}
