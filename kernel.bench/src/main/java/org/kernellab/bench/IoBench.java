package org.kernellab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import org.kernellab.api.dto.RunResultDTO;
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
 * Simulated I/O requests completed per wall-clock second, through the whole stack ({@link IoRig}):
 * {@code depth} tasks on two CPUs, each looping on submit_bio_wait of a 4 KiB read, through the
 * block layer and its I/O scheduler, the disk driver, the SSD latency model, the disk's interrupt,
 * BLOCK_SOFTIRQ and the task's wake-up.
 *
 * <p>An invocation lets the tasks start {@value #REQUESTS} requests and runs the machine until it
 * is idle again, so the primary score ({@link OperationsPerInvocation}) is requests per second.
 * The secondary {@code requests} counter counts the ends the tasks saw, so it must agree with
 * it; {@code virtualNs} is the virtual time the invocations took, per second of wall time (so
 * {@code requests / virtualNs * 1e9} is the simulated device's IOPS); {@code cpuNs} is the CPU
 * time of the benchmark thread, which runs the whole machine (its task bodies are continuations
 * on it), per second of wall time, so {@code requests / cpuNs * 1e9} is the rate per CPU second,
 * which the other processes of a shared machine do not lower. The benchmark fails if a request
 * ends in error or an invocation ends with a request missing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=1",
        "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-XX:+UseParallelGC", "-Xms1g", "-Xmx2g"})
// On 2 shared cores the stack's paths reach their compiled steady state only after about 8 s
// (the first iterations run at a third of it, and 5 warm-up iterations left it still rising).
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class IoBench {
    /** Requests per invocation. */
    static final int REQUESTS = 5_000;

    /** Submitting tasks, each with one request outstanding: the queue depth the device sees. */
    @Param({"1", "32"})
    public int depth;

    @Param({"none", "mq-deadline"})
    public String scheduler;

    /** v1: an interrupt per completion; v2: interrupt coalescing, 8 completions or 100 us. */
    @Param({"v1", "v2"})
    public String driver;

    /** read or write. */
    @Param({"read"})
    public String op;

    /** The SSD model's jitter, ns (its default; 0 is DiskStack's jitter-free disk). */
    @Param({"5000"})
    public long jitterNs;

    private IoRig rig;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        public long requests;
        public long virtualNs;
        public long cpuNs;

        @Setup(Level.Iteration)
        public void reset() {
            requests = 0;
            virtualNs = 0;
            cpuNs = 0;
        }
    }

    @Setup(Level.Trial)
    public void boot() {
        if (!op.equals("read") && !op.equals("write")) throw new IllegalArgumentException("op '" + op + "' must be read or write");
        rig = new IoRig(driver, scheduler, depth, op.equals("write"), jitterNs, null);
        invoke(); // every task has started and every path has run once
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        rig.close();
    }

    private RunResultDTO invoke() {
        long before = rig.completed;
        rig.submit(REQUESTS);
        RunResultDTO r = rig.k.runUntilIdle(3_600_000_000_000L);
        long done = rig.completed - before;
        if (done != REQUESTS || rig.failed != 0) {
            throw new IllegalStateException(done + " of " + REQUESTS + " requests ended (" + rig.failed + " failed so far); the run stopped by "
                    + r.stoppedBy + (r.panic != null ? ": " + r.panic : "") + "\n" + rig.dmesg());
        }
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long requests(Counted counted) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        RunResultDTO r = invoke();
        counted.cpuNs += THREADS.getCurrentThreadCpuTime() - cpu;
        counted.requests += REQUESTS;
        counted.virtualNs += r.endNs - r.startNs;
        return r.events;
    }
}
