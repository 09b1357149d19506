package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.workload.GeneratorInfo;

/**
 * A generator's options as given ({@code groups=2}), over its documented defaults. Every
 * problem is an IllegalArgumentException naming the generator, the option and the value:
 * {@code hackbench: option groups="x" is not a whole number}.
 */
final class Options {
    private final String generator;
    private final Map<String, String> values = new LinkedHashMap<>();

    Options(GeneratorInfo info, Map<String, String> given) {
        this.generator = info.name();
        List<String> names = new ArrayList<>();
        for (GeneratorInfo.Option o : info.options()) {
            names.add(o.name());
            values.put(o.name(), o.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!values.containsKey(e.getKey())) {
                String guess = Fields.closest(e.getKey(), names);
                throw new IllegalArgumentException(generator + ": unknown option " + JsonTree.quote(e.getKey())
                        + (guess == null ? "" : "; did you mean \"" + guess + "\"?") + " (options: " + String.join(", ", names) + ")");
            }
            if (e.getValue() == null) throw new IllegalArgumentException(generator + ": option " + e.getKey() + " has no value");
            values.put(e.getKey(), e.getValue().trim());
        }
    }

    /** The text of the option (its default when not given). */
    String text(String key) {
        return values.get(key);
    }

    private IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException(generator + ": option " + key + "=" + JsonTree.quote(values.get(key)) + " " + problem);
    }

    long integer(String key, long lo, long hi) {
        long v;
        try {
            v = Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "is not a whole number");
        }
        if (v < lo || v > hi) throw bad(key, "is out of range " + lo + ".." + hi);
        return v;
    }

    /** A number {@code lo < v <= hi}. */
    double fraction(String key, double lo, double hi) {
        double v;
        try {
            v = Double.parseDouble(values.get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "is not a number");
        }
        if (!(v > lo && v <= hi)) throw bad(key, "is out of range: it must be more than " + lo + " and at most " + hi);
        return v;
    }

    /** A duration with its unit, at least {@code min} ns. */
    long duration(String key, long min) {
        String s = values.get(key);
        Long ns = Values.parseDuration(s);
        if (ns == null) {
            if (s.matches("[0-9]+(\\.[0-9]*)?")) throw bad(key, "needs a unit " + Values.UNITS);
            throw bad(key, "is not a duration such as 10ms or 1.5s");
        }
        if (ns < min) throw bad(key, min == 1 ? "must be more than 0" : "must be at least " + Durations.format(min));
        return ns;
    }

    String choice(String key, List<String> choices) {
        String s = values.get(key);
        if (!choices.contains(s)) throw bad(key, "is not one of " + String.join(", ", choices));
        return s;
    }

    String name(String key) {
        String s = values.get(key);
        if (s.isBlank()) throw bad(key, "must not be empty");
        return s;
    }

    boolean given(String key) {
        return !values.get(key).isEmpty();
    }

    String generator() {
        return generator;
    }
}
