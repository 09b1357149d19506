package org.kernellab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

import java.util.List;

import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.run.RunSpec;
import org.kernellab.core.Runner;
import org.kernellab.sched.SchedulerService;

/**
 * Heap per parked task: the heap in use while N tasks sleep, minus that of 1 task, over N-1.
 * It counts everything a task costs: the task, its scheduler entity, its script state, its
 * timer, and its share of the workload's definition. Run with
 * {@code java -cp kernel.bench/target/benchmarks.jar org.kernellab.bench.HeapPerTask [N] [scripted|threaded]}.
 * The measurement is taken from inside the run (its monitor) after a full GC.
 */
public final class HeapPerTask {
    private HeapPerTask() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean threaded = args.length > 1 && args[1].equals("threaded");
        long one = measure(1, threaded);
        long many = measure(n, threaded);
        System.out.printf("%s tasks: %d, heap per task: %d bytes%n", threaded ? "threaded" : "scripted", n, (many - one) / (n - 1));
    }

    private static long measure(int n, boolean threaded) {
        Runner runner = new Runner(new SchedulerService());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        AtomicLong used = new AtomicLong(-1);
        // n identical tasks that run a moment and then sleep for 100 s: parked, with a timer each
        Workload w = new Workload("parked", new Machine(1, 1000, 1, Costs.NONE), Workload.UNTIL_EXIT,
                List.of(TaskDef.of("p", Phase.run(1_000), Phase.sleep(100_000_000_000L), Phase.run(1_000)).withInstances(n)));
        RunSpec spec = RunSpec.of(w, "fair").withThreaded(threaded);
        try {
            runner.run(spec, new RunMonitor() {
                private boolean started;

                @Override
                public void progress(long nowNs, long events) {
                    started = true;
                }

                @Override
                public boolean cancelled() {
                    if (!started) return false;
                    // after the first 10 ms of virtual time every task exists, and all but one wait
                    for (int i = 0; i < 3; i++) System.gc();
                    used.set(mem.getHeapMemoryUsage().getUsed());
                    return true;
                }
            });
        } catch (java.util.concurrent.CancellationException expected) {
            // the monitor ends the run once it has measured
        }
        return used.get();
    }
}
