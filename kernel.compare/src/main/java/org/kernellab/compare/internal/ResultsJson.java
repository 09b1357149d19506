package org.kernellab.compare.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.Slice;
import org.kernellab.api.run.TaskStats;
import org.kernellab.compare.internal.Metrics.Percentiles;
import org.kernellab.compare.internal.Metrics.RunMetrics;
import org.kernellab.compare.internal.Metrics.Summary;
import org.kernellab.compare.internal.Metrics.TaskMetrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The results document of {@code docs/metrics.md}: built from runs as a Jackson tree, parsed
 * back from files, and written by one writer, so a document built, merged or read back has
 * the same bytes. The field names of issue 8 are a contract: add to them, never rename.
 */
final class ResultsJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private ResultsJson() {
    }

    /** The top level: what ran, and the runs in (policy, seed) order. */
    static ObjectNode document(String workload, String version, List<String> policies, List<Long> seeds, Shard shard,
                               List<ObjectNode> runs) {
        ObjectNode d = NODES.objectNode();
        d.put("workload", workload);
        d.put("kernellab", version);
        ArrayNode p = d.putArray("policies");
        policies.forEach(p::add);
        ArrayNode s = d.putArray("seeds");
        seeds.forEach(s::add);
        if (shard == null) d.putNull("shard");
        else d.put("shard", shard.toString());
        ArrayNode r = d.putArray("runs");
        runs.forEach(r::add);
        return d;
    }

    /** One run's entry. */
    static ObjectNode run(RunMetrics m) {
        RunResult r = m.raw();
        ObjectNode o = NODES.objectNode();
        o.put("policy", r.spec().policy());
        ObjectNode params = o.putObject("params");
        new TreeMap<>(r.params()).forEach(params::put);
        o.put("seed", r.spec().seed());
        o.put("cpus", r.cpus());
        o.put("hz", r.hz());
        o.put("end_ns", r.endNs());
        o.put("stopped_by", r.stoppedBy());
        o.put("digest", r.digest());
        ArrayNode tasks = o.putArray("tasks");
        for (TaskMetrics t : m.tasks()) tasks.add(task(t));
        o.set("summary", summary(m.summary()));
        ArrayNode cdf = o.putArray("wakeup_latency_cdf");
        long n = m.sortedWakeupLatencies().length;
        for (long[] point : Metrics.cdfRanks(m.sortedWakeupLatencies())) {
            ArrayNode pair = cdf.addArray();
            pair.add(point[0]);
            pair.add((double) point[1] / n);
        }
        ArrayNode log = o.putArray("log");
        r.log().forEach(log::add);
        if (r.spec().timeline()) {
            ArrayNode timeline = o.putArray("timeline");
            for (Slice s : r.timeline()) {
                ObjectNode x = timeline.addObject();
                x.put("cpu", s.cpu());
                x.put("start_ns", s.startNs());
                x.put("end_ns", s.endNs());
                x.put("pid", s.pid());
                x.put("name", s.name());
                x.put("irq", s.irq());
            }
        }
        return o;
    }

    private static ObjectNode task(TaskMetrics m) {
        TaskStats t = m.raw();
        ObjectNode o = NODES.objectNode();
        o.put("name", t.name());
        o.put("pid", t.pid());
        o.put("start_ns", t.startNs());
        o.put("first_run_ns", t.firstRunNs());
        o.put("exit_ns", t.exitNs());
        o.put("cpu_ns", t.cpuNs());
        o.put("response_ns", m.responseNs());
        o.put("turnaround_ns", m.turnaroundNs());
        o.put("wait_ns", t.waitNs());
        o.put("nvcsw", t.nvcsw());
        o.put("nivcsw", t.nivcsw());
        o.put("migrations", t.migrations());
        o.put("jobs", t.jobs());
        o.put("misses", t.misses());
        o.put("first_miss_ns", t.firstMissNs());
        o.put("wakeups", t.wakeupLatencyNs().length);
        o.set("wakeup_latency_ns", percentiles(m.wakeupLatency()));
        o.set("job_response_ns", percentiles(m.jobResponse()));
        return o;
    }

    private static ObjectNode summary(Summary s) {
        ObjectNode o = NODES.objectNode();
        o.put("avg_response_ns", s.avgResponseNs());
        o.put("avg_turnaround_ns", s.avgTurnaroundNs());
        o.put("avg_wait_ns", s.avgWaitNs());
        o.put("avg_cpu_ns", s.avgCpuNs());
        o.set("wakeup_latency_ns", percentiles(s.wakeupLatency()));
        o.put("wakeups", s.wakeups());
        o.put("jain_fairness", s.jainFairness());
        o.put("jobs", s.jobs());
        o.put("misses", s.misses());
        o.put("switches", s.switches());
        o.put("migrations", s.migrations());
        o.put("utilization", s.utilization());
        o.put("makespan_ns", s.makespanNs());
        o.put("tasks", s.tasks());
        o.put("exited", s.exited());
        return o;
    }

    /** {p50, p90, p99, p999, max}, each null when there are no values. */
    private static ObjectNode percentiles(Percentiles p) {
        ObjectNode o = NODES.objectNode();
        long[] v = p == null ? null : p.asArray();
        for (int i = 0; i < Metrics.PERCENTILE_KEYS.size(); i++) {
            if (v == null) o.putNull(Metrics.PERCENTILE_KEYS.get(i));
            else o.put(Metrics.PERCENTILE_KEYS.get(i), v[i]);
        }
        return o;
    }

    /** The document's text: two-space indentation, {@code \n} line ends, a final newline. */
    static String write(JsonNode doc) {
        try {
            return WRITER.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a results tree could not be written: " + e.getMessage(), e);
        }
    }

    /** The parameters of a policy as the document has them, for the CSV and the tables. */
    static Map<String, String> params(JsonNode run) {
        Map<String, String> m = new TreeMap<>();
        run.path("params").properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
