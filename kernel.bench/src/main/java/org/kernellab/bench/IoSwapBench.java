package org.kernellab.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wall time of a disk-driver swap under 32 requests in flight: unbinding the bound driver
 * (free_irq, detach from the queue) and binding the other version (adopting the device's commands
 * by cookie, programming the device, request_irq, attach, the posted raise of the line), with the
 * machine stopped, as {@link SwapPause} does at its instant {@code T}. Versions alternate, v1 to v2
 * and back. Between invocations, outside the measured time, the machine runs 20 us of virtual
 * time so that the next swap finds other commands in flight.
 *
 * <p>The secondary {@code virtualNs} counter is the virtual time that passed during the swaps; it
 * must be 0 (the swap is one virtual instant); {@code adopted} counts the requests the block layer
 * had started at each swap, which the new driver adopted or requeued.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=1",
        "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-XX:+UseParallelGC", "-Xms1g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IoSwapBench {
    private IoRig rig;
    private boolean toV2 = true;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counted {
        public long virtualNs;
        public long adopted;

        @Setup(Level.Iteration)
        public void reset() {
            virtualNs = 0;
            adopted = 0;
        }
    }

    @Setup(Level.Trial)
    public void boot() {
        rig = new IoRig("v1", "mq-deadline", SwapPause.TASKS, false, IoRig.DEFAULT_JITTER_NS, null);
        rig.submit(Long.MAX_VALUE);
        rig.k.run(SwapPause.SWAP_AT_NS);
    }

    @Setup(Level.Invocation)
    public void advance() {
        rig.k.run(20_000);
        if (rig.failed != 0) throw new IllegalStateException(rig.failed + " requests failed\n" + rig.dmesg());
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        rig.close();
    }

    @Benchmark
    public void swap(Counted counted) {
        long before = rig.k.now();
        rig.swap(toV2 ? "v2" : "v1");
        toV2 = !toV2;
        counted.virtualNs += rig.k.now() - before;
        counted.adopted += rig.started();
    }
}
