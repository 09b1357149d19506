package org.kernellab.report.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.kernellab.api.run.Slice;
import org.kernellab.report.internal.Results.Run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

/**
 * Renders one page: the header and the summary table as plain HTML (readable with scripts
 * off), and the charts' data as JSON in a {@code <script type="application/json">} that the
 * page's own script hands to ECharts.
 *
 * <p>Nothing in the document can end a script element early: the data is written with
 * {@code <}, {@code >} and {@code &} escaped as {@code \}{@code u003c} and so on (so the JSON
 * holds no {@code <} at all), the inlined scripts have every {@code </} written {@code <\/},
 * and text in HTML is entity-escaped.
 */
final class ReportPage {
    static final String DATA_ID = "kernellab-data";
    private final JsonFactory json = JsonFactory.builder().build();

    private final Assets assets;
    private final int maxSlicesPerRun;

    ReportPage(Assets assets, int maxSlicesPerRun) {
        this.assets = assets;
        this.maxSlicesPerRun = maxSlicesPerRun;
    }

    String render(Results r) {
        List<Drawn> timelines = new ArrayList<>();
        for (Run run : r.runs()) timelines.add(run.timeline() == null ? null : Drawn.of(run.timeline(), maxSlicesPerRun));

        StringBuilder h = new StringBuilder(assets.echarts().length() + 64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .append("<meta name=\"generator\" content=\"KernelLab ").append(esc(r.kernellab())).append(" kernel.report\">\n")
         .append("<title>KernelLab report: ").append(esc(r.workload())).append("</title>\n")
         .append("<style>\n").append(assets.css()).append("</style>\n")
         // Before anything else runs, so that a failure anywhere below is visible in the DOM.
         .append("<script>window.addEventListener('error', function (e) { document.documentElement.setAttribute('data-report-error', String(e.message)); });</script>\n")
         .append("</head>\n<body>\n");
        header(h, r);
        summaryTable(h, r);
        cdfSection(h, r);
        metricsSection(h);
        timelineSection(h, r, timelines);
        h.append("<footer>Made by KernelLab ").append(esc(r.kernellab()))
         .append(". Charts by Apache ECharts ").append(esc(assets.echartsVersion()))
         .append(" (Apache License 2.0), inlined in this page: it needs no network.</footer>\n");
        h.append("<script type=\"application/json\" id=\"" + DATA_ID + "\">").append(data(r, timelines)).append("</script>\n");
        h.append("<script>\n").append(scriptText(assets.echarts())).append("\n</script>\n");
        h.append("<script>\n").append(scriptText(assets.pageScript())).append("\n</script>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, Results r) {
        h.append("<header>\n<h1>Scheduler comparison: ").append(esc(r.workload())).append("</h1>\n<dl>\n");
        item(h, "workload", r.workload());
        item(h, "KernelLab", r.kernellab());
        item(h, "policies", String.join(", ", policies(r)));
        List<String> seeds = new ArrayList<>();
        for (long s : seeds(r)) seeds.add(Long.toString(s));
        item(h, "seeds", String.join(", ", seeds));
        item(h, "runs", Integer.toString(r.runs().size()));
        if (r.shard() != null) item(h, "shard", r.shard());
        h.append("</dl>\n</header>\n");
    }

    private static void item(StringBuilder h, String term, String value) {
        h.append("<div><dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd></div>\n");
    }

    private static void summaryTable(StringBuilder h, Results r) {
        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>policy</th><th>seed</th><th>cpus</th>");
        for (Metric m : Metric.values()) h.append("<th>").append(esc(m.title)).append("</th>");
        h.append("<th>ended at</th><th>stopped by</th><th>digest</th></tr></thead>\n<tbody>\n");
        for (Run run : r.runs()) {
            h.append("<tr><td>").append(esc(run.policyLabel())).append("</td><td>").append(run.seed())
             .append("</td><td>").append(run.cpus()).append("</td>");
            for (Metric m : Metric.values()) {
                Double v = run.summary().get(m);
                if (v == null) {
                    h.append("<td class=\"none\" title=\"never happened\">\u2014</td>");
                } else {
                    h.append(best(r, run, m) ? "<td class=\"best\"" : "<td").append(" title=\"").append(raw(v))
                     .append(m.unit == Metric.Unit.NS ? " ns" : "").append("\">").append(esc(m.unit.format(v))).append("</td>");
                }
            }
            h.append("<td>").append(run.endNs() == null ? "\u2014" : esc(Metric.Unit.duration(run.endNs()))).append("</td><td>")
             .append(run.stoppedBy() == null ? "\u2014" : esc(run.stoppedBy())).append("</td><td class=\"digest\"");
            if (run.digest() != null) h.append(" title=\"").append(esc(run.digest())).append("\"");
            h.append(">").append(run.digest() == null ? "\u2014" : esc(shorten(run.digest(), 12))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table></div>\n<p class=\"note\">The best figure among the runs of each seed is in bold; "
                + "\u2014 means it never happened. Hover a figure for its exact value.</p>\n</section>\n");
    }

    /** True when {@code run} has the best figure of {@code m} among two or more runs with its seed. */
    private static boolean best(Results r, Run run, Metric m) {
        double mine = run.summary().get(m);
        int rivals = 0;
        for (Run other : r.runs()) {
            if (other == run || other.seed() != run.seed() || other.summary().get(m) == null) continue;
            rivals++;
            if (m.better(other.summary().get(m), mine)) return false;
        }
        return rivals > 0;
    }

    private static void cdfSection(StringBuilder h, Results r) {
        h.append("<section id=\"cdf\">\n<h2>Wakeup latency CDF</h2>\n<div class=\"chart\" id=\"cdf-chart\"></div>\n");
        List<String> without = new ArrayList<>();
        for (Run run : r.runs()) if (run.cdf() == null || run.cdf().isEmpty()) without.add(run.label());
        if (!without.isEmpty()) {
            h.append("<p class=\"note\">No wakeup latency recorded for: ").append(esc(String.join(", ", without))).append(".</p>\n");
        }
        h.append("</section>\n");
    }

    private static void metricsSection(StringBuilder h) {
        h.append("<section id=\"metrics\">\n<h2>Summary metrics per policy</h2>\n<div class=\"grid\">\n");
        for (Metric m : Metric.values()) {
            h.append("<div class=\"chart small\" id=\"metric-").append(m.name().toLowerCase(Locale.ROOT)).append("\"></div>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private void timelineSection(StringBuilder h, Results r, List<Drawn> timelines) {
        h.append("<section id=\"timelines\">\n<h2>Per-CPU timelines</h2>\n<p class=\"note\">Tasks in colour, interrupt handlers in red, "
                + "idle not drawn. Drag the slider or scroll in a chart to zoom; hover a slice for its task and times.</p>\n");
        for (int i = 0; i < r.runs().size(); i++) {
            Run run = r.runs().get(i);
            Drawn d = timelines.get(i);
            h.append("<div class=\"run\">\n<h3>").append(esc(run.label())).append("</h3>\n");
            if (d == null) {
                h.append("<p class=\"none\">no timeline recorded</p>\n</div>\n");
                continue;
            }
            if (d.slices.size() < d.total) {
                h.append("<p class=\"note capped\">Showing the first ").append(d.slices.size()).append(" of ").append(d.total)
                 .append(" slices, up to ").append(esc(Metric.Unit.duration(d.until)))
                 .append(": the report writer draws at most ").append(maxSlicesPerRun)
                 .append(" per run (its max_slices_per_run).</p>\n");
            } else {
                h.append("<p class=\"note\">").append(d.total).append(d.total == 1 ? " slice" : " slices").append(".</p>\n");
            }
            int height = 110 + 36 * Math.min(run.cpus(), 64);
            h.append("<div class=\"chart gantt\" id=\"timeline-").append(i).append("\" style=\"height:").append(height).append("px\"></div>\n");
            h.append("<div class=\"legend\" id=\"legend-").append(i).append("\"></div>\n</div>\n");
        }
        h.append("</section>\n");
    }

    /** The slices a timeline draws: not the idle task's (an interrupt on an idle CPU is drawn), in start order, at most a cap. */
    private record Drawn(List<Slice> slices, int total, long until) {
        static Drawn of(List<Slice> timeline, int cap) {
            List<Slice> shown = new ArrayList<>();
            for (Slice s : timeline) if (s.pid() != 0 || s.isIrq()) shown.add(s);
            shown.sort(Comparator.comparingLong(Slice::startNs));
            int total = shown.size();
            if (total <= cap) return new Drawn(shown, total, total == 0 ? 0 : shown.get(total - 1).endNs());
            List<Slice> kept = List.copyOf(shown.subList(0, cap));
            return new Drawn(kept, total, kept.get(cap - 1).startNs());
        }
    }

    /** The charts' data, with no {@code <}, {@code >} or {@code &} left unescaped. */
    private String data(Results r, List<Drawn> timelines) {
        List<String> policies = policies(r);
        List<Long> seeds = seeds(r);
        Map<String, Integer> names = new LinkedHashMap<>();
        StringWriter out = new StringWriter();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.setCharacterEscapes(new HtmlSafeEscapes());
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (int i = 0; i < r.runs().size(); i++) {
                Run run = r.runs().get(i);
                g.writeStartObject();
                g.writeStringField("label", run.label());
                g.writeNumberField("cpus", run.cpus());
                g.writeFieldName("end");
                number(g, run.endNs() == null ? null : run.endNs().doubleValue());
                g.writeFieldName("cdf");
                if (run.cdf() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (double[] p : run.cdf()) {
                        g.writeStartArray();
                        number(g, p[0]);
                        number(g, p[1]);
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                g.writeFieldName("slices");
                Drawn d = timelines.get(i);
                if (d == null) {
                    g.writeNull();
                } else {
                    // [cpu, start, end, name index, pid, irq]: the custom series' dimensions
                    g.writeStartArray();
                    for (Slice s : d.slices) {
                        String name = s.name() != null ? s.name() : s.isIrq() ? "irq " + s.irq() : "pid " + s.pid();
                        g.writeStartArray();
                        g.writeNumber(s.cpu());
                        g.writeNumber(s.startNs());
                        g.writeNumber(s.endNs());
                        g.writeNumber(names.computeIfAbsent(name, k -> names.size()));
                        g.writeNumber(s.pid());
                        g.writeNumber(s.irq());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("names");
            for (String n : names.keySet()) g.writeString(n);
            g.writeEndArray();
            g.writeArrayFieldStart("policies");
            for (String p : policies) g.writeString(p);
            g.writeEndArray();
            g.writeArrayFieldStart("seeds");
            for (long s : seeds) g.writeNumber(s);
            g.writeEndArray();
            g.writeArrayFieldStart("metrics");
            for (Metric m : Metric.values()) {
                g.writeStartObject();
                g.writeStringField("id", "metric-" + m.name().toLowerCase(Locale.ROOT));
                g.writeStringField("key", m.key());
                g.writeStringField("title", m.title);
                g.writeStringField("unit", m.unit.name().toLowerCase(Locale.ROOT));
                g.writeBooleanField("lowerIsBetter", m.lowerIsBetter);
                // values[seed][policy]: one bar series per seed, one category per policy
                g.writeArrayFieldStart("values");
                for (long seed : seeds) {
                    g.writeStartArray();
                    for (String p : policies) number(g, figure(r, p, seed, m));
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return out.toString();
    }

    private static Double figure(Results r, String policy, long seed, Metric m) {
        for (Run run : r.runs()) {
            if (run.seed() == seed && run.policyLabel().equals(policy)) return run.summary().get(m);
        }
        return null;
    }

    private static void number(JsonGenerator g, Double v) throws IOException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            g.writeNull();
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber(v.longValue());
        } else {
            g.writeNumber(v);
        }
    }

    /** The runs' policies (with their parameters) in the order they first appear. */
    private static List<String> policies(Results r) {
        Set<String> out = new LinkedHashSet<>();
        for (Run run : r.runs()) out.add(run.policyLabel());
        return List.copyOf(out);
    }

    private static List<Long> seeds(Results r) {
        Set<Long> out = new LinkedHashSet<>();
        for (Run run : r.runs()) out.add(run.seed());
        return List.copyOf(out);
    }

    private static String raw(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "\u2026";
    }

    /** Text for HTML content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * JavaScript safe to inline in a script element: {@code </} becomes {@code <\/} and
     * {@code <!--} becomes {@code <\!--}, which mean the same inside the string, regular
     * expression and template literals where they can occur, and leave the HTML parser nothing
     * that ends or re-enters the element.
     */
    static String scriptText(String js) {
        return js.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    /** JSON escapes for a document inlined in HTML: also {@code <}, {@code >} and {@code &}, as {@code \}{@code u003C} etc. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        HtmlSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
