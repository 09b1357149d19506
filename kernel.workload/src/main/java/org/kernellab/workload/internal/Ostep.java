package org.kernellab.workload.internal;

import static org.kernellab.workload.internal.Generator.option;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.PyRandom;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/**
 * OSTEP's {@code scheduler.py} job lists: {@code jobs} jobs, all arriving at 0, job i of
 * length {@code int(maxlen * random()) + 1} units drawn in id order from Python's generator
 * after {@code random.seed(seed)} (SCHED-MODELS.md), or the lengths of {@code lengths}
 * (scheduler.py's -l). One unit is {@code unit} of CPU time. Each job is a task
 * {@code job<i>} that runs its length once; its expected-run hint is its length (what sjf
 * and stcf read). One CPU, HZ 1000, no costs, no stop: the run ends when the last job does.
 */
final class Ostep implements Generator {
    static final String NAME = "ostep";

    private static final GeneratorInfo INFO = new GeneratorInfo(NAME,
            "OSTEP scheduler.py's job lists: -s seed, -j jobs, -m maxlen, or -l lengths",
            Generator.withCommon(NAME, 0, 1, 1000, List.of(
                    option("jobs", "3", "number of random jobs (scheduler.py -j; 3)"),
                    option("maxlen", "10", "the longest random job, in units (scheduler.py -m; 10)"),
                    option("lengths", "", "the jobs' lengths in units, e.g. 8,3,3,9 (scheduler.py -l); replaces jobs, maxlen and the draws"),
                    option("unit", "1ms", "the CPU time of one unit"))));

    @Override
    public GeneratorInfo info() {
        return INFO;
    }

    @Override
    public Workload generate(Options o) {
        var machine = Generator.machine(o);
        long unit = o.duration("unit", 1);
        List<Long> lengths = new ArrayList<>();
        if (o.given("lengths")) {
            for (String part : o.text("lengths").split(",", -1)) {
                long v;
                try {
                    v = Long.parseLong(part.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(NAME + ": option lengths=" + JsonTree.quote(o.text("lengths"))
                            + " is not a comma-separated list of whole numbers such as 8,3,3,9");
                }
                if (v < 1) throw new IllegalArgumentException(NAME + ": option lengths=" + JsonTree.quote(o.text("lengths"))
                        + " has a length " + v + "; each must be at least 1");
                lengths.add(v);
            }
        } else {
            int jobs = (int) o.integer("jobs", 1, 100_000);
            long maxlen = o.integer("maxlen", 1, 1_000_000_000);
            lengths.addAll(lengths(machine.seed(), jobs, maxlen));
        }
        List<TaskDef> tasks = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            long ns = Math.multiplyExact(lengths.get(i), unit);
            tasks.add(TaskDef.of("job" + i, Phase.run(ns)).withSched(SchedAttr.normal().withExpectedRun(ns)));
        }
        return new Workload(o.name("name"), machine, Workload.UNTIL_EXIT, tasks);
    }

    /** scheduler.py's random lengths for a seed: {@code int(maxlen * random()) + 1}, in job order. */
    static List<Long> lengths(long seed, int jobs, long maxlen) {
        PyRandom r = new PyRandom(seed);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < jobs; i++) out.add((long) (maxlen * r.random()) + 1);
        return out;
    }
}
