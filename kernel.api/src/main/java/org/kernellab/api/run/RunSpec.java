package org.kernellab.api.run;

import java.util.Map;

import org.kernellab.api.workload.Workload;

/**
 * One run: a workload under one policy with one seed.
 *
 * <ul>
 * <li>{@code workload}: what runs, on the machine it names (CPUs, HZ, costs).</li>
 * <li>{@code policy}: {@code fair} (Linux's classes alone) or the name of a policy provider,
 *     as {@code sched:list} shows them.</li>
 * <li>{@code params}: the policy's {@code key=value} parameters (empty for its defaults).</li>
 * <li>{@code seed}: the machine's seed for this run; it replaces the workload's own.</li>
 * <li>{@code timeline}: record the per-CPU {@link Slice slices} (for a Gantt chart); costs
 *     memory on long runs (the trace buffer keeps the last 1,048,576 events).</li>
 * <li>{@code threaded}: run each task's phases as a Java task body would run them (in a
 *     continuation, or on a virtual thread, as the machine runs bodies), instead of as a script
 *     the engine steps itself. Both give the same trace; the script is faster. For tests and
 *     comparisons.</li>
 * <li>{@code trace}: keep the run's trace in ftrace's text format ({@link RunResult#trace()});
 *     about 150 bytes an event, so only for runs whose trace someone will read.</li>
 * </ul>
 */
public record RunSpec(Workload workload, String policy, Map<String, String> params, long seed,
                      boolean timeline, boolean threaded, boolean trace) {
    public RunSpec {
        if (workload == null) throw new IllegalArgumentException("workload must not be null");
        if (policy == null || policy.isBlank()) throw new IllegalArgumentException("policy must not be empty");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A run that keeps its trace text exactly when it records a timeline. */
    public RunSpec(Workload workload, String policy, Map<String, String> params, long seed, boolean timeline, boolean threaded) {
        this(workload, policy, params, seed, timeline, threaded, timeline);
    }

    /** The workload under {@code policy} with its defaults and the workload's own seed; no timeline. */
    public static RunSpec of(Workload w, String policy) {
        return new RunSpec(w, policy, Map.of(), w.machine().seed(), false, false, false);
    }

    public RunSpec withSeed(long s) {
        return new RunSpec(workload, policy, params, s, timeline, threaded, trace);
    }

    public RunSpec withParams(Map<String, String> p) {
        return new RunSpec(workload, policy, p, seed, timeline, threaded, trace);
    }

    public RunSpec withTimeline(boolean on) {
        return new RunSpec(workload, policy, params, seed, on, threaded, trace);
    }

    public RunSpec withThreaded(boolean on) {
        return new RunSpec(workload, policy, params, seed, timeline, on, trace);
    }

    public RunSpec withTrace(boolean on) {
        return new RunSpec(workload, policy, params, seed, timeline, threaded, on);
    }
}
