package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.kernellab.api.workload.WorkloadException;

/**
 * The problems found in one file, each {@code <file>: <path>: <problem>}. They are reported in
 * the order of the file (the position of the value at fault; a missing field counts at the
 * object that misses it), and in the order they were found at one position.
 */
final class Problems {
    private record Problem(int line, int column, int seq, String text) {}

    private final String file;
    private final List<Problem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** A problem with the value {@code at}, whose path is {@code path}. */
    void add(JsonTree.Node at, JPath path, String problem) {
        add(at.line(), at.column(), path, problem);
    }

    void add(int line, int column, JPath path, String problem) {
        found.add(new Problem(line, column, found.size(), file + ": " + path + ": " + problem));
    }

    boolean any() {
        return !found.isEmpty();
    }

    int count() {
        return found.size();
    }

    List<String> lines() {
        return found.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column).thenComparingInt(Problem::seq))
                .map(Problem::text).toList();
    }

    void throwIfAny() {
        if (any()) throw new WorkloadException(lines());
    }
}
