package org.kernellab.ostep.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.Slice;
import org.kernellab.api.run.TaskStats;

/**
 * A run of an OSTEP job list, as the scripts' output needs it: job {@code i} is the run's task
 * {@code i} (the workload lists the jobs in id order), and the timeline becomes the stretches
 * in which each job ran, in time order. Times are OSTEP units: 1 unit = {@link #UNIT_NS}.
 */
final class RunView {
    /** One OSTEP time unit: 1 ms of virtual time. */
    static final long UNIT_NS = 1_000_000L;

    /** Job {@code job} ran from {@code startNs} to {@code endNs}, without a break. */
    record Stretch(int job, long startNs, long endNs) {
        long lengthNs() {
            return endNs - startNs;
        }
    }

    final RunResult run;
    final List<TaskStats> tasks;
    /** Every stretch of a job, in time order; adjacent slices of one job are joined. */
    final List<Stretch> stretches;
    /** Time the CPU gave to tasks that are not jobs (there should be none), as problems. */
    final List<String> problems = new ArrayList<>();

    RunView(RunResult run, int jobs) {
        this.run = run;
        this.tasks = run.tasks();
        if (tasks.size() != jobs) {
            throw new IllegalStateException("the run has " + tasks.size() + " tasks for " + jobs + " jobs");
        }
        if (run.timeline().isEmpty()) throw new IllegalStateException("the run has no timeline; the spec must ask for one");
        Map<Integer, Integer> jobOfPid = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) jobOfPid.put(tasks.get(i).pid(), i);
        List<Slice> slices = new ArrayList<>(run.timeline());
        slices.sort((a, b) -> a.startNs() != b.startNs() ? Long.compare(a.startNs(), b.startNs()) : Long.compare(a.endNs(), b.endNs()));
        List<Stretch> out = new ArrayList<>();
        for (Slice s : slices) {
            if (s.isIrq() || s.pid() == 0 || s.endNs() <= s.startNs()) continue;
            Integer job = jobOfPid.get(s.pid());
            if (job == null) {
                problems.add("task " + s.name() + " (pid " + s.pid() + "), not a job, ran from " + s.startNs() + " ns to " + s.endNs() + " ns");
                continue;
            }
            Stretch last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.job() == job && last.endNs() == s.startNs()) {
                out.set(out.size() - 1, new Stretch(job, last.startNs(), s.endNs()));
            } else {
                out.add(new Stretch(job, s.startNs(), s.endNs()));
            }
        }
        this.stretches = List.copyOf(out);
    }

    /** Nanoseconds as OSTEP units. */
    static double units(long ns) {
        return ns / (double) UNIT_NS;
    }

    /** Nanoseconds that must be whole units, as a count of units. */
    static long wholeUnits(long ns, String what) {
        if (ns % UNIT_NS != 0) throw new IllegalStateException(what + " at " + ns + " ns is not a whole number of units (1 unit = 1 ms)");
        return ns / UNIT_NS;
    }

    TaskStats task(int job) {
        return tasks.get(job);
    }

    /** When job {@code job} exited, in ns; an error if it never did. */
    long exitNs(int job) {
        Long e = tasks.get(job).exitNs();
        if (e == null) throw new IllegalStateException("job " + job + " never finished in the run (stopped by " + run.stoppedBy() + ")");
        return e;
    }

    /** When job {@code job} first ran, in ns; an error if it never did. */
    long firstRunNs(int job) {
        Long e = tasks.get(job).firstRunNs();
        if (e == null) throw new IllegalStateException("job " + job + " never ran in the run (stopped by " + run.stoppedBy() + ")");
        return e;
    }
}
