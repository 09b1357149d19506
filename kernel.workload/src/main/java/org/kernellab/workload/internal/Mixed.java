package org.kernellab.workload.internal;

import static org.kernellab.workload.internal.Generator.option;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.PyRandom;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/**
 * Interactive tasks that sleep often beside CPU-bound batch tasks, the classic test of
 * whether a scheduler keeps interactive latency low under load. Interactive task i runs a
 * burst, then sleeps, forever; its burst and sleep are drawn uniformly from half to one and a
 * half times {@code burst} and {@code think}, and it starts at a time drawn uniformly from
 * [0, its sleep). Batch tasks run {@code chunk} after {@code chunk} from time 0. All are
 * SCHED_NORMAL at nice 0; the run stops at {@code stop}.
 *
 * <p>The draws, from Python's generator after {@code random.seed(seed)}: for each interactive
 * task in order, its burst, its sleep, its start; each rounded to a whole microsecond.
 */
final class Mixed implements Generator {
    static final String NAME = "mixed";

    private static final GeneratorInfo INFO = new GeneratorInfo(NAME,
            "interactive tasks that sleep often beside CPU-bound batch tasks",
            Generator.withCommon(NAME, Machine.DEFAULT_SEED, Machine.DEFAULT_CPUS, Machine.DEFAULT_HZ, List.of(
                    option("interactive", "4", "interactive tasks"),
                    option("batch", "2", "CPU-bound batch tasks"),
                    option("burst", "1ms", "an interactive task's mean CPU burst"),
                    option("think", "20ms", "an interactive task's mean sleep between bursts"),
                    option("chunk", "100ms", "a batch task's run per loop"),
                    option("stop", "5s", "when the run ends"))));

    @Override
    public GeneratorInfo info() {
        return INFO;
    }

    @Override
    public Workload generate(Options o) {
        Machine m = Generator.machine(o);
        int interactive = (int) o.integer("interactive", 0, 10_000);
        int batch = (int) o.integer("batch", 0, 10_000);
        if (interactive + batch == 0) throw new IllegalArgumentException(NAME + ": options interactive=0 batch=0 make no task");
        long burst = o.duration("burst", 2_000);
        long think = o.duration("think", 2_000);
        long chunk = o.duration("chunk", 1);
        long stop = o.duration("stop", 1);
        PyRandom r = new PyRandom(m.seed());
        List<TaskDef> tasks = new ArrayList<>();
        for (int i = 0; i < interactive; i++) {
            long b = aroundUs(r, burst);
            long s = aroundUs(r, think);
            long start = (long) (r.random() * (s / 1_000)) * 1_000;
            tasks.add(TaskDef.of("inter" + i, Phase.run(b), Phase.sleep(s)).withStart(start).withLoop(TaskDef.FOREVER));
        }
        for (int i = 0; i < batch; i++) tasks.add(TaskDef.of("batch" + i, Phase.run(chunk)).withLoop(TaskDef.FOREVER));
        return new Workload(o.name("name"), m, stop, tasks);
    }

    /** Uniform in [mean/2, 3*mean/2), in whole microseconds, at least 1 us. */
    private static long aroundUs(PyRandom r, long meanNs) {
        double us = meanNs / 1_000.0 * (0.5 + r.random());
        return Math.max(1, (long) us) * 1_000;
    }
}
