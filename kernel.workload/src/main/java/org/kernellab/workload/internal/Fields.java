package org.kernellab.workload.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kernellab.workload.internal.JsonTree.Member;
import org.kernellab.workload.internal.JsonTree.Node;
import org.kernellab.workload.internal.JsonTree.Obj;

/**
 * The fields of one object of the native format, checked on the way in: a key that is not
 * one of {@code allowed} is reported as an unknown field (with the likely one it misspells),
 * and a key given twice is reported at its second occurrence.
 */
final class Fields {
    final Obj obj;
    final JPath path;
    private final Map<String, Node> byKey = new LinkedHashMap<>();

    Fields(Obj obj, JPath path, Problems problems, String owner, List<String> allowed) {
        this.obj = obj;
        this.path = path;
        for (Member m : obj.members()) {
            JPath at = path.key(m.key());
            if (!allowed.contains(m.key())) {
                problems.add(m.value(), at, unknown(m.key(), owner, allowed));
            } else if (byKey.containsKey(m.key())) {
                problems.add(m.value(), at, "appears twice in this object; keep one");
            } else {
                byKey.put(m.key(), m.value());
            }
        }
    }

    /** The value of {@code key}, or null when it is absent (or unknown). */
    Node get(String key) {
        return byKey.get(key);
    }

    boolean has(String key) {
        return byKey.containsKey(key);
    }

    JPath at(String key) {
        return path.key(key);
    }

    /** "unknown field; did you mean "phases"? (a task's fields are name, ...)" */
    static String unknown(String key, String owner, List<String> allowed) {
        String guess = closest(key, allowed);
        return "unknown field" + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                + " (" + owner + "'s fields are " + String.join(", ", allowed) + ")";
    }

    /** The allowed key {@code key} most likely means: the same in another case, one it abbreviates, or one at most 2 edits away. */
    static String closest(String key, List<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            String k = key.toLowerCase(Locale.ROOT);
            String l = a.toLowerCase(Locale.ROOT);
            // the same in another case, an abbreviation ("prio"), or a typo of at most 2 edits
            int d = k.equals(l) ? 0 : k.length() >= 3 && l.startsWith(k) ? 1 : distance(k, l);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
