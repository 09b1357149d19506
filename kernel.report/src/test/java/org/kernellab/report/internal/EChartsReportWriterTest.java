package org.kernellab.report.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EChartsReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EChartsReportWriter writer = new EChartsReportWriter(20_000);

    static String sample() throws IOException {
        try (InputStream in = EChartsReportWriterTest.class.getResourceAsStream("/sample-results.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ObjectNode sampleTree() throws IOException {
        return (ObjectNode) JSON.readTree(sample());
    }

    /** The page's data: the JSON between the data script's tags. */
    static JsonNode data(String html) throws IOException {
        String open = "<script type=\"application/json\" id=\"" + ReportPage.DATA_ID + "\">";
        int from = html.indexOf(open) + open.length();
        return JSON.readTree(html.substring(from, html.indexOf("</script>", from)));
    }

    private String html(JsonNode doc) {
        return writer.html(doc.toString());
    }

    private IllegalArgumentException problem(JsonNode doc) {
        return assertThrows(IllegalArgumentException.class, () -> html(doc));
    }

    @Test
    void html_sample_inlinesEChartsAndNeedsNoNetwork() throws IOException {
        String html = writer.html(sample());
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("Licensed to the Apache Software Foundation"), "the library's licence header is inlined");
        assertTrue(html.contains("echarts.init("), "the page script draws with ECharts");
        assertTrue(Pattern.compile("\\bversion=\"5\\.[0-9.]+\"|Apache ECharts 5\\.[0-9.]+").matcher(html).find(), "the footer names the library version");
        // Self-contained: nothing is fetched; no script or style sheet comes from anywhere.
        assertFalse(html.contains("<script src"), "no external script");
        assertFalse(html.contains("<link"), "no external style sheet");
        assertFalse(Pattern.compile("src=\"(https?:)?//").matcher(html).find(), "no external source");
    }

    @Test
    void html_sample_headerAndSummaryTableCarryTheNumbers() throws IOException {
        String html = writer.html(sample());
        assertTrue(html.contains("<h1>Scheduler comparison: desktop-mix</h1>"), "workload in the header");
        assertTrue(html.contains("<dt>KernelLab</dt><dd>0.1.0</dd>"), "version in the header");
        assertTrue(html.contains("<dt>policies</dt><dd>fifo, rr:quantum=4ms, cfs</dd>"), "policies with their parameters");
        JsonNode cfs = sampleTree().get("runs").get(2);
        assertEquals("cfs", cfs.get("policy").asText());
        long switches = cfs.get("summary").get("switches").asLong();
        double jain = cfs.get("summary").get("jain_fairness").asDouble();
        String row = rowOf(html, "cfs", 1);
        assertTrue(row.contains(">" + switches + "</td>"), row);
        assertTrue(row.contains(String.format(Locale.ROOT, ">%.3f</td>", jain)), row);
        assertTrue(row.contains("title=\"never happened\">\u2014</td>"), "a null figure is a dash: " + row);
        assertTrue(html.contains("class=\"best\""), "the best figures are marked");
    }

    private static String rowOf(String html, String policy, long seed) {
        Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(policy) + "</td><td>" + seed + "</td>.*?</tr>").matcher(html);
        assertTrue(m.find(), "a table row for " + policy + " seed " + seed);
        return m.group();
    }

    @Test
    void html_sample_dataHoldsTimelinesCdfsAndMetrics() throws IOException {
        ObjectNode doc = sampleTree();
        JsonNode data = data(writer.html(doc.toString()));
        assertEquals(6, data.get("runs").size());
        JsonNode rr = data.get("runs").get(1);
        assertEquals("rr:quantum=4ms \u00b7 seed 1", rr.get("label").asText());
        JsonNode cdf = doc.get("runs").get(1).get("wakeup_latency_cdf");
        assertEquals(cdf.size(), rr.get("cdf").size());
        for (int i = 0; i < cdf.size(); i++) {
            assertEquals(cdf.get(i).get(0).asLong(), rr.get("cdf").get(i).get(0).asLong(), "ns of point " + i);
            assertEquals(cdf.get(i).get(1).asDouble(), rr.get("cdf").get(i).get(1).asDouble(), "fraction of point " + i);
        }
        long drawn = 0;
        for (JsonNode s : doc.get("runs").get(1).get("timeline")) {
            if (s.get("pid").asInt() != 0 || s.get("irq").asInt() >= 0) drawn++;
        }
        assertEquals(drawn, rr.get("slices").size(), "every slice but idle's");
        JsonNode first = rr.get("slices").get(0);
        assertEquals(6, first.size(), "[cpu, start, end, name, pid, irq]");
        assertTrue(data.get("names").toString().contains("\"timer\""), "interrupt handlers are named");
        assertTrue(data.get("runs").get(3).get("slices").isNull(), "fifo seed 2 has no timeline");

        assertEquals("[\"fifo\",\"rr:quantum=4ms\",\"cfs\"]", data.get("policies").toString());
        assertEquals("[1,2]", data.get("seeds").toString());
        assertEquals(Metric.values().length, data.get("metrics").size());
        JsonNode switches = data.get("metrics").get(Metric.SWITCHES.ordinal());
        assertEquals("switches", switches.get("key").asText());
        assertEquals(doc.get("runs").get(5).get("summary").get("switches").asLong(), switches.get("values").get(1).get(2).asLong(),
                "values[seed 2][cfs]");
        JsonNode p99 = data.get("metrics").get(Metric.WAKEUP_P99.ordinal());
        assertEquals(doc.get("runs").get(0).get("summary").get("wakeup_latency_ns").get("p99").asLong(), p99.get("values").get(0).get(0).asLong());
        assertTrue(data.get("metrics").get(Metric.AVG_TURNAROUND.ordinal()).get("values").get(0).get(0).isNull(), "null stays null");
    }

    @Test
    void html_runWithoutTimeline_saysNoTimelineRecorded() throws IOException {
        String html = writer.html(sample());
        Matcher m = Pattern.compile("<h3>fifo \u00b7 seed 2</h3>\n<p class=\"none\">no timeline recorded</p>").matcher(html);
        assertTrue(m.find(), "the run without a timeline says so");
        assertFalse(html.contains("id=\"timeline-3\""), "and has no chart");
        assertTrue(html.contains("id=\"timeline-0\""));
    }

    @Test
    void html_timelineOverTheCap_drawsTheEarliestAndSaysSo() throws IOException {
        ObjectNode doc = sampleTree();
        ArrayNode runs = (ArrayNode) doc.get("runs");
        ObjectNode run = (ObjectNode) runs.get(2);
        ArrayNode timeline = run.putArray("timeline");
        for (int i = 0; i < 150_000; i++) {
            ObjectNode s = timeline.addObject();
            s.put("cpu", i % 2).put("start_ns", i * 1000L).put("end_ns", i * 1000L + 900).put("pid", 10 + i % 7).put("name", "t" + i % 7).put("irq", -1);
        }
        String html = new EChartsReportWriter(1000).html(doc.toString());
        assertTrue(html.contains("Showing the first 1000 of 150000 slices, up to 999.00 \u00b5s"), "the cap is stated on the page");
        assertEquals(1000, data(html).get("runs").get(2).get("slices").size());
        assertEquals(999_000, data(html).get("runs").get(2).get("slices").get(999).get(1).asLong(), "the earliest slices are the ones drawn");
    }

    @Test
    void html_scriptCloseInNames_cannotEndAScript() throws IOException {
        String evil = "</script><script>alert('x')</script><!--";
        ObjectNode doc = sampleTree();
        doc.put("workload", evil);
        ObjectNode run = (ObjectNode) doc.get("runs").get(0);
        run.put("policy", evil);
        ((ObjectNode) run.get("timeline").get(5)).put("name", evil).put("pid", 99);
        run.put("digest", evil);
        String html = writer.html(doc.toString());

        Matcher close = Pattern.compile("</script", Pattern.CASE_INSENSITIVE).matcher(html);
        int closes = 0;
        while (close.find()) closes++;
        int opens = html.split("<script", -1).length - 1;
        assertEquals(4, opens, "the error hook, the data, ECharts and the page script: the names open none");
        assertEquals(opens, closes, "every </script is the end of one of the page's own scripts");
        assertFalse(html.contains("<!--"), "nothing opens a comment that could swallow a closing tag");
        assertFalse(html.contains("alert('x')</"), "the name is never raw HTML");
        assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)"), "in HTML the name is text");
        JsonNode data = data(html);
        assertEquals(evil + " \u00b7 seed 1", data.get("runs").get(0).get("label").asText(), "and in the data it is intact");
        assertTrue(data.get("names").toString().contains(evil.replace("\"", "\\\"")));
    }

    @Test
    void scriptText_closingTagsAndCommentOpeners_areEscaped() {
        assertEquals("a = '<\\/script>' + '<\\!--'", ReportPage.scriptText("a = '</script>' + '<!--'"));
    }

    @Test
    void html_notJson_namesTheDocumentAndPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.html("{\"runs\": [}"));
        assertTrue(e.getMessage().startsWith("$: not JSON at line 1, column"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> writer.html(""));
        assertEquals("$: empty; a results document is a JSON object", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> writer.html("[1, 2]"));
        assertEquals("$: [1,2] is not an object", e.getMessage());
    }

    @Test
    void html_runWithoutSummary_namesItsPath() throws IOException {
        ObjectNode doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(2)).remove("summary");
        assertEquals("runs[2].summary: missing", problem(doc).getMessage());
    }

    @Test
    void html_badFields_namePathValueAndRule() throws IOException {
        ObjectNode doc = sampleTree();
        doc.remove("workload");
        assertEquals("workload: missing", problem(doc).getMessage());

        doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(1)).remove("policy");
        assertEquals("runs[1].policy: missing", problem(doc).getMessage());

        doc = sampleTree();
        doc.put("runs", "all of them");
        assertEquals("runs: \"all of them\" is not an array", problem(doc).getMessage());

        doc = sampleTree();
        doc.putArray("runs");
        assertEquals("runs: empty; a results document has at least one run", problem(doc).getMessage());

        doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(1).get("summary")).put("jain_fairness", "fair");
        assertEquals("runs[1].summary.jain_fairness: \"fair\" is not a number", problem(doc).getMessage());

        doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(1).get("summary").get("wakeup_latency_ns")).remove("p99");
        assertEquals("runs[1].summary.wakeup_latency_ns.p99: missing", problem(doc).getMessage());

        doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(0)).put("seed", 1.5);
        assertEquals("runs[0].seed: 1.5 is not an integer", problem(doc).getMessage());

        doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(0).get("timeline").get(7)).put("cpu", 2);
        assertEquals("runs[0].timeline[7].cpu: 2 is out of range 0..1", problem(doc).getMessage());

        doc = sampleTree();
        ((ObjectNode) doc.get("runs").get(0).get("timeline").get(3)).put("end_ns", -1);
        assertTrue(problem(doc).getMessage().startsWith("runs[0].timeline[3].end_ns: -1 is before start_ns "), problem(doc).getMessage());

        doc = sampleTree();
        ((ArrayNode) doc.get("runs").get(4).get("wakeup_latency_cdf")).addArray().add(5000);
        assertTrue(problem(doc).getMessage().matches("runs\\[4\\]\\.wakeup_latency_cdf\\[\\d+\\]: has 1 items; a CDF point is \\[ns, fraction\\]"),
                problem(doc).getMessage());
    }

    @Test
    void html_nullsAndOptionalMembers_areAccepted() throws IOException {
        ObjectNode doc = sampleTree();
        ObjectNode run = (ObjectNode) doc.get("runs").get(0);
        run.remove("timeline");
        run.remove("wakeup_latency_cdf");
        run.putNull("end_ns");
        run.putNull("digest");
        ((ObjectNode) run.get("summary")).putNull("jain_fairness");
        doc.remove("policies");
        doc.put("shard", "1/2");
        String html = html(doc);
        assertTrue(html.contains("No wakeup latency recorded for: fifo \u00b7 seed 1."), "a run without a CDF is named");
        assertTrue(html.contains("<dt>shard</dt><dd>1/2</dd>"));
        assertTrue(data(html).get("runs").get(0).get("slices").isNull());
    }

    /**
     * Writes pages to target/report/ for .ci/report-check to load in a browser: the sample, and
     * the sample with 120,000 slices a run, one task named to end the script elements early.
     */
    @Test
    void html_sample_writtenForTheBrowserCheck() throws IOException {
        Path dir = Path.of("target", "report");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sample.html"), writer.html(sample()), StandardCharsets.UTF_8);
        ObjectNode big = sampleTree();
        String evil = "</script><script>document.title='broken'</script>";
        big.put("workload", "large " + evil);
        for (JsonNode run : big.get("runs")) {
            ArrayNode timeline = ((ObjectNode) run).putArray("timeline");
            for (int i = 0; i < 120_000; i++) {
                long t = i * 5_000L;
                timeline.addObject().put("cpu", i % 2).put("start_ns", t).put("end_ns", t + (i % 11 == 0 ? 800 : 4_900))
                        .put("pid", i % 11 == 0 ? 0 : 10 + i % 5).put("name", i % 11 == 0 ? "swapper" : i % 5 == 4 ? evil : "task-" + i % 5)
                        .put("irq", i % 13 == 0 ? 0 : -1);
            }
        }
        Files.writeString(dir.resolve("large.html"), writer.html(big.toString()), StandardCharsets.UTF_8);
        assertTrue(Files.size(dir.resolve("sample.html")) > 1_000_000, "the library is inlined");
    }
}
