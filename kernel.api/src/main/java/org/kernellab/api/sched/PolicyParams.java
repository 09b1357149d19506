package org.kernellab.api.sched;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a policy's {@code key=value} overrides with errors that name the key, the value and
 * the policy. Durations take a unit (ns, us, ms, s). Call {@link #done()} last: an unused key
 * is refused with the list of known ones.
 */
public final class PolicyParams {
    private final String policy;
    private final Map<String, String> left;
    private final List<String> known;

    public PolicyParams(String policy, Map<String, String> params, List<String> known) {
        this.policy = policy;
        this.left = new LinkedHashMap<>(params == null ? Map.of() : params);
        this.known = known;
    }

    private IllegalArgumentException bad(String key, String value, String need) {
        return new IllegalArgumentException("policy " + policy + ": " + key + "=" + value + ": " + need);
    }

    public long longValue(String key, long dflt, long min, long max) {
        String v = left.remove(key);
        if (v == null) return dflt;
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "needs a whole number");
        }
        if (n < min || n > max) throw bad(key, v, "is out of range " + min + ".." + max);
        return n;
    }

    public int intValue(String key, int dflt, int min, int max) {
        return (int) longValue(key, dflt, min, max);
    }

    public boolean boolValue(String key, boolean dflt) {
        String v = left.remove(key);
        if (v == null) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw bad(key, v, "needs true or false");
        };
    }

    /** A duration with a unit: 500us, 10ms, 2s; at least {@code minNs}. */
    public long durationNs(String key, long dfltNs, long minNs) {
        String v = left.remove(key);
        if (v == null) return dfltNs;
        long ns = parseDuration(v);
        if (ns < 0) throw bad(key, v, "needs a duration with a unit (ns, us, ms, s), e.g. 10ms");
        if (ns < minNs) throw bad(key, v, "must be at least " + minNs + " ns");
        return ns;
    }

    /** A comma-separated list of durations (e.g. MLFQ's per-queue quanta). */
    public long[] durations(String key, long[] dflt) {
        String v = left.remove(key);
        if (v == null) return dflt;
        String[] parts = v.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseDuration(parts[i].trim());
            if (out[i] <= 0) throw bad(key, v, "needs positive durations with a unit, separated by commas, e.g. 10ms,20ms");
        }
        return out;
    }

    public String stringValue(String key, String dflt) {
        String v = left.remove(key);
        return v == null ? dflt : v.trim();
    }

    /** Refuses keys nobody read. */
    public void done() {
        if (!left.isEmpty()) {
            String k = left.keySet().iterator().next();
            throw new IllegalArgumentException("policy " + policy + ": unknown parameter \"" + k + "\"; it takes "
                    + (known.isEmpty() ? "no parameters" : String.join(", ", known)));
        }
    }

    /** ns for "10ms", "500us", "2s", "100ns"; -1 when there is no valid unit. */
    public static long parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult;
        String num;
        if (t.endsWith("ns")) { mult = 1; num = t.substring(0, t.length() - 2); }
        else if (t.endsWith("us")) { mult = 1_000; num = t.substring(0, t.length() - 2); }
        else if (t.endsWith("ms")) { mult = 1_000_000; num = t.substring(0, t.length() - 2); }
        else if (t.endsWith("s")) { mult = 1_000_000_000; num = t.substring(0, t.length() - 1); }
        else return -1;
        try {
            return Math.multiplyExact(Long.parseLong(num.trim()), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
