package org.kernellab.api.run;

/**
 * What one task of a run did, as the machine counted it (Linux's schedstats and the workload's
 * own job accounting). Times are virtual nanoseconds from the start of the run; a time that
 * never came is {@code null}.
 *
 * <ul>
 * <li>{@code name}: the expanded task name of the workload ({@code io-2}); {@code pid} its pid.</li>
 * <li>{@code startNs}: when it was created; {@code firstRunNs}: when it first ran on a CPU;
 *     {@code exitNs}: when it exited.</li>
 * <li>{@code cpuNs}: CPU time used (sum_exec_runtime).</li>
 * <li>{@code waitNs}: time runnable but not running (schedstat's run_delay), from its creation
 *     until it exited or the run ended.</li>
 * <li>{@code nvcsw} / {@code nivcsw}: voluntary and involuntary context switches (as
 *     {@code /proc/PID/status} counts them); {@code migrations}: changes of CPU after its first
 *     placement.</li>
 * <li>{@code wakeupLatencyNs}: for each wakeup from a sleep, the time from the wakeup to the
 *     moment it ran (perf sched latency's delay), in wakeup order. A wakeup it never ran after
 *     is not counted.</li>
 * <li>{@code jobs}: periodic jobs released; {@code misses}: jobs that missed their deadline;
 *     {@code firstMissNs}: the first such deadline; {@code jobResponseNs}: for each completed
 *     job, completion minus release. All 0, null or empty for a task that is not periodic.</li>
 * </ul>
 */
public record TaskStats(String name, int pid, long startNs, Long firstRunNs, Long exitNs, long cpuNs, long waitNs,
                        long nvcsw, long nivcsw, long migrations, long[] wakeupLatencyNs,
                        int jobs, int misses, Long firstMissNs, long[] jobResponseNs) {
    public TaskStats {
        wakeupLatencyNs = wakeupLatencyNs == null ? new long[0] : wakeupLatencyNs.clone();
        jobResponseNs = jobResponseNs == null ? new long[0] : jobResponseNs.clone();
    }

    /** A copy of the wakeup latencies. */
    @Override
    public long[] wakeupLatencyNs() {
        return wakeupLatencyNs.clone();
    }

    /** A copy of the job response times. */
    @Override
    public long[] jobResponseNs() {
        return jobResponseNs.clone();
    }
}
