package org.kernellab.api.run;

import java.util.List;
import java.util.Map;

/**
 * What one run did.
 *
 * <ul>
 * <li>{@code spec}: the request.</li>
 * <li>{@code cpus}, {@code hz}: the machine it ran on.</li>
 * <li>{@code endNs}: when the run ended: the workload's stop, or the exit of its last task.</li>
 * <li>{@code stoppedBy}: {@code stop} (the workload's stop time), {@code exit} (every task
 *     exited), {@code panic} or {@code limit} (the safety limit of a workload without a stop
 *     whose tasks never all exit).</li>
 * <li>{@code tasks}: one entry per concrete task, in the workload's expansion order.</li>
 * <li>{@code switches}: context switches on all CPUs; {@code migrations}: of the workload's
 *     tasks; {@code busyNs}: per CPU, the time it ran anything but its idle task.</li>
 * <li>{@code timeline}: the slices when the spec asked for them, else empty.</li>
 * <li>{@code trace}: the run's trace in ftrace's text format when the spec asked for it
 *     ({@link RunSpec#trace()}), else empty; {@code digest}: the trace digest (always).</li>
 * <li>{@code log}: the machine's kernel log lines (dmesg), for warnings such as a refused
 *     admission or an ejected policy.</li>
 * </ul>
 */
public record RunResult(RunSpec spec, int cpus, int hz, long endNs, String stoppedBy, List<TaskStats> tasks,
                        long switches, long migrations, long[] busyNs, List<Slice> timeline, String trace,
                        String digest, List<String> log) {
    public RunResult {
        tasks = List.copyOf(tasks);
        busyNs = busyNs.clone();
        timeline = List.copyOf(timeline);
        log = List.copyOf(log);
    }

    /** A copy of the per-CPU busy times. */
    @Override
    public long[] busyNs() {
        return busyNs.clone();
    }

    /** The policy parameters of the run. */
    public Map<String, String> params() {
        return spec.params();
    }
}
