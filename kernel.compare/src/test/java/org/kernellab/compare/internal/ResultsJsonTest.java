package org.kernellab.compare.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.compare.internal.Fakes.MS;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.TaskStats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The results document: the contract of issue 8 section 5, its additions, nulls, and byte-stable writing. */
class ResultsJsonTest {
    /** Issue 8, section 5, as written there: every field of it is a contract. */
    private static final String CONTRACT = """
        {"workload": "nice-pair", "kernellab": "<version>",
         "runs": [{"policy": "cfs", "params": {}, "seed": 1, "cpus": 1, "hz": 1000, "end_ns": 10000000000,
           "tasks": [{"name": "a", "pid": 3, "cpu_ns": 0, "response_ns": 0, "turnaround_ns": null,
                      "wait_ns": 0, "nvcsw": 0, "nivcsw": 0, "migrations": 0,
                      "jobs": 0, "misses": 0, "first_miss_ns": null,
                      "wakeup_latency_ns": {"p50": 0, "p90": 0, "p99": 0, "p999": 0, "max": 0}}],
           "summary": {"avg_response_ns": 0, "avg_turnaround_ns": 0, "avg_wait_ns": 0,
                       "wakeup_latency_ns": {"p50": 0, "p99": 0, "max": 0}, "jain_fairness": 1.0,
                       "misses": 0, "switches": 0, "migrations": 0, "utilization": 1.0, "makespan_ns": 0}}]}
        """;

    private static ObjectNode doc(boolean timeline) {
        RunSpec spec = RunSpec.of(Fakes.workload("nice-pair"), "fair").withTimeline(timeline);
        RunResult r = new Fakes.Runner("fair").run(spec);
        return ResultsJson.document("nice-pair", "0.1.0.SNAPSHOT", List.of("fair"), List.of(1L), null,
                List.of(ResultsJson.run(Metrics.of(r))));
    }

    private static List<String> paths(JsonNode n, String at) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(at + "." + e.getKey());
                out.addAll(paths(e.getValue(), at + "." + e.getKey()));
            }
        } else if (n.isArray() && n.size() > 0 && n.get(0).isContainerNode()) {
            out.addAll(paths(n.get(0), at + "[]"));
        }
        return out;
    }

    @Test
    void document_hasEveryFieldOfTheContract_withItsKind() throws Exception {
        JsonNode contract = ResultsJson.MAPPER.readTree(CONTRACT);
        JsonNode ours = doc(false);
        for (String path : paths(contract, "")) {
            JsonNode want = at(contract, path);
            JsonNode have = at(ours, path);
            assertTrue(have != null, "missing " + path);
            if (want.isIntegralNumber()) assertTrue(have.isIntegralNumber() || have.isNull(), path + " is " + have);
            if (want.isFloatingPointNumber()) assertTrue(have.isFloatingPointNumber(), path + " is " + have);
            if (want.isTextual()) assertTrue(have.isTextual(), path + " is " + have);
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.substring(1).split("\\.")) {
            boolean array = part.endsWith("[]");
            n = n.get(array ? part.substring(0, part.length() - 2) : part);
            if (n == null) return null;
            if (array) n = n.get(0);
        }
        return n;
    }

    @Test
    void document_additions_topLevelRunAndTask() {
        JsonNode d = doc(false);
        assertEquals("[\"fair\"]", d.get("policies").toString());
        assertEquals("[1]", d.get("seeds").toString());
        assertTrue(d.get("shard").isNull());
        JsonNode run = d.get("runs").get(0);
        assertEquals("stop", run.get("stopped_by").asText());
        assertEquals("digest-fair-1", run.get("digest").asText());
        assertEquals("[\"policy fair seed 1\"]", run.get("log").toString());
        assertFalse(run.has("timeline"), "no timeline unless the run recorded one");
        JsonNode task = run.get("tasks").get(0);
        assertEquals(0, task.get("start_ns").asLong());
        assertEquals(0, task.get("first_run_ns").asLong());
        assertEquals(8 * MS + 3001, task.get("exit_ns").asLong());
        assertEquals(3, task.get("wakeups").asInt());
        for (String k : Metrics.PERCENTILE_KEYS) assertTrue(task.get("job_response_ns").get(k).isNull(), k);
    }

    @Test
    void document_timeline_onlyWhenRecorded_withTheSlices() {
        JsonNode t = doc(true).get("runs").get(0).get("timeline");
        assertEquals(3, t.size());
        assertEquals("{\"cpu\":0,\"start_ns\":100,\"end_ns\":200,\"pid\":3,\"name\":\"a\",\"irq\":7}", t.get(1).toString());
    }

    @Test
    void document_neverRanNeverExited_isNull() {
        TaskStats never = Fakes.task("b", 4, 0, null, null, 0, 10 * MS, null);
        RunSpec spec = RunSpec.of(Fakes.workload("w"), "fair");
        JsonNode run = ResultsJson.run(Metrics.of(Fakes.result(spec, List.of(never), 10 * MS, new long[] {0, 0})));
        JsonNode t = run.get("tasks").get(0);
        for (String k : List.of("first_run_ns", "exit_ns", "response_ns", "turnaround_ns", "first_miss_ns")) assertTrue(t.get(k).isNull(), k);
        assertTrue(t.get("wakeup_latency_ns").get("p50").isNull());
        assertTrue(run.get("summary").get("makespan_ns").isNull());
        assertTrue(run.get("summary").get("avg_response_ns").isNull());
        assertEquals("[]", run.get("wakeup_latency_cdf").toString());
    }

    @Test
    void cdf_fractionsEndAtOne_atMost200Points() {
        long[] lat = LongStream.rangeClosed(1, 999).toArray();
        TaskStats t = Fakes.task("a", 3, 0, 0L, MS, MS, 0, lat);
        JsonNode cdf = ResultsJson.run(Metrics.of(Fakes.result(RunSpec.of(Fakes.workload("w"), "fair"), List.of(t), MS, new long[] {MS, 0})))
                .get("wakeup_latency_cdf");
        assertEquals(200, cdf.size());
        assertEquals("[999,1.0]", cdf.get(199).toString());
        assertEquals("[5,0.005005005005005005]", cdf.get(0).toString()); // rank ceil(999/200) = 5 of 999
    }

    @Test
    void write_readBack_writesTheSameBytes() throws Exception {
        String text = ResultsJson.write(doc(true));
        assertTrue(text.endsWith("}\n"));
        assertEquals(text, ResultsJson.write(ResultsJson.MAPPER.readTree(text)));
    }

    @Test
    void csv_headerAndOneRowPerTask_nullsEmpty() {
        TaskStats never = Fakes.task("b,x", 4, 0, null, null, 0, 10 * MS, null);
        RunSpec spec = RunSpec.of(Fakes.workload("w"), "fair");
        JsonNode d = ResultsJson.document("w", "v", List.of("fair"), List.of(1L), null,
                List.of(ResultsJson.run(Metrics.of(Fakes.result(spec, List.of(never), 10 * MS, new long[] {0, 0})))));
        String[] lines = Csv.of(d).split("\n");
        assertEquals(2, lines.length);
        assertEquals("policy,params,seed,task,pid,start_ns,first_run_ns,exit_ns,cpu_ns,response_ns,turnaround_ns,wait_ns,nvcsw,nivcsw,"
                + "migrations,wakeups,wakeup_p50_ns,wakeup_p90_ns,wakeup_p99_ns,wakeup_p999_ns,wakeup_max_ns,jobs,misses,first_miss_ns,"
                + "job_response_p50_ns,job_response_p90_ns,job_response_p99_ns,job_response_p999_ns,job_response_max_ns", lines[0]);
        assertEquals("fair,,1,\"b,x\",4,0,,,0,,,10000000,1,2,0,0,,,,,,0,0,,,,,,", lines[1]);
    }
}
