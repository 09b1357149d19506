package org.kernellab.compare.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.TaskStats;

/**
 * The metrics of {@code docs/metrics.md}, computed from a run's raw record. Pure arithmetic on
 * integer nanoseconds: no state, no clock; the same {@link RunResult} always gives the same
 * numbers. Every definition here has its twin in the document; change both together.
 */
final class Metrics {
    /** The percentiles reported, in thousandths: p50, p90, p99, p99.9. */
    static final int[] PERMILLE = {500, 900, 990, 999};
    /** Their JSON names, in the order of {@link #PERMILLE}, then the maximum. */
    static final List<String> PERCENTILE_KEYS = List.of("p50", "p90", "p99", "p999", "max");
    /** The most points of a run's wakeup-latency CDF. */
    static final int CDF_POINTS = 200;

    private Metrics() {
    }

    /**
     * p50, p90, p99, p99.9 and the maximum of {@code values} by the nearest-rank definition: in
     * ascending order x[1..n], the q-quantile is x[ceil(q·n)] (computed exactly in integers).
     * {@code null} when there are no values.
     */
    record Percentiles(long p50, long p90, long p99, long p999, long max) {
        static Percentiles of(long[] values) {
            if (values.length == 0) return null;
            long[] s = values.clone();
            Arrays.sort(s);
            return new Percentiles(rank(s, PERMILLE[0]), rank(s, PERMILLE[1]), rank(s, PERMILLE[2]), rank(s, PERMILLE[3]),
                    s[s.length - 1]);
        }

        long[] asArray() {
            return new long[] {p50, p90, p99, p999, max};
        }
    }

    /** The nearest-rank value for {@code permille}/1000 of the sorted, non-empty {@code sorted}. */
    static long rank(long[] sorted, int permille) {
        long n = sorted.length;
        long r = (permille * n + 999) / 1000; // ceil(permille * n / 1000)
        return sorted[(int) Math.max(1, r) - 1];
    }

    /** One task's metrics. A time that never came ({@code null} in the record) stays null. */
    record TaskMetrics(TaskStats raw, Long responseNs, Long turnaroundNs, Percentiles wakeupLatency,
                       Percentiles jobResponse) {
        static TaskMetrics of(TaskStats t) {
            Long response = t.firstRunNs() == null ? null : t.firstRunNs() - t.startNs();
            Long turnaround = t.exitNs() == null ? null : t.exitNs() - t.startNs();
            return new TaskMetrics(t, response, turnaround, Percentiles.of(t.wakeupLatencyNs()), Percentiles.of(t.jobResponseNs()));
        }
    }

    /**
     * A run's summary: averages over the tasks that have the value (null when none has it),
     * the wakeup-latency percentiles over every wakeup of the run, Jain's index over cpu time,
     * totals, utilisation and makespan.
     */
    record Summary(Long avgResponseNs, Long avgTurnaroundNs, Long avgWaitNs, Long avgCpuNs, Percentiles wakeupLatency,
                   long wakeups, double jainFairness, long jobs, long misses, long switches, long migrations,
                   double utilization, Long makespanNs, int tasks, int exited) {
    }

    /** A run with its metrics. */
    record RunMetrics(RunResult raw, List<TaskMetrics> tasks, Summary summary, long[] sortedWakeupLatencies) {
    }

    static RunMetrics of(RunResult r) {
        List<TaskMetrics> tasks = new ArrayList<>(r.tasks().size());
        for (TaskStats t : r.tasks()) tasks.add(TaskMetrics.of(t));
        long[] all = allWakeupLatencies(r.tasks());
        Arrays.sort(all);
        List<Long> response = new ArrayList<>();
        List<Long> turnaround = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        long jobs = 0;
        long misses = 0;
        int exited = 0;
        for (TaskMetrics m : tasks) {
            if (m.responseNs() != null) response.add(m.responseNs());
            if (m.turnaroundNs() != null) {
                turnaround.add(m.turnaroundNs());
                exited++;
            }
            waits.add(m.raw().waitNs());
            cpu.add(m.raw().cpuNs());
            jobs += m.raw().jobs();
            misses += m.raw().misses();
        }
        Summary s = new Summary(mean(response), mean(turnaround), mean(waits), mean(cpu), Percentiles.of(all), all.length,
                jain(cpu), jobs, misses, r.switches(), r.migrations(), utilization(r.busyNs(), r.cpus(), r.endNs()),
                makespan(r.tasks()), tasks.size(), exited);
        return new RunMetrics(r, List.copyOf(tasks), s, all);
    }

    static long[] allWakeupLatencies(List<TaskStats> tasks) {
        int n = 0;
        for (TaskStats t : tasks) n += t.wakeupLatencyNs().length;
        long[] all = new long[n];
        int at = 0;
        for (TaskStats t : tasks) {
            long[] w = t.wakeupLatencyNs();
            System.arraycopy(w, 0, all, at, w.length);
            at += w.length;
        }
        return all;
    }

    /** The mean rounded to the nearest ns, halves away from zero; null for no values. */
    static Long mean(List<Long> values) {
        if (values.isEmpty()) return null;
        long sum = 0;
        for (long v : values) sum += v;
        return roundedQuotient(sum, values.size());
    }

    /** {@code sum / n} rounded to the nearest integer, halves away from zero ({@code n > 0}). */
    static long roundedQuotient(long sum, long n) {
        long q = sum / n;
        long twiceRem = 2 * Math.abs(sum % n);
        if (twiceRem >= n) q += sum < 0 ? -1 : 1;
        return q;
    }

    /** Jain's fairness index (Σx)² / (n·Σx²); 1.0 when every x is 0 or there are none. */
    static double jain(List<Long> xs) {
        double sum = 0;
        double squares = 0;
        for (long x : xs) {
            sum += x;
            squares += (double) x * x;
        }
        if (squares == 0) return 1.0;
        return sum * sum / (xs.size() * squares);
    }

    /** Σ busy / (cpus · end); 0 for a run that ended at time 0. */
    static double utilization(long[] busyNs, int cpus, long endNs) {
        if (endNs <= 0 || cpus <= 0) return 0.0;
        long busy = 0;
        for (long b : busyNs) busy += b;
        return (double) busy / ((double) cpus * endNs);
    }

    /** The last exit minus the first start; null when a task never exited. */
    static Long makespan(List<TaskStats> tasks) {
        if (tasks.isEmpty()) return null;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TaskStats t : tasks) {
            if (t.exitNs() == null) return null;
            first = Math.min(first, t.startNs());
            last = Math.max(last, t.exitNs());
        }
        return last - first;
    }

    /**
     * The CDF of the sorted latencies, at most {@link #CDF_POINTS} points {@code (latency,
     * fraction)}: with n &le; 200 latencies every rank i = 1..n, else the ranks
     * r_k = ceil(k·n/200), k = 1..200; a point is (x[r], r/n), so the last is (max, 1.0).
     */
    static List<long[]> cdfRanks(long[] sorted) {
        int n = sorted.length;
        List<long[]> points = new ArrayList<>();
        int k = Math.min(n, CDF_POINTS);
        for (int i = 1; i <= k; i++) {
            long r = ((long) i * n + k - 1) / k; // ceil(i * n / k)
            points.add(new long[] {sorted[(int) r - 1], r});
        }
        return points;
    }
}
