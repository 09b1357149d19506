package org.kernellab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.workload.Workload;
import org.kernellab.core.Runner;
import org.kernellab.sched.PickEnqueueBench;
import org.kernellab.sched.SchedulerService;
import org.kernellab.workload.internal.Generators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A comparison's sweep, as {@code sched:compare --policies all --jobs n} runs it: the {@code mixed}
 * generator's workload (its defaults, or {@code scale} times as many tasks) under every policy,
 * the runs spread over {@code jobs} threads. Each run is independent, so two jobs on two cores
 * should take a little over half the time of one. The score is the time of one whole sweep, in a
 * JVM that has compiled all of it (a cold JVM's first sweeps are dominated by the JIT).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xms2g", "-Xmx4g"})
// On 2 cores the JIT competes with the two jobs until every policy's code is compiled: a
// sweep is tens of ms, so the warm-up is long (measured: 2 jobs were slower than 1 after 5
// sweeps of warm-up, 1.85 times faster once warm)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 10, time = 1)
public class SweepBench {
    @Param({"1", "2"})
    public int jobs;

    /** 1: the mixed generator's default workload (6 tasks); 10: ten times its tasks. */
    @Param({"1", "10"})
    public int scale;

    private WorkloadRunner runner;
    private Workload workload;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setup() throws ReflectiveOperationException {
        SchedulerService svc = new SchedulerService();
        for (String p : List.of("fifo", "rr", "sjf", "stcf", "mlfq", "lottery", "stride", "o1", "cfs", "edf", "rm", "simple")) {
            svc.addProvider(PickEnqueueBench.provider(p));
        }
        runner = new Runner(svc);
        workload = new Generators().generate("mixed", Map.of("interactive", Integer.toString(4 * scale), "batch", Integer.toString(2 * scale)));
        pool = Executors.newFixedThreadPool(jobs);
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        pool.shutdownNow();
    }

    @Benchmark
    public long sweep() throws Exception {
        List<Future<Long>> runs = new ArrayList<>();
        for (String p : runner.policies()) runs.add(pool.submit(() -> runner.run(RunSpec.of(workload, p)).switches()));
        long switches = 0;
        for (Future<Long> f : runs) switches += f.get();
        return switches;
    }
}
