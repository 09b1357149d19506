package org.kernellab.workload.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kernellab.workload.internal.JsonTree.Arr;
import org.kernellab.workload.internal.JsonTree.Node;
import org.kernellab.workload.internal.JsonTree.Num;
import org.kernellab.workload.internal.JsonTree.Obj;
import org.kernellab.workload.internal.JsonTree.Str;

/**
 * Typed values of the native format. Each reader reports its problem, naming the path, and
 * returns null, so that a file's every problem is found in one pass.
 */
final class Values {
    private Values() {}

    static final String UNITS = "(ns, us, ms, s)";
    /** The longest duration accepted, 10^18 ns (about 31.7 years): sums of durations stay far from overflow. */
    static final long MAX_DURATION_NS = 1_000_000_000_000_000_000L;

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(?:\\.([0-9]+))?(ns|us|ms|s)");
    private static final Pattern BARE = Pattern.compile("-?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?");

    /**
     * A duration: a string of digits, an optional fraction and a unit ({@code "10ms"},
     * {@code "1.5s"}, {@code "0ns"}), a whole number of nanoseconds, at least {@code min}.
     */
    static Long duration(Node n, JPath p, Problems problems, long min) {
        if (n instanceof Num x) {
            problems.add(n, p, x.text() + " is a bare number; a duration is a string with a unit " + UNITS + ", such as \"" + x.text() + "ms\"");
            return null;
        }
        if (!(n instanceof Str s)) {
            problems.add(n, p, "expected a duration such as \"10ms\", found " + JsonTree.render(n));
            return null;
        }
        String text = s.value();
        Long ns = parseDuration(text);
        if (ns == null) {
            String q = JsonTree.quote(text);
            if (BARE.matcher(text.trim()).matches() && !text.trim().startsWith("-")) {
                problems.add(n, p, q + " needs a unit " + UNITS);
            } else if (text.trim().startsWith("-")) {
                problems.add(n, p, q + " is negative");
            } else if (DURATION.matcher(text).matches()) {
                Matcher m = DURATION.matcher(text);
                m.matches();
                problems.add(n, p, tooLongOrFraction(m, q));
            } else {
                problems.add(n, p, q + " is not a duration; write a number and a unit " + UNITS + ", such as \"10ms\" or \"1.5s\"");
            }
            return null;
        }
        if (ns < min) {
            problems.add(n, p, JsonTree.quote(text) + (min == 1 ? " must be more than 0" : " must be at least " + Durations.format(min)));
            return null;
        }
        return ns;
    }

    private static String tooLongOrFraction(Matcher m, String q) {
        BigDecimal ns = exact(m);
        if (ns.stripTrailingZeros().scale() > 0) return q + " is not a whole number of nanoseconds";
        return q + " is too long (at most " + Durations.format(MAX_DURATION_NS) + ")";
    }

    private static BigDecimal exact(Matcher m) {
        String number = m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
        long unit = switch (m.group(3)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
    }

    /** The duration's nanoseconds, or null when {@code text} is not a valid duration. */
    static Long parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) return null;
        BigDecimal ns = exact(m);
        if (ns.stripTrailingZeros().scale() > 0) return null;
        if (ns.compareTo(BigDecimal.valueOf(MAX_DURATION_NS)) > 0) return null;
        return ns.longValueExact();
    }

    /** A JSON integer in {@code lo..hi}. */
    static Long integer(Node n, JPath p, Problems problems, long lo, long hi) {
        BigInteger v = bigInteger(n, p, problems);
        if (v == null) return null;
        if (v.compareTo(BigInteger.valueOf(lo)) < 0 || v.compareTo(BigInteger.valueOf(hi)) > 0) {
            problems.add(n, p, v + " is out of range " + lo + ".." + hi);
            return null;
        }
        return v.longValue();
    }

    /** A JSON integer (a number written without a fraction or exponent). */
    static BigInteger bigInteger(Node n, JPath p, Problems problems) {
        if (n instanceof Num x && x.integral()) return x.value().toBigIntegerExact();
        problems.add(n, p, "expected an integer, found " + JsonTree.render(n));
        return null;
    }

    /** A string that is not blank. */
    static String name(Node n, JPath p, Problems problems) {
        String s = string(n, p, problems);
        if (s == null) return null;
        if (s.isBlank()) {
            problems.add(n, p, "must not be empty");
            return null;
        }
        return s;
    }

    static String string(Node n, JPath p, Problems problems) {
        if (n instanceof Str s) return s.value();
        problems.add(n, p, "expected a string, found " + JsonTree.render(n));
        return null;
    }

    static Obj object(Node n, JPath p, Problems problems, String what) {
        if (n instanceof Obj o) return o;
        problems.add(n, p, "expected an object (" + what + "), found " + JsonTree.render(n));
        return null;
    }

    static Arr array(Node n, JPath p, Problems problems, String what) {
        if (n instanceof Arr a) return a;
        problems.add(n, p, "expected an array (" + what + "), found " + JsonTree.render(n));
        return null;
    }

    /**
     * An affinity: a CPU list string ({@code "0,2-3"}, as taskset and sched:affinity take
     * it) or an array of CPU numbers ({@code [0, 2, 3]}, as rt-app takes it). The mask has
     * bit n for CPU n.
     */
    static Long cpus(Node n, JPath p, Problems problems) {
        if (n instanceof Str s) {
            try {
                return CpuList.parse(s.value());
            } catch (IllegalArgumentException e) {
                problems.add(n, p, JsonTree.quote(s.value()) + " " + e.getMessage());
                return null;
            }
        }
        if (n instanceof Arr a) {
            if (a.items().isEmpty()) {
                problems.add(n, p, "must name at least one CPU");
                return null;
            }
            long mask = 0;
            boolean ok = true;
            for (int i = 0; i < a.items().size(); i++) {
                Long cpu = integer(a.items().get(i), p.index(i), problems, 0, CpuList.MAX_CPU);
                if (cpu == null) ok = false;
                else mask |= 1L << cpu;
            }
            return ok ? mask : null;
        }
        problems.add(n, p, "expected a CPU list such as \"0,2-3\" or an array of CPU numbers, found " + JsonTree.render(n));
        return null;
    }
}
