package org.kernellab.report.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.run.Slice;
import org.kernellab.report.internal.Results.Run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a results document ({@code sched:compare --json}, {@code sched:merge --json}) and checks
 * the parts a report draws. The first problem found is thrown as an
 * {@link IllegalArgumentException} that starts with its JSON path, {@code $} for the document
 * itself: {@code runs[2].summary: missing}. Members the report does not draw are not checked,
 * so a document may carry more than this reads.
 */
final class ResultsReader {
    private final ObjectMapper mapper = JsonMapper.builder().build();

    Results read(String json) {
        if (json == null) throw new IllegalArgumentException("$: no document (null)");
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException("$: not JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new IllegalArgumentException("$: empty; a results document is a JSON object");
        At doc = new At("$", root).object();
        List<Run> runs = new ArrayList<>();
        At runsAt = doc.get("runs").array();
        if (runsAt.node.isEmpty()) throw new IllegalArgumentException("runs: empty; a results document has at least one run");
        for (int i = 0; i < runsAt.node.size(); i++) {
            runs.add(run(runsAt.at(i).object()));
        }
        return new Results(doc.get("workload").text(), doc.get("kernellab").text(),
                doc.optional("policies") == null ? null : texts(doc.optional("policies").array()),
                doc.optional("seeds") == null ? null : longs(doc.optional("seeds").array()),
                shard(doc.optional("shard")), List.copyOf(runs));
    }

    /** {@code {"quantum": "5ms", "a": "1"}} as {@code a=1+quantum=5ms}: sched:compare's own label. */
    private static String paramsLabel(com.fasterxml.jackson.databind.JsonNode params) {
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        params.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "+").append(k).append('=').append(v));
        return sb.toString();
    }

    private static Run run(At run) {
        // in the document's order, so that the first problem reported is the first one there
        String policy = run.get("policy").text();
        At params = run.optional("params");
        long seed = run.get("seed").longValue();
        int cpus = run.get("cpus").integer(1, 4096);
        At end = run.optional("end_ns");
        At stopped = run.optional("stopped_by");
        At digest = run.optional("digest");
        return new Run(policy,
                params == null ? "" : paramsLabel(params.object().node),
                seed,
                cpus,
                end == null ? null : end.nullableLong(),
                stopped == null ? null : stopped.nullableText(),
                digest == null ? null : digest.nullableText(),
                summary(run.get("summary").object()),
                cdf(run.optional("wakeup_latency_cdf")),
                timeline(run.optional("timeline"), cpus));
    }

    private static Map<Metric, Double> summary(At summary) {
        Map<Metric, Double> figures = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            At at = summary;
            for (int i = 0; i < m.keys.size() - 1; i++) {
                at = at.get(m.keys.get(i)).object();
            }
            figures.put(m, at.get(m.keys.get(m.keys.size() - 1)).nullableNumber());
        }
        return Collections.unmodifiableMap(figures);
    }

    private static List<double[]> cdf(At cdf) {
        if (cdf == null || cdf.node.isNull()) return null;
        cdf.array();
        List<double[]> points = new ArrayList<>(cdf.node.size());
        for (int i = 0; i < cdf.node.size(); i++) {
            At point = cdf.at(i).array();
            if (point.node.size() != 2) throw point.problem("has " + point.node.size() + " items; a CDF point is [ns, fraction]");
            double ns = point.at(0).number();
            double fraction = point.at(1).number();
            if (fraction < 0 || fraction > 1) throw point.at(1).problem(fraction + " is not a fraction between 0 and 1");
            points.add(new double[] {ns, fraction});
        }
        return List.copyOf(points);
    }

    private static List<Slice> timeline(At timeline, int cpus) {
        if (timeline == null || timeline.node.isNull()) return null;
        timeline.array();
        List<Slice> slices = new ArrayList<>(timeline.node.size());
        for (int i = 0; i < timeline.node.size(); i++) {
            At s = timeline.at(i).object();
            int cpu = s.get("cpu").integer(0, cpus - 1);
            long start = s.get("start_ns").longValue();
            At endAt = s.get("end_ns");
            long end = endAt.longValue();
            if (end < start) throw endAt.problem(end + " is before start_ns " + start);
            int pid = s.get("pid").integer(0, Integer.MAX_VALUE);
            At name = s.optional("name");
            At irq = s.optional("irq");
            slices.add(new Slice(cpu, start, end, pid, name == null ? null : name.nullableText(),
                    irq == null ? -1 : irq.integer(-1, Integer.MAX_VALUE)));
        }
        return Collections.unmodifiableList(slices);
    }

    private static String shard(At shard) {
        if (shard == null || shard.node.isNull()) return null;
        return shard.node.isTextual() ? shard.node.textValue() : shard.node.toString();
    }

    private static List<String> texts(At array) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.node.size(); i++) out.add(array.at(i).text());
        return List.copyOf(out);
    }

    private static List<Long> longs(At array) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < array.node.size(); i++) out.add(array.at(i).longValue());
        return List.copyOf(out);
    }

    /** A node and the path that reached it; each check returns the node or throws naming the path. */
    private record At(String path, JsonNode node) {
        At get(String key) {
            JsonNode child = node.get(key);
            if (child == null) throw new IllegalArgumentException(child(key) + ": missing");
            return new At(child(key), child);
        }

        /** The member, or null when it is absent (a present null is returned as a node). */
        At optional(String key) {
            JsonNode child = node.get(key);
            return child == null ? null : new At(child(key), child);
        }

        At at(int index) {
            return new At(path + "[" + index + "]", node.get(index));
        }

        private String child(String key) {
            return "$".equals(path) ? key : path + "." + key;
        }

        At object() {
            if (!node.isObject()) throw problem(shown() + " is not an object");
            return this;
        }

        At array() {
            if (!node.isArray()) throw problem(shown() + " is not an array");
            return this;
        }

        String text() {
            if (!node.isTextual()) throw problem(shown() + " is not a string");
            return node.textValue();
        }

        String nullableText() {
            return node.isNull() ? null : text();
        }

        double number() {
            if (!node.isNumber()) throw problem(shown() + " is not a number");
            return node.doubleValue();
        }

        Double nullableNumber() {
            return node.isNull() ? null : number();
        }

        long longValue() {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) throw problem(shown() + " is not an integer");
            return node.longValue();
        }

        Long nullableLong() {
            return node.isNull() ? null : longValue();
        }

        int integer(int min, int max) {
            long v = longValue();
            if (v < min || v > max) throw problem(v + " is out of range " + min + ".." + max);
            return (int) v;
        }

        IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(path + ": " + what);
        }

        /** The value as it stands in the document, cut short when long. */
        private String shown() {
            String s = node.toString();
            return s.length() > 40 ? s.substring(0, 37) + "..." : s;
        }
    }
}
