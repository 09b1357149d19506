package org.kernellab.workload.internal;

/** Durations as the workload format writes them. */
final class Durations {
    private Durations() {}

    /** The largest unit that keeps {@code ns} exact: {@code 10ms}, {@code 1500us}, {@code 2s}, {@code 0ns}. */
    static String format(long ns) {
        if (ns == 0) return "0ns";
        if (ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + "s";
        if (ns % 1_000_000L == 0) return ns / 1_000_000L + "ms";
        if (ns % 1_000L == 0) return ns / 1_000L + "us";
        return ns + "ns";
    }
}
