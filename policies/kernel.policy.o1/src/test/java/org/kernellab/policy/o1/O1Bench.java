package org.kernellab.policy.o1;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.SchedTask;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The O(1) claim, measured: pick + enqueue with many runnable tasks on one CPU. With
 * {@code spread} the nice values cover all 40 levels (several bitmap words in use, and the
 * best list is all that pick touches); without it every task has nice 0, so that the round
 * robin walks through every task object (the cache-unfriendly case). The goal is at most
 * 50 ns per pick + enqueue at 100,000 runnable tasks, whatever their number.
 *
 * <p>Not a unit test (wall-clock speed belongs here, not in a timed test). Run it with
 * {@code mvn -o -f policies/kernel.policy.o1/pom.xml test-compile} and then
 * {@code java -cp <test classpath> org.kernellab.policy.o1.O1Bench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-XX:+UseParallelGC")
public class O1Bench {
    @Param({"1000", "100000"})
    int tasks;

    @Param({"true", "false"})
    boolean spread;

    private MiniCore host;
    private Policy policy;

    @Setup
    public void setup() {
        host = new MiniCore(1, 1000);
        policy = new O1Provider().create(host, Map.of());
        for (int i = 0; i < tasks; i++) {
            MiniCore.Task t = host.task("t" + i);
            t.nice = spread ? i % 40 - 20 : 0;
            policy.enable(t);
            policy.enqueue(0, t, Enqueue.NEW);
        }
        host.curr[0] = host.tasks.get(0); // a busy CPU, as while tasks wait
    }

    /** The pair the goal is about: take the best task, put it back (preempted). */
    @Benchmark
    public SchedTask pickEnqueue() {
        SchedTask p = policy.pick(0);
        policy.enqueue(0, p, Enqueue.PREEMPTED);
        return p;
    }

    /**
     * A whole switch as the core drives it, with the slice used up each time (the heaviest
     * path: new slice, effective_prio, expired_starving, the expired array, array swaps):
     * pick, running, 100 ms of CPU, stopping, enqueue.
     */
    @Benchmark
    public SchedTask switchCycle() {
        MiniCore.Task p = (MiniCore.Task) policy.pick(0);
        policy.running(0, p);
        p.sumExec += 100_000_000L;
        host.now += 100_000_000L;
        policy.stopping(0, p, true);
        policy.enqueue(0, p, Enqueue.PREEMPTED);
        return p;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(O1Bench.class.getName()).build()).run();
    }
}
