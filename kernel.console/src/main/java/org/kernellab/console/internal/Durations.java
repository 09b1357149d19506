package org.kernellab.console.internal;

/** Parses and prints virtual durations: {@code 250us}, {@code 10ms}, {@code 1.5s}, {@code 300ns}, {@code 2m}, {@code 1h}. */
final class Durations {
    private Durations() {}

    static long parse(String arg, String name) {
        if (arg == null || arg.isBlank()) throw new BadArgument(name + " is missing; give a duration such as 10ms");
        String s = arg.trim().toLowerCase();
        long unit;
        String num;
        if (s.endsWith("ns")) { unit = 1; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("us")) { unit = 1_000; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("ms")) { unit = 1_000_000; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("s")) { unit = 1_000_000_000; num = s.substring(0, s.length() - 1); }
        else if (s.endsWith("m")) { unit = 60_000_000_000L; num = s.substring(0, s.length() - 1); }
        else if (s.endsWith("h")) { unit = 3_600_000_000_000L; num = s.substring(0, s.length() - 1); }
        else throw new BadArgument(name + " \"" + arg + "\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)");
        try {
            double v = Double.parseDouble(num);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
            double ns = v * unit;
            if (ns > Long.MAX_VALUE / 2) throw new BadArgument(name + " \"" + arg + "\" is too long");
            return Math.round(ns);
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " \"" + arg + "\" is not a duration such as 10ms, 1.5s or 1h");
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
