package org.kernellab.report.internal;

import java.util.List;
import java.util.Locale;

/**
 * A run-level figure of a results document's {@code summary}, as {@code docs/metrics.md}
 * defines it: where it sits in the summary, what it is called on the page, its unit, and which
 * way is better (the table marks the best run of each seed).
 */
enum Metric {
    AVG_RESPONSE("avg response", Unit.NS, true, "avg_response_ns"),
    AVG_TURNAROUND("avg turnaround", Unit.NS, true, "avg_turnaround_ns"),
    AVG_WAIT("avg wait", Unit.NS, true, "avg_wait_ns"),
    WAKEUP_P99("wakeup p99", Unit.NS, true, "wakeup_latency_ns", "p99"),
    JAIN_FAIRNESS("Jain fairness", Unit.RATIO, false, "jain_fairness"),
    SWITCHES("switches", Unit.COUNT, true, "switches"),
    MIGRATIONS("migrations", Unit.COUNT, true, "migrations"),
    UTILIZATION("utilization", Unit.RATIO, false, "utilization"),
    MISSES("deadline misses", Unit.COUNT, true, "misses"),
    MAKESPAN("makespan", Unit.NS, true, "makespan_ns");

    /** How a value is shown: nanoseconds in the largest unit that keeps it at least 1, a ratio to 3 places, a count whole. */
    enum Unit {
        NS, RATIO, COUNT;

        String format(double v) {
            return switch (this) {
                case RATIO -> String.format(Locale.ROOT, "%.3f", v);
                case COUNT -> String.format(Locale.ROOT, "%.0f", v);
                case NS -> duration(v);
            };
        }

        static String duration(double ns) {
            double a = Math.abs(ns);
            if (a >= 1e9) return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
            if (a >= 1e6) return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
            if (a >= 1e3) return String.format(Locale.ROOT, "%.2f \u00b5s", ns / 1e3);
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
    }

    final String title;
    final Unit unit;
    final boolean lowerIsBetter;
    /** The keys from {@code summary} down to the figure. */
    final List<String> keys;

    Metric(String title, Unit unit, boolean lowerIsBetter, String... keys) {
        this.title = title;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.keys = List.of(keys);
    }

    /** The figure's key in the page's data: its path in the summary, dotted. */
    String key() {
        return String.join(".", keys);
    }

    boolean better(double a, double b) {
        return lowerIsBetter ? a < b : a > b;
    }
}
