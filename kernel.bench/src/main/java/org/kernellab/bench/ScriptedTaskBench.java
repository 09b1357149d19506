package org.kernellab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.core.Runner;
import org.kernellab.sched.SchedulerService;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated switches per wall-clock second for phase-scripted workload tasks, run by the
 * workload runner: stepped by the engine with no thread ({@code scripted}), or each as a Java
 * task body ({@code threaded}: a continuation, or a virtual thread with the baton when the JVM
 * runs with -Dkernellab.tasks=thread, e.g. {@code -jvmArgsAppend -Dkernellab.tasks=thread}).
 *
 * <p>The workload is a token ring of {@code tasks} tasks on one CPU under {@code policy}: task i
 * waits on event i, runs 100 ns and signals event i+1, {@code loops} times; a starter signals
 * event 0. Every pass is one switch. One invocation is one whole run, from booting its machine
 * and creating the tasks to the last exit, and returns the engine's own switch count (every
 * size makes about 2,000,000 switches): switches per second are that count over the score.
 * (JMH shows no auxiliary counters in single-shot mode, hence no per-second counter here.)
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=1",
        "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-XX:+UseParallelGC", "-Xms2g", "-Xmx4g"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class ScriptedTaskBench {
    @Param({"1000", "100000"})
    public int tasks;

    @Param({"scripted", "threaded"})
    public String mode;

    /** fair: the built-in EEVDF class; fifo: the cheapest policy bundle, to see the engine's own cost. */
    @Param({"fair", "fifo"})
    public String policy;

    private WorkloadRunner runner;
    private RunSpec spec;

    @Setup(Level.Trial)
    public void setup() {
        SchedulerService svc = new SchedulerService();
        try {
            svc.addProvider(org.kernellab.sched.PickEnqueueBench.provider("fifo"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        runner = new Runner(svc);
        // about 2 M switches per run whatever the ring's size
        spec = RunSpec.of(ring(tasks, Math.max(1, 2_000_000 / tasks)), policy).withThreaded(mode.equals("threaded"));
    }

    /** The token ring: {@code n} tasks passing one token {@code loops} times round. */
    static Workload ring(int n, int loops) {
        List<TaskDef> defs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            defs.add(TaskDef.of("r" + i, Phase.await("e" + i), Phase.run(100), Phase.signal("e" + ((i + 1) % n))).withLoop(loops));
        }
        defs.add(TaskDef.of("starter", Phase.signal("e0")));
        return new Workload("ring-" + n, new Machine(1, 1000, 1, Costs.NONE), Workload.UNTIL_EXIT, defs);
    }

    @Benchmark
    public long run() {
        RunResult r = runner.run(spec);
        if (!r.stoppedBy().equals("exit")) throw new IllegalStateException("the ring did not finish: " + r.stoppedBy());
        return r.switches();
    }
}
