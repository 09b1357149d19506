package org.kernellab.workload.internal;

import static org.kernellab.workload.internal.Generator.option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.PyRandom;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/**
 * A random periodic task set of {@code n} tasks T1..Tn with total utilisation {@code util}:
 * UUniFast (Bini and Buttazzo, "Measuring the performance of schedulability tests", 2005) for
 * the utilisations, redrawn while a task's exceeds 1 (UUniFast-Discard, Davis and Burns 2009),
 * and periods drawn from [{@code pmin}, {@code pmax}], log-uniformly by default (Emberson,
 * Stafford and Davis 2010) or uniformly, rounded down to a multiple of {@code grain} (at
 * least {@code pmin} rounded up). Task i runs {@code C = U * T} rounded to a multiple of
 * {@code cgrain} (at least one), once per job, with implicit deadlines (D = T).
 *
 * <p>The draws, from Python's generator after {@code random.seed(seed)}: for each attempt,
 * n-1 values for UUniFast ({@code next = sum * random() ** (1 / (n - i))}, i = 1..n-1); then
 * one value per task for its period. Powers and logarithms use {@link StrictMath}, so every
 * JVM draws the same set.
 *
 * <p>{@code policy} sets how the tasks are scheduled: {@code normal} (the fair class, or the
 * swappable policy such as edf and rm, which read the period hints), {@code fifo} (rate
 * monotonic priorities: shorter period first, ties to the lower index, 99 downwards) or
 * {@code deadline} (SCHED_DEADLINE with runtime C, deadline D and period T).
 */
final class RtSet implements Generator {
    static final String NAME = "rtset";
    static final int MAX_ATTEMPTS = 1000;
    static final List<String> POLICIES = List.of("normal", "fifo", "deadline");

    private static final GeneratorInfo INFO = new GeneratorInfo(NAME,
            "UUniFast periodic task sets for a target utilisation (real-time policies: edf, rm, SCHED_DEADLINE)",
            Generator.withCommon(NAME, Machine.DEFAULT_SEED, 1, 1000, List.of(
                    option("n", "5", "number of tasks"),
                    option("util", "0.7", "total utilisation, more than 0 and at most n"),
                    option("pmin", "10ms", "the shortest period"),
                    option("pmax", "100ms", "the longest period"),
                    option("dist", "loguniform", "how periods are drawn: loguniform or uniform"),
                    option("grain", "1ms", "periods are multiples of this"),
                    option("cgrain", "10us", "execution times are multiples of this"),
                    option("policy", "normal", "normal, fifo (rate monotonic priorities) or deadline (SCHED_DEADLINE)"),
                    option("on_miss", "abort", "what a late job does: abort or continue"),
                    option("stop", "1s", "when the run ends"))));

    @Override
    public GeneratorInfo info() {
        return INFO;
    }

    @Override
    public Workload generate(Options o) {
        Machine m = Generator.machine(o);
        int n = (int) o.integer("n", 1, 98);
        double util = o.fraction("util", 0, n);
        long pmin = o.duration("pmin", 1);
        long pmax = o.duration("pmax", 1);
        if (pmax < pmin) throw new IllegalArgumentException(NAME + ": option pmax=\"" + o.text("pmax") + "\" is shorter than pmin=\"" + o.text("pmin") + "\"");
        boolean logUniform = o.choice("dist", List.of("loguniform", "uniform")).equals("loguniform");
        long grain = o.duration("grain", 1);
        long cgrain = o.duration("cgrain", 1);
        String policy = o.choice("policy", POLICIES);
        if (policy.equals("deadline") && cgrain < 1024) {
            throw new IllegalArgumentException(NAME + ": option cgrain=\"" + o.text("cgrain") + "\" is below 1024ns, SCHED_DEADLINE's shortest runtime");
        }
        Periodic.OnMiss onMiss = o.choice("on_miss", List.of("abort", "continue")).equals("abort") ? Periodic.OnMiss.ABORT : Periodic.OnMiss.CONTINUE;
        long stop = o.duration("stop", 1);
        long lo = ceilTo(pmin, grain);
        long hi = pmax / grain * grain;
        if (hi < lo) {
            throw new IllegalArgumentException(NAME + ": no multiple of grain=\"" + o.text("grain") + "\" lies between pmin=\""
                    + o.text("pmin") + "\" and pmax=\"" + o.text("pmax") + "\"");
        }

        PyRandom r = new PyRandom(m.seed());
        double[] u = uunifastDiscard(r, n, util);
        long[] period = new long[n];
        for (int i = 0; i < n; i++) {
            double x = r.random();
            double p = logUniform
                    ? StrictMath.exp(StrictMath.log(lo) + x * (StrictMath.log(hi + (double) grain) - StrictMath.log(lo)))
                    : lo + x * (hi + (double) grain - lo);
            period[i] = Math.max(lo, Math.min(hi, (long) (p / grain) * grain));
        }

        // rate monotonic ranks: shorter period first, ties to the lower index
        List<Integer> byPeriod = new ArrayList<>();
        for (int i = 0; i < n; i++) byPeriod.add(i);
        byPeriod.sort(Comparator.<Integer>comparingLong(i -> period[i]).thenComparingInt(i -> i));
        int[] rank = new int[n];
        for (int k = 0; k < n; k++) rank[byPeriod.get(k)] = k;

        List<TaskDef> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long c = Math.max(cgrain, Math.round(u[i] * period[i] / cgrain) * cgrain);
            SchedAttr sched = switch (policy) {
                case "fifo" -> SchedAttr.normal().withPolicy(SchedPolicy.FIFO, SchedAttr.MAX_RT_PRIORITY - rank[i]);
                case "deadline" -> SchedAttr.deadline(Math.min(c, period[i]), period[i], period[i]);
                default -> SchedAttr.normal();
            };
            tasks.add(TaskDef.of("T" + (i + 1), Phase.run(c)).withSched(sched)
                    .withPeriodic(new Periodic(period[i], period[i], 0, onMiss)).withLoop(TaskDef.FOREVER));
        }
        return new Workload(o.name("name"), m, stop, tasks);
    }

    private static long ceilTo(long v, long grain) {
        return (v + grain - 1) / grain * grain;
    }

    /** UUniFast, drawn again while a utilisation exceeds 1. */
    static double[] uunifastDiscard(PyRandom r, int n, double util) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            double[] u = new double[n];
            double sum = util;
            for (int i = 1; i < n; i++) {
                double next = sum * StrictMath.pow(r.random(), 1.0 / (n - i));
                u[i - 1] = sum - next;
                sum = next;
            }
            u[n - 1] = sum;
            boolean ok = true;
            for (double x : u) ok &= x <= 1.0;
            if (ok) return u;
        }
        throw new IllegalArgumentException(NAME + ": no set of " + n + " utilisations summing to " + util
                + " with each at most 1 in " + MAX_ATTEMPTS + " draws; lower util or raise n");
    }
}
