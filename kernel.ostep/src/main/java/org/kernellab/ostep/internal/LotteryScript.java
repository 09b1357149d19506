package org.kernellab.ostep.internal;

import static org.kernellab.ostep.internal.RunView.UNIT_NS;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * OSTEP's {@code cpu-sched-lottery/lottery.py} (SCHED-MODELS.md, "OSTEP lottery.py"). The jobs
 * run as tasks of one {@code run} phase each, with their tickets, under the {@code lottery}
 * policy with {@code quantum=<q>ms}, {@code pyseed=<seed>} and {@code pyskip=<draws>} (the
 * draws job generation took from Python's stream before the first lottery), so that the
 * policy's lotteries are the script's draw for draw.
 *
 * <p>The answer is read from the run's timeline: each quantum a job held the CPU is one lottery
 * it won (a stretch of {@code L} is {@code ceil(L / q)} lotteries: only a job's last quantum is
 * short). The {@code Random N -> Winning ticket ...} lines are recomputed from the seed and the
 * ticket totals, and each must name the job the run actually ran; a disagreement is printed as
 * a {@link Script#MISMATCH} line and ends the answer. The script's clock advances by a full
 * quantum even when the winner needed less, while the run's next lottery comes at once: the
 * {@code DONE at time} figure is therefore the number of lotteries held so far times the
 * quantum (equal to the run's exit time whenever no job ended inside a quantum).
 */
final class LotteryScript implements Script {
    static final List<Flag> FLAGS = List.of(
            new Flag('s', "seed", Kind.INT, "0"),
            new Flag('j', "jobs", Kind.INT, "3"),
            new Flag('l', "jlist", Kind.STRING, ""),
            new Flag('m', "maxlen", Kind.INT, "10"),
            new Flag('T', "maxticket", Kind.INT, "100"),
            new Flag('q', "quantum", Kind.INT, "1"),
            new Flag('c', "compute", Kind.SWITCH, "false"));

    private final String jlist;
    private final BigInteger seed;
    private final BigInteger jobsArg;
    private final BigInteger maxlenArg;
    private final BigInteger maxticketArg;
    private final BigInteger quantumArg;
    private final boolean solve;
    private final long[] lengths;
    private final int[] tickets;
    /** The random() calls job generation made before the first lottery. */
    private final int draws;

    LotteryScript(Flags f) {
        jlist = f.text('l');
        seed = f.big('s');
        jobsArg = f.big('j');
        maxlenArg = f.big('m');
        maxticketArg = f.big('T');
        quantumArg = f.big('q');
        solve = f.on('c');
        if (solve) f.integer('q', 1, 1_000_000_000, "the quantum must lie in 1..1000000000 (0 never finishes a job)");
        PyRandom r = new PyRandom(seed);
        int n = 0;
        if (jlist.isEmpty()) {
            int jobs = f.integer('j', 1, 100_000, "the number of random jobs must lie in 1..100000");
            int maxlen = f.integer('m', 2, 1_000_000_000, "the longest random job must be at least 2 (lottery.py draws int(maxlen * random()) until it is not 0)");
            int maxticket = f.integer('T', 2, 1_000_000_000, "the most tickets must be at least 2 (lottery.py draws int(maxticket * random()) until it is not 0)");
            lengths = new long[jobs];
            tickets = new int[jobs];
            for (int i = 0; i < jobs; i++) {
                long len = 0;
                while (len == 0) {
                    len = (long) (maxlen * r.random());
                    n++;
                }
                int t = 0;
                while (t == 0) {
                    t = (int) (maxticket * r.random());
                    n++;
                }
                lengths[i] = len;
                tickets[i] = t;
            }
        } else {
            String[] entries = jlist.split(",", -1);
            lengths = new long[entries.length];
            tickets = new int[entries.length];
            for (int i = 0; i < entries.length; i++) {
                String[] parts = entries[i].split(":", -1);
                BigInteger len = parts.length == 2 ? Flags.pyInt(parts[0]) : null;
                BigInteger tix = parts.length == 2 ? Flags.pyInt(parts[1]) : null;
                if (len == null || tix == null) {
                    throw new IllegalArgumentException(f.as('l') + " '" + jlist + "': '" + entries[i]
                            + "' is not length:tickets; give run times and tickets, e.g. 10:100,20:100");
                }
                if (len.signum() <= 0 || len.compareTo(BigInteger.valueOf(1_000_000_000)) > 0
                        || tix.signum() <= 0 || tix.compareTo(BigInteger.valueOf(1_000_000_000)) > 0) {
                    throw new IllegalArgumentException(f.as('l') + " '" + jlist + "': '" + entries[i]
                            + "' needs a length and tickets in 1..1000000000 (a job of no time or no tickets cannot be run)");
                }
                lengths[i] = len.longValue();
                tickets[i] = tix.intValue();
            }
        }
        draws = n;
    }

    @Override
    public String name() {
        return "lottery";
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder();
        b.append("ARG jlist ").append(jlist).append('\n');
        b.append("ARG jobs ").append(jobsArg).append('\n');
        b.append("ARG maxlen ").append(maxlenArg).append('\n');
        b.append("ARG maxticket ").append(maxticketArg).append('\n');
        b.append("ARG quantum ").append(quantumArg).append('\n');
        b.append("ARG seed ").append(seed).append('\n');
        b.append('\n');
        b.append("Here is the job list, with the run time of each job: \n");
        for (int i = 0; i < lengths.length; i++) {
            b.append("  Job ").append(i).append(" ( length = ").append(lengths[i]).append(", tickets = ").append(tickets[i]).append(" )\n");
        }
        b.append("\n\n");
        if (!solve) {
            b.append("Here is the set of random numbers you will need (at most):\n");
            PyRandom r = stream();
            long total = 0;
            for (long l : lengths) total += l;
            for (long i = 0; i < total; i++) b.append("Random ").append(draw(r)).append('\n');
        } else {
            b.append("** Solutions **\n\n");
        }
        return b.toString();
    }

    /** Python's stream as the first lottery finds it: seeded, with job generation's draws taken. */
    private PyRandom stream() {
        PyRandom r = new PyRandom(seed);
        for (int i = 0; i < draws; i++) r.random();
        return r;
    }

    /** lottery.py's {@code int(random.random() * 1000001)}. */
    private static long draw(PyRandom r) {
        return (long) (r.random() * 1000001);
    }

    Workload workload() {
        List<TaskDef> tasks = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            tasks.add(TaskDef.of("job" + i, Phase.run(lengths[i] * UNIT_NS)).withSched(SchedAttr.normal().withTickets(tickets[i])));
        }
        return new Workload("ostep-lottery", MACHINE, Workload.UNTIL_EXIT, tasks);
    }

    /** The lottery policy's parameters: the quantum, Python's seed, and the draws to skip. */
    Map<String, String> params() {
        return draws == 0 ? Map.of("quantum", quantumArg + "ms", "pyseed", seed.toString())
                : Map.of("quantum", quantumArg + "ms", "pyseed", seed.toString(), "pyskip", Integer.toString(draws));
    }

    @Override
    public RunSpec spec() {
        if (!solve) return null;
        return RunSpec.of(workload(), "lottery").withParams(params()).withTimeline(true).withTrace(true);
    }

    @Override
    public String answer(RunResult result) {
        RunView run = new RunView(result, lengths.length);
        List<String> problems = new ArrayList<>(run.problems);
        long q = quantumArg.longValue();
        long qNs = q * UNIT_NS;
        long[] left = lengths.clone();
        int unfinished = lengths.length;
        long clock = 0;
        int lottery = 0;
        PyRandom r = stream();
        StringBuilder b = new StringBuilder();
        outer:
        for (Stretch s : run.stretches) {
            for (long at = s.startNs(); at < s.endNs(); at += qNs) {
                long end = Math.min(at + qNs, s.endNs());
                int job = s.job();
                lottery++;
                long total = 0;
                for (int i = 0; i < left.length; i++) if (left[i] > 0) total += tickets[i];
                if (total == 0) {
                    problems.add("lottery " + lottery + " at " + at + " ns: job " + job + " ran after every job had finished");
                    break outer;
                }
                long draw = draw(r);
                long winner = draw % total;
                int picked = -1;
                long counter = 0;
                for (int i = 0; i < left.length; i++) {
                    if (left[i] > 0) counter += tickets[i];
                    if (counter > winner) {
                        picked = i;
                        break;
                    }
                }
                if (picked != job) {
                    problems.add("lottery " + lottery + " at " + at + " ns: the run gave the quantum to job " + job + ", but draw " + draw
                            + " (winning ticket " + winner + " of " + total + ") picks job " + picked);
                    break outer;
                }
                b.append("Random ").append(draw).append(" -> Winning ticket ").append(winner).append(" (of ").append(total)
                        .append(") -> Run ").append(job).append('\n');
                b.append("  Jobs:\n");
                for (int i = 0; i < left.length; i++) {
                    b.append(" (").append(i == job ? '*' : ' ').append(" job:").append(i).append(" timeleft:").append(left[i])
                            .append(" tix:").append(left[i] > 0 ? Integer.toString(tickets[i]) : "---").append(" ) ");
                }
                b.append('\n');
                long ran = RunView.wholeUnits(end - at, "a quantum of job " + job);
                if (ran != Math.min(q, left[job])) {
                    problems.add("lottery " + lottery + " at " + at + " ns: job " + job + " ran " + ran + " units; with " + left[job]
                            + " left and a quantum of " + q + " it runs " + Math.min(q, left[job]));
                    break outer;
                }
                left[job] -= ran;
                clock += q; // lottery.py's clock: a full quantum per lottery
                if (left[job] == 0) {
                    if (end != run.exitNs(job)) problems.add("job " + job + " used its length by " + end + " ns but exited at " + run.exitNs(job) + " ns");
                    b.append("--> JOB ").append(job).append(" DONE at time ").append(clock).append('\n');
                    unfinished--;
                }
                if (unfinished == 0) {
                    b.append('\n');
                    break outer;
                }
            }
        }
        if (unfinished > 0 && problems.isEmpty()) problems.add(unfinished + " jobs had time left when the run's timeline ended");
        b.append(Script.mismatches(problems));
        return b.toString();
    }

    /** How many random() draws job generation took, for tests. */
    int draws() {
        return draws;
    }
}
