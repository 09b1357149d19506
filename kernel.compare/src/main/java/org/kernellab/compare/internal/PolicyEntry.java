package org.kernellab.compare.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One policy of a run or a comparison, with its parameters: what {@code --policy} and each
 * entry of {@code --policies} name, e.g. {@code rr}, {@code rr:quantum=5ms} or
 * {@code mlfq:boost=100ms+allotment=2}.
 *
 * <p>The syntax is {@code name[:key=value[+key=value...]]}: the parameters, as
 * {@code sched:use} takes them, follow a colon and are joined by {@code +}. Neither {@code ;}
 * nor {@code |} can join them: Gogo ends a command at either. In {@code --policies} the entries
 * are separated by commas; a piece that starts with a digit after an entry with parameters
 * continues that entry's last value, so a list value reads as the policy takes it
 * ({@code mlfq:quanta=10ms,20ms,40ms,rr}: mlfq with three quanta, then rr). Policy names start
 * with a letter, so no piece is both.
 *
 * <p>The {@link #label() label} is canonical, parameters sorted by key as the results JSON
 * has them: it heads the entry's column and stands in the document's {@code "policies"}, and
 * two entries are the same when their labels are.
 *
 * @param policy the policy's name, as {@code sched:list} shows it
 * @param params its parameters, sorted by key (empty for its defaults)
 */
record PolicyEntry(String policy, SortedMap<String, String> params) {
    /** Joins the parameters of one entry. */
    static final char PARAM_SEPARATOR = '+';

    PolicyEntry {
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    static PolicyEntry of(String policy, Map<String, String> params) {
        return new PolicyEntry(policy, new TreeMap<>(params == null ? Map.of() : params));
    }

    /** The entry of a run in a results document: its {@code policy} and {@code params}. */
    static PolicyEntry of(JsonNode run) {
        return of(run.path("policy").asText(), ResultsJson.params(run));
    }

    /** {@code rr} or {@code rr:quantum=5ms}; the parameters sorted by key, joined by {@code +}. */
    String label() {
        if (params.isEmpty()) return policy;
        StringBuilder b = new StringBuilder(policy).append(':');
        params.forEach((k, v) -> {
            if (b.charAt(b.length() - 1) != ':') b.append(PARAM_SEPARATOR);
            b.append(k).append('=').append(v);
        });
        return b.toString();
    }

    @Override
    public String toString() {
        return label();
    }

    /**
     * One entry as {@code --policy} takes it: {@code name} or {@code name:key=value+key=value}.
     *
     * @throws IllegalArgumentException quoting the option, the entry and what is wrong with it
     */
    static PolicyEntry parse(String option, String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim();
        String where = option + " entry " + CompareCommands.quote(t);
        if (name.isEmpty()) throw new IllegalArgumentException(where + " has no policy name; write name or name:key=value, e.g. rr:quantum=5ms");
        TreeMap<String, String> params = new TreeMap<>();
        if (colon < 0) return new PolicyEntry(name, params);
        String rest = t.substring(colon + 1);
        if (rest.isBlank()) throw new IllegalArgumentException(where + " has no parameters after ':'; write " + name + ":key=value, e.g. rr:quantum=5ms");
        for (String part : rest.split("\\" + PARAM_SEPARATOR, -1)) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (p.isEmpty()) {
                throw new IllegalArgumentException(where + " has an empty parameter; join parameters with '" + PARAM_SEPARATOR
                        + "', e.g. mlfq:boost=100ms" + PARAM_SEPARATOR + "allotment=2");
            }
            if (eq < 0) {
                throw new IllegalArgumentException(where + ": parameter " + CompareCommands.quote(p) + " is not key=value (join several with '"
                        + PARAM_SEPARATOR + "', e.g. mlfq:boost=100ms" + PARAM_SEPARATOR + "allotment=2)");
            }
            String key = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            if (key.isEmpty()) throw new IllegalArgumentException(where + ": parameter " + CompareCommands.quote(p) + " has no key before '='");
            if (value.isEmpty()) throw new IllegalArgumentException(where + ": parameter " + CompareCommands.quote(p) + " has no value after '='");
            String had = params.put(key, value);
            if (had != null) {
                throw new IllegalArgumentException(where + ": parameter " + CompareCommands.quote(key) + " is given twice (" + key + "=" + had
                        + " and " + key + "=" + value + ")");
            }
        }
        return new PolicyEntry(name, params);
    }

    /**
     * The entries of {@code --policies}: comma-separated, trimmed, none empty, none twice (the
     * same name with the same parameters); a piece starting with a digit after an entry with
     * parameters continues its last value.
     *
     * @throws IllegalArgumentException quoting the option's text and the entry that is wrong
     */
    static List<PolicyEntry> list(String option, String text) {
        List<String> entries = new ArrayList<>();
        for (String piece : text.split(",", -1)) {
            String p = piece.trim();
            if (p.isEmpty()) throw new IllegalArgumentException(option + " " + CompareCommands.quote(text) + " has an empty entry; write a,b,c");
            int last = entries.size() - 1;
            if (Character.isDigit(p.charAt(0)) && last >= 0 && entries.get(last).indexOf(':') >= 0) {
                entries.set(last, entries.get(last) + "," + p); // a list value: quanta=10ms,20ms
            } else {
                entries.add(p);
            }
        }
        Set<String> labels = new LinkedHashSet<>();
        List<PolicyEntry> out = new ArrayList<>();
        for (String e : entries) {
            PolicyEntry entry = parse(option, e);
            if (!labels.add(entry.label())) {
                throw new IllegalArgumentException(option + " " + CompareCommands.quote(text) + " names " + CompareCommands.quote(entry.label()) + " twice");
            }
            out.add(entry);
        }
        return List.copyOf(out);
    }

    /** The entries' labels, in order: the document's {@code "policies"}. */
    static List<String> labels(List<PolicyEntry> entries) {
        return entries.stream().map(PolicyEntry::label).toList();
    }
}
