package org.kernellab.api.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workload: a name, the {@link Machine} it runs on, when the run stops, and its tasks.
 * Immutable; the JSON format is described in {@code docs/workloads.md}.
 *
 * <ul>
 * <li>{@code name}: not blank (the results JSON calls it {@code workload}).</li>
 * <li>{@code machine}: CPUs, HZ, seed and costs.</li>
 * <li>{@code stopNs}: the virtual time at which the run ends, or {@link #UNTIL_EXIT}: when
 *     every task has exited.</li>
 * <li>{@code tasks}: the task definitions in file order (not empty).</li>
 * </ul>
 *
 * <p>The constructor checks what involves more than one field: expanded task names are
 * unique, every affinity names CPUs of the machine, and a task that repeats
 * {@link TaskDef#FOREVER} has a stop to end it. {@code WorkloadReader} checks more (mutexes
 * released, every waited event signalled, barriers shared) and names the JSON path of each
 * problem.
 */
public record Workload(String name, Machine machine, long stopNs, List<TaskDef> tasks) {
    /** {@code stopNs}: the run ends when every task has exited. */
    public static final long UNTIL_EXIT = -1;

    public Workload {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a workload needs a name");
        if (machine == null) throw new IllegalArgumentException("workload " + name + ": machine must not be null; use Machine.DEFAULT");
        if (stopNs != UNTIL_EXIT && stopNs <= 0) throw new IllegalArgumentException("workload " + name + ": stop " + stopNs + " ns must be positive");
        if (tasks == null || tasks.isEmpty()) throw new IllegalArgumentException("workload " + name + " needs at least one task");
        tasks = List.copyOf(tasks);
        Set<String> seen = new HashSet<>();
        for (TaskDef t : tasks) {
            for (String n : t.instanceNames()) {
                if (!seen.add(n)) throw new IllegalArgumentException("workload " + name + ": two tasks are named " + n);
            }
            if (t.cpus() != TaskDef.ALL_CPUS && (t.cpus() & ~machine.allCpusMask()) != 0) {
                throw new IllegalArgumentException("workload " + name + ": task " + t.name() + " may run on a CPU the "
                        + machine.cpus() + "-CPU machine does not have");
            }
            if (t.forever() && stopNs == UNTIL_EXIT) {
                throw new IllegalArgumentException("workload " + name + ": task " + t.name() + " loops forever but the workload has no stop");
            }
        }
    }

    /** The same workload on another machine, e.g. {@code w.withMachine(w.machine().withSeed(s))} for one seed of a sweep. */
    public Workload withMachine(Machine m) {
        return new Workload(name, m, stopNs, tasks);
    }

    /** True when the workload gives a stop time. */
    public boolean hasStop() {
        return stopNs != UNTIL_EXIT;
    }

    /**
     * The concrete tasks in a deterministic order: the task definitions in file order, each
     * expanded into its instances {@code name-0}, {@code name-1}, ... ({@link TaskDef#expand()}).
     * Each has one instance; this order is the order in which a run creates them.
     */
    public List<TaskDef> expand() {
        List<TaskDef> out = new ArrayList<>();
        for (TaskDef t : tasks) out.addAll(t.expand());
        return List.copyOf(out);
    }

    /** The number of concrete tasks. */
    public int taskCount() {
        int n = 0;
        for (TaskDef t : tasks) n += t.instances();
        return n;
    }

    /**
     * Each barrier's parties: the number of concrete tasks whose phases name it, by barrier
     * name in order of first use. A barrier opens when that many tasks wait at it.
     */
    public Map<String, Integer> barriers() {
        Map<String, Integer> parties = new LinkedHashMap<>();
        for (TaskDef t : tasks) {
            Set<String> named = new HashSet<>();
            for (Phase p : t.phases()) if (p instanceof Phase.Barrier b) named.add(b.name());
            for (Phase p : t.phases()) {
                if (p instanceof Phase.Barrier b && named.remove(b.name())) parties.merge(b.name(), t.instances(), Integer::sum);
            }
        }
        return Collections.unmodifiableMap(parties);
    }
}
