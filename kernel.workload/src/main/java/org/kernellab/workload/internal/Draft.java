package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.workload.internal.JsonTree.Node;

/**
 * A workload as read from either format, before the checks that involve several fields: the
 * values that were valid, and where each came from, so that {@link Checks} names the path
 * of the file's own format (native {@code tasks[1].phases[2].lock}, rt-app
 * {@code tasks.thread1.phases.p1.lock2}).
 */
final class Draft {

    /** Where a value came from: its path, and the node whose position orders the problem. */
    record Loc(JPath path, Node node) {}

    /** One task definition. */
    static final class Task {
        final Loc at;
        /** The definition, or null when one of its fields was invalid. */
        TaskDef def;
        Loc name;
        Loc loop;
        /** How the loop reads in a message: {@code -1}, or {@code -1 (the default ...)}. */
        String loopText = "-1";
        Loc cpus;
        /** One per phase of {@code def}, in order: where it came from. */
        final List<Loc> phases = new ArrayList<>();

        Task(Loc at) {
            this.at = at;
        }
    }

    String name;
    /** Null when invalid. */
    Machine machine;
    Loc machineCpus;
    /** The stop, or Workload.UNTIL_EXIT; null when invalid. */
    Long stopNs;
    /** The end of a sentence about the missing stop: "the workload has no stop". */
    String noStop = "the workload has no stop";
    final List<Task> tasks = new ArrayList<>();
}
