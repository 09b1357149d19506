package org.kernellab.core;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling under {@code ContextSwitchBench}: the JDK's continuations alone, with nothing of
 * the kernel, in switches per wall-clock second.
 *
 * <p>{@code tasks} continuations, made and driven by the engine's own mechanism ({@link Conts}:
 * the same method handles, the same scope), are run round-robin by the benchmark thread; each
 * body loops forever, yielding {@code depth} frames below its entry. One run and one yield make
 * one switch, what a simulated context switch with continuations costs the JVM at least. The
 * ring of {@code ContextSwitchBench} yields about ten frames deep (the wait queue's sleep, the
 * switch, the dispatch loop, the handoff), so {@code depth=10} is its ceiling, and the difference
 * of the two scores' reciprocals is the engine's own cost per switch.
 *
 * <p>This class sits in {@code org.kernellab.core} to reach {@link Conts}; outside OSGi the split
 * package is harmless.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xms2g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContinuationBench {
    /** Switches per invocation. */
    static final int PASSES = 20_000;

    @Param({"2", "1000", "100000"})
    public int tasks;

    /** Frames between a body's entry and its yield. */
    @Param({"0", "10"})
    public int depth;

    private Object[] conts;
    private int next;

    @Setup(Level.Trial)
    public void create() {
        if (!Conts.AVAILABLE) {
            throw new IllegalStateException("continuations are not available in this JVM (" + Conts.WHY_NOT + ")");
        }
        conts = new Object[tasks];
        int d = depth;
        for (int i = 0; i < tasks; i++) {
            conts[i] = Conts.create(() -> {
                for (;;) descend(d);
            });
            Conts.run(conts[i]); // to its first yield, so that every one has a stack
        }
    }

    /** {@code d} frames, then a yield. */
    private static int descend(int d) {
        if (d == 0) {
            Conts.yieldNow();
            return 0;
        }
        return descend(d - 1) + 1;
    }

    @Benchmark
    @OperationsPerInvocation(PASSES)
    public int ring() {
        Object[] cs = conts;
        int n = next;
        for (int i = 0; i < PASSES; i++) {
            Conts.run(cs[n]);
            if (++n == cs.length) n = 0;
        }
        next = n;
        return n;
    }
}
