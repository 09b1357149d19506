package org.kernellab.workload.internal;

import java.util.regex.Pattern;

/**
 * A JSON path as problems name it: {@code tasks[2].phases[0].run}; a key that is not a plain
 * name is bracketed, {@code tasks["mp3.decoder"].run}; the document itself is {@code $}.
 */
final class JPath {
    static final JPath ROOT = new JPath("");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private final String text;

    private JPath(String text) {
        this.text = text;
    }

    JPath key(String k) {
        if (PLAIN.matcher(k).matches()) return new JPath(text.isEmpty() ? k : text + "." + k);
        return new JPath((text.isEmpty() ? "$" : text) + "[" + JsonTree.quote(k) + "]");
    }

    JPath index(int i) {
        return new JPath((text.isEmpty() ? "$" : text) + "[" + i + "]");
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "$" : text;
    }
}
