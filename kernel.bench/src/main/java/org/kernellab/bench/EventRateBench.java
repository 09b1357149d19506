package org.kernellab.bench;

import java.util.concurrent.TimeUnit;

import org.kernellab.api.Kernel;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.hw.HwEvent;
import org.kernellab.api.hw.Machine;
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
 * Hardware events per wall-clock second, with no task switches: the discrete-event core alone.
 *
 * <p>{@code armed} events are queued on an idle one-CPU machine, staggered; each re-arms itself
 * {@code armed * SPACING_NS} later when it fires, so events come due every
 * {@value #SPACING_NS} ns of virtual time whatever the queue's size, and an invocation of
 * {@code EVENTS * SPACING_NS} ns processes {@value #EVENTS} of them. {@code armed} sets the
 * size of the event heap. The secondary {@code events} counter is the engine's own count
 * ({@link RunResultDTO#events}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=1",
        "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventRateBench {
    static final long SPACING_NS = 100;
    static final int EVENTS = 100_000;

    @Param({"1", "1000", "100000"})
    public int armed;

    private StandaloneMachine machine;
    private Kernel kernel;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    /** A periodic hardware event that re-arms itself, as a free-running timer would. */
    private static final class Rearming implements HwEvent {
        private final Machine hw;
        private final long period;

        Rearming(Machine hw, long period) {
            this.hw = hw;
            this.period = period;
        }

        @Override
        public void fire(long nowNs) {
            hw.at(nowNs + period, this);
        }
    }

    @Setup(Level.Trial)
    public void boot() {
        machine = new StandaloneMachine(1);
        kernel = machine.kernel();
        Machine hw = machine.machine();
        long period = armed * SPACING_NS;
        for (int i = 0; i < armed; i++) hw.at(1 + i * SPACING_NS, new Rearming(hw, period));
        // Let the idle task settle so that the measured runs see the steady state.
        kernel.run(period);
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        machine.close();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rearm(Counted counted) {
        RunResultDTO r = kernel.run(EVENTS * SPACING_NS);
        counted.events += r.events;
        return r.events;
    }
}
