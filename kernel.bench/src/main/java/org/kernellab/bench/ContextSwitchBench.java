package org.kernellab.bench;

import java.util.concurrent.TimeUnit;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.sync.WaitQueue;
import org.kernellab.core.StandaloneMachine;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated context switches per wall-clock second on one CPU.
 *
 * <p>{@code tasks} tasks form a ring. Task i sleeps on its own wait queue until the token is
 * its own, computes {@value #BURST_NS} ns, hands the token to task i+1, wakes i+1's queue and
 * goes back to sleep. Every pass is therefore exactly one simulated switch (prev sleeps, next
 * was woken) and {@value #BURST_NS} ns of virtual time, so an invocation that runs the machine
 * for {@code PASSES * BURST_NS} ns of virtual time performs {@value #PASSES} switches.
 *
 * <p>The primary score is passes per second ({@link OperationsPerInvocation}); the secondary
 * {@code switches} counter is the engine's own count ({@link RunResultDTO#switches}) over wall
 * time, so the two must agree. Spawning the tasks and starting every one of them happens in
 * the trial setup, outside the measured region; the ring keeps turning between invocations.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=1",
        "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-XX:+UseParallelGC", "-Xms2g", "-Xmx4g"})
// The switch path reaches its steady state only after about 8 s of C2 work on 2 cores (below
// that, runs came out bimodal: ~0.7 M/s or ~1.6 M/s at 1,000 tasks), hence the long warm-up.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContextSwitchBench {
    /** Virtual CPU time each task uses per pass. */
    static final long BURST_NS = 100;
    /** Token passes (= simulated switches) per invocation. */
    static final int PASSES = 20_000;

    @Param({"2", "1000", "100000"})
    public int tasks;

    /** fair: kernel.sched's scheduler core (EEVDF); bypass: the machine's own FIFO, without kernel.sched. */
    @Param({"fair", "bypass"})
    public String scheduler;

    /** continuation: task bodies in continuations on the engine's thread; thread: each on a virtual thread with the baton. */
    @Param({"continuation", "thread"})
    public String tasksAs;

    private StandaloneMachine machine;
    private Kernel kernel;
    /** Whose turn it is; guarded by the baton like all simulated state. */
    private int turn;

    /** The engine's own switch count, reported per second next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        public long switches;

        @Setup(Level.Iteration)
        public void reset() {
            switches = 0;
        }
    }

    @Setup(Level.Trial)
    public void boot() {
        machine = new StandaloneMachine(1, 250, 1, org.kernellab.api.ViolationPolicy.WARN, org.kernellab.api.PreemptModel.FULL,
                org.kernellab.api.PreemptLayout.LINUX_6, tasksAs);
        if (tasksAs.equals("continuation") && !machine.continuations()) {
            throw new IllegalStateException("continuations are not available in this JVM (it needs --add-exports java.base/jdk.internal.vm=ALL-UNNAMED)");
        }
        if (scheduler.equals("fair")) machine.schedulerFactory(new org.kernellab.sched.SchedulerService());
        kernel = machine.kernel();
        WaitQueue[] queues = new WaitQueue[tasks];
        for (int i = 0; i < tasks; i++) queues[i] = machine.sync().waitQueue("ring" + i);
        for (int i = 0; i < tasks; i++) {
            int self = i;
            int next = (i + 1) % tasks;
            WaitQueue mine = queues[i];
            WaitQueue theirs = queues[next];
            kernel.spawn(TaskSpec.process("ring" + i), k -> {
                for (;;) {
                    mine.waitEvent(() -> turn == self);
                    k.compute(BURST_NS);
                    turn = next;
                    theirs.wakeUp();
                }
            });
        }
        // Two full turns of the ring: every task has started and sleeps on its queue.
        RunResultDTO r = kernel.run(2L * tasks * BURST_NS);
        if (r.switches < tasks) {
            throw new IllegalStateException("ring of " + tasks + " did not start: " + r.switches + " switches, stopped by " + r.stoppedBy);
        }
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        machine.close();
    }

    @Benchmark
    @OperationsPerInvocation(PASSES)
    public long ring(Counted counted) {
        RunResultDTO r = kernel.run(PASSES * BURST_NS);
        counted.switches += r.switches;
        return r.switches;
    }
}
