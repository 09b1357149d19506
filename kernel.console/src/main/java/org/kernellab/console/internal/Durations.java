package org.kernellab.console.internal;

/** Parses and prints virtual durations: {@code 250us}, {@code 10ms}, {@code 1.5s}, {@code 300ns}. */
final class Durations {
    private Durations() {}

    static long parse(String arg, String name) {
        if (arg == null || arg.isBlank()) throw new IllegalArgumentException(name + " is missing; give a duration such as 10ms");
        String s = arg.trim().toLowerCase();
        long unit;
        String num;
        if (s.endsWith("ns")) { unit = 1; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("us")) { unit = 1_000; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("ms")) { unit = 1_000_000; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("s")) { unit = 1_000_000_000; num = s.substring(0, s.length() - 1); }
        else throw new IllegalArgumentException(name + " \"" + arg + "\" needs a unit: ns, us, ms or s (e.g. 10ms)");
        try {
            double v = Double.parseDouble(num);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
            double ns = v * unit;
            if (ns > Long.MAX_VALUE / 2) throw new IllegalArgumentException(name + " \"" + arg + "\" is too long");
            return Math.round(ns);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " \"" + arg + "\" is not a duration such as 10ms or 1.5s");
        }
    }

    /**
     * The shortest exact form {@link #parse} reads back: {@code 10ms}, {@code 1500ms},
     * {@code 250us}, {@code 7ns}, {@code 2s}; {@code 0} for zero.
     */
    static String compact(long ns) {
        if (ns == 0) return "0";
        if (ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + "s";
        if (ns % 1_000_000L == 0) return ns / 1_000_000L + "ms";
        if (ns % 1_000L == 0) return ns / 1_000L + "us";
        return ns + "ns";
    }

    /** Seconds with microseconds, like printk's timestamps. */
    static String seconds(long ns) {
        return String.format("%d.%06d s", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }
}
