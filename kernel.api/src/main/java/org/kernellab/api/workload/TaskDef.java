package org.kernellab.api.workload;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.TaskSpec;

/**
 * One task of a workload, or {@code instances} identical ones.
 *
 * <ul>
 * <li>{@code name}: not blank; unique in the workload after {@link #expand() expansion}.</li>
 * <li>{@code instances} (at least 1): with more than one, the tasks are {@code name-0},
 *     {@code name-1}, ...; with one, the task is {@code name}.</li>
 * <li>{@code startNs}: when the task is created, from the start of the run (at least 0).</li>
 * <li>{@code sched}: the scheduling attributes it starts with (policy, nice, rt priority,
 *     SCHED_DEADLINE runtime/deadline/period, the expected-run-length hint of sjf and stcf,
 *     lottery and stride tickets). For a periodic task that is not SCHED_DEADLINE and whose
 *     {@code sched} has neither a period nor a deadline, the constructor copies
 *     {@link Periodic#periodNs()} and {@link Periodic#deadlineNs()} into {@code sched} as the
 *     hints of the edf and rm policies ({@link SchedAttr#withPeriod}).</li>
 * <li>{@code cpus}: the affinity mask, bit n = CPU n; {@link #ALL_CPUS} for every CPU.</li>
 * <li>{@code loop}: how many times the phases run, at least 1, or {@link #FOREVER} (until the
 *     workload's stop). For a periodic task it counts jobs.</li>
 * <li>{@code phases}: what the task does, in order (not empty).</li>
 * <li>{@code periodic}: the release pattern of a periodic task, or {@code null}. A periodic
 *     task's first job is released at {@code startNs + offsetNs}.</li>
 * </ul>
 *
 * <p>The {@code with} methods return validated copies; {@link #of} starts from the defaults.
 */
public record TaskDef(String name, int instances, long startNs, SchedAttr sched, long cpus, int loop,
                      List<Phase> phases, Periodic periodic) {
    /** {@code loop}: repeat until the workload's stop. */
    public static final int FOREVER = -1;
    /** {@code cpus}: any CPU of the machine. */
    public static final long ALL_CPUS = TaskSpec.ALL_CPUS;

    public TaskDef {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a task needs a name");
        if (instances < 1) throw new IllegalArgumentException("task " + name + ": instances " + instances + " must be at least 1");
        if (startNs < 0) throw new IllegalArgumentException("task " + name + ": start " + startNs + " ns is negative");
        if (sched == null) throw new IllegalArgumentException("task " + name + ": sched must not be null; use SchedAttr.normal()");
        if (cpus == 0) throw new IllegalArgumentException("task " + name + ": cpus must allow at least one CPU");
        if (loop != FOREVER && loop < 1) throw new IllegalArgumentException("task " + name + ": loop " + loop + " must be -1 or at least 1");
        if (phases == null || phases.isEmpty()) throw new IllegalArgumentException("task " + name + " needs at least one phase");
        phases = List.copyOf(phases);
        if (periodic != null && sched.policy != SchedPolicy.DEADLINE && sched.periodNs == 0 && sched.deadlineNs == 0) {
            sched = sched.withPeriod(periodic.periodNs(), periodic.deadlineNs());
        }
    }

    /** One task: one instance, starting at 0, SCHED_NORMAL nice 0, any CPU, the phases once. */
    public static TaskDef of(String name, List<Phase> phases) {
        return new TaskDef(name, 1, 0, SchedAttr.normal(), ALL_CPUS, 1, phases, null);
    }

    /** {@link #of(String, List)} with the phases given one by one. */
    public static TaskDef of(String name, Phase... phases) {
        return of(name, List.of(phases));
    }

    /** The default {@code loop}: 1, or {@link #FOREVER} for a periodic task (jobs until the stop). */
    public static int defaultLoop(Periodic periodic) {
        return periodic == null ? 1 : FOREVER;
    }

    public TaskDef withName(String n) {
        return new TaskDef(n, instances, startNs, sched, cpus, loop, phases, periodic);
    }

    public TaskDef withInstances(int n) {
        return new TaskDef(name, n, startNs, sched, cpus, loop, phases, periodic);
    }

    public TaskDef withStart(long ns) {
        return new TaskDef(name, instances, ns, sched, cpus, loop, phases, periodic);
    }

    public TaskDef withSched(SchedAttr a) {
        return new TaskDef(name, instances, startNs, a, cpus, loop, phases, periodic);
    }

    public TaskDef withCpus(long mask) {
        return new TaskDef(name, instances, startNs, sched, mask, loop, phases, periodic);
    }

    public TaskDef withLoop(int n) {
        return new TaskDef(name, instances, startNs, sched, cpus, n, phases, periodic);
    }

    public TaskDef withPhases(List<Phase> p) {
        return new TaskDef(name, instances, startNs, sched, cpus, loop, p, periodic);
    }

    /** Makes the task periodic ({@code null}: not periodic); {@code loop} is kept as it is. */
    public TaskDef withPeriodic(Periodic p) {
        return new TaskDef(name, instances, startNs, sched, cpus, loop, phases, p);
    }

    public boolean isPeriodic() {
        return periodic != null;
    }

    /** True when the task repeats until the workload's stop. */
    public boolean forever() {
        return loop == FOREVER;
    }

    /** The names of the concrete tasks: {@code name}, or {@code name-0} .. {@code name-(instances-1)}. */
    public List<String> instanceNames() {
        if (instances == 1) return List.of(name);
        List<String> names = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) names.add(name + "-" + i);
        return names;
    }

    /**
     * The concrete tasks, in instance order: this task itself when {@code instances} is 1,
     * otherwise one copy per instance with one instance each, named {@code name-i}.
     */
    public List<TaskDef> expand() {
        if (instances == 1) return List.of(this);
        List<TaskDef> out = new ArrayList<>(instances);
        for (String n : instanceNames()) out.add(new TaskDef(n, 1, startNs, sched, cpus, loop, phases, periodic));
        return List.copyOf(out);
    }
}
