package org.kernellab.ostep.internal;

import static org.kernellab.ostep.internal.PyFormat.d;
import static org.kernellab.ostep.internal.PyFormat.f2;
import static org.kernellab.ostep.internal.RunView.UNIT_NS;
import static org.kernellab.ostep.internal.RunView.units;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.PyRandom;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.ostep.internal.Flags.Flag;
import org.kernellab.ostep.internal.Flags.Kind;
import org.kernellab.ostep.internal.RunView.Stretch;

/**
 * OSTEP's {@code cpu-sched/scheduler.py}: FIFO, SJF or RR over jobs that all arrive at 0
 * (SCHED-MODELS.md, "OSTEP scheduler.py"). The jobs run as tasks of one {@code run} phase each
 * under the {@code fifo}, {@code sjf} (the length as the expected-run hint) or {@code rr}
 * ({@code quantum=<q>ms}) policy; the trace lines are the run's timeline (an RR stretch is
 * written one quantum a line, as the script writes it) and the statistics its per-task figures.
 */
final class SchedulerScript implements Script {
    static final List<Flag> FLAGS = List.of(
            new Flag('s', "seed", Kind.INT, "0"),
            new Flag('j', "jobs", Kind.INT, "3"),
            new Flag('l', "jlist", Kind.STRING, ""),
            new Flag('m', "maxlen", Kind.INT, "10"),
            new Flag('p', "policy", Kind.STRING, "FIFO"),
            new Flag('q', "quantum", Kind.INT, "1"),
            new Flag('c', null, Kind.SWITCH, "false"));

    /** Python's float() syntax: digits with single underscores between them, a point, an exponent. */
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(\\d(_?\\d)*(\\.(\\d(_?\\d)*)?)?|\\.\\d(_?\\d)*)([eE][+-]?\\d(_?\\d)*)?");

    private final String policy;
    private final String jlist;
    private final BigInteger seed;
    private final int jobCount;
    private final int maxlen;
    private final int quantum;
    private final boolean solve;
    /** Each job's length in units, as the script holds it (a float with -l, an int drawn otherwise). */
    private final double[] lengths;

    SchedulerScript(Flags f) {
        policy = f.text('p');
        if (!policy.equals("FIFO") && !policy.equals("SJF") && !policy.equals("RR")) {
            throw new IllegalArgumentException(f.as('p') + " '" + policy + "': the policy is FIFO, SJF or RR (in capitals, as scheduler.py has them)");
        }
        jlist = f.text('l');
        seed = f.big('s');
        // -j and -m matter (and are printed) only for random jobs
        jobCount = jlist.isEmpty() ? f.integer('j', 1, 100_000, "the number of random jobs must lie in 1..100000") : 0;
        maxlen = jlist.isEmpty() ? f.integer('m', 0, 1_000_000_000,
                "the longest random job must lie in 0..1000000000 (a job's length is int(maxlen * random()) + 1)") : 0;
        solve = f.on('c');
        quantum = solve && policy.equals("RR") ? f.integer('q', 1, 1_000_000_000, "the RR quantum must lie in 1..1000000000 (0 never finishes a job)")
                : f.big('q').intValue();
        if (jlist.isEmpty()) {
            PyRandom r = new PyRandom(seed);
            lengths = new double[jobCount];
            for (int i = 0; i < jobCount; i++) lengths[i] = (long) (maxlen * r.random()) + 1;
        } else {
            String[] parts = jlist.split(",", -1);
            lengths = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String t = parts[i].strip();
                if (!FLOAT.matcher(t).matches()) {
                    throw new IllegalArgumentException(f.as('l') + " '" + jlist + "': '" + parts[i] + "' is not a number; give run times separated by commas, e.g. 10,15,20");
                }
                double v = Double.parseDouble(t.replace("_", ""));
                if (!(v > 0) || v > 1e9 || Math.round(v * UNIT_NS) < 1) {
                    throw new IllegalArgumentException(f.as('l') + " '" + jlist + "': run time " + parts[i].strip()
                            + " must lie between 1e-06 (1 ns) and 1e9 units; a job of no time cannot be run");
                }
                lengths[i] = v;
            }
        }
    }

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder();
        b.append("ARG policy ").append(policy).append('\n');
        if (jlist.isEmpty()) {
            b.append("ARG jobs ").append(jobCount).append('\n');
            b.append("ARG maxlen ").append(maxlen).append('\n');
            b.append("ARG seed ").append(seed).append('\n');
        } else {
            b.append("ARG jlist ").append(jlist).append('\n');
        }
        b.append('\n');
        b.append("Here is the job list, with the run time of each job: \n");
        for (int i = 0; i < lengths.length; i++) {
            String len = jlist.isEmpty() ? Long.toString((long) lengths[i]) : PyFormat.str(lengths[i]);
            b.append("  Job ").append(i).append(" ( length = ").append(len).append(" )\n");
        }
        b.append("\n\n");
        if (!solve) {
            b.append("Compute the turnaround time, response time, and wait time for each job.\n");
            b.append("When you are done, run this program again, with the same arguments,\n");
            b.append("but with -c, which will thus provide you with the answers. You can use\n");
            b.append("-s <somenumber> or your own job list (-l 10,15,20 for example)\n");
            b.append("to generate different problems for yourself.\n");
            b.append('\n');
        } else {
            b.append("** Solutions **\n\n");
        }
        return b.toString();
    }

    /** The job list as a workload: job i is task {@code job<i>}, one run phase of its length, the length as its sjf hint. */
    Workload workload() {
        List<TaskDef> tasks = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            long ns = Math.round(lengths[i] * UNIT_NS);
            tasks.add(TaskDef.of("job" + i, Phase.run(ns)).withSched(SchedAttr.normal().withExpectedRun(ns)));
        }
        return new Workload("ostep-scheduler", MACHINE, Workload.UNTIL_EXIT, tasks);
    }

    @Override
    public RunSpec spec() {
        if (!solve) return null;
        RunSpec s = RunSpec.of(workload(), policy.toLowerCase(java.util.Locale.ROOT)).withTimeline(true).withTrace(true);
        return policy.equals("RR") ? s.withParams(Map.of("quantum", quantum + "ms")) : s;
    }

    @Override
    public String answer(RunResult result) {
        RunView run = new RunView(result, lengths.length);
        List<String> problems = new ArrayList<>(run.problems);
        StringBuilder b = new StringBuilder("Execution trace:\n");
        List<Integer> order = new ArrayList<>();
        if (policy.equals("RR")) {
            long q = quantum * UNIT_NS;
            for (Stretch s : run.stretches) {
                // one line per quantum, as the script writes them; a stretch starts with a fresh quantum
                for (long at = s.startNs(); at < s.endNs(); at += q) {
                    long end = Math.min(at + q, s.endNs());
                    b.append("  [ time ").append(d(units(at), 3)).append(" ] Run job ").append(d(s.job(), 3))
                            .append(" for ").append(f2(units(end - at))).append(" secs");
                    if (end == run.exitNs(s.job())) b.append(" ( DONE at ").append(f2(units(end))).append(" )");
                    b.append('\n');
                }
            }
            for (int i = 0; i < lengths.length; i++) order.add(i);
        } else {
            for (Stretch s : run.stretches) {
                if (order.contains(s.job())) {
                    problems.add("job " + s.job() + " ran again at " + f2(units(s.startNs())) + " after it was preempted; "
                            + policy + " runs every job to completion");
                    continue;
                }
                order.add(s.job());
                b.append("  [ time ").append(d(units(s.startNs()), 3)).append(" ] Run job ").append(s.job())
                        .append(" for ").append(f2(units(run.task(s.job()).cpuNs()))).append(" secs ( DONE at ")
                        .append(f2(units(run.exitNs(s.job())))).append(" )\n");
            }
            if (order.size() != lengths.length) problems.add("only " + order.size() + " of " + lengths.length + " jobs ran");
        }
        b.append("\nFinal statistics:\n");
        double responseSum = 0;
        double turnaroundSum = 0;
        double waitSum = 0;
        for (int i : order) {
            var t = run.task(i);
            double response = units(run.firstRunNs(i) - t.startNs());
            double turnaround = units(run.exitNs(i) - t.startNs());
            double wait = units(t.waitNs());
            b.append("  Job ").append(d(i, 3)).append(" -- Response: ").append(f2(response)).append("  Turnaround ")
                    .append(f2(turnaround)).append("  Wait ").append(f2(wait)).append('\n');
            responseSum += response;
            turnaroundSum += turnaround;
            waitSum += wait;
        }
        int n = order.size();
        b.append("\n  Average -- Response: ").append(f2(responseSum / n)).append("  Turnaround ").append(f2(turnaroundSum / n))
                .append("  Wait ").append(f2(waitSum / n)).append("\n\n");
        b.append(Script.mismatches(problems));
        return b.toString();
    }

    /** The job lengths in units, for tests. */
    double[] lengths() {
        return lengths.clone();
    }
}
