package org.kernellab.core;

import java.util.concurrent.TimeUnit;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.Slab;
import org.kernellab.mm.impl.MemoryNode;
import org.kernellab.mm.impl.PageAllocatorImpl;
import org.kernellab.mm.impl.SlabImpl;
import org.kernellab.softirq.impl.KthreadLayer;
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
 * The memory manager's hot calls as a task makes them, through each interface's generated
 * boundary ({@code XxxChecked}, as the core republishes a bundle's service; in package
 * org.kernellab.core for that, like ContextCheckBench): {@code kmalloc(64, GFP_KERNEL)} + {@code kfree}, and
 * {@code alloc_pages(GFP_KERNEL, 0)} + {@code __free_pages} (and kmalloc with GFP_ATOMIC, which skips
 * might_sleep, to show that check's share). Each invocation is one task that
 * makes {@value #PAIRS} pairs in process context (so GFP_KERNEL's might_sleep check passes), the
 * score is ns per pair.
 *
 * <p>{@code debug} switches slub_debug (red zones, poisoning, checks, tracking with a stack walk
 * per call) on and off; the page allocator does not depend on it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xms1g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MmBench {
    static final int PAIRS = 10_000;

    @Param({"false", "true"})
    public boolean debug;

    private KernelHost host;
    private Kernel kernel;
    private Slab slab;
    private PageAllocator pages;
    private long sink;

    @Setup(Level.Trial)
    public void boot() {
        host = new KernelHost(MachineConfig.defaults().withCpus(1));
        kernel = host.kernel;
        java.util.function.Supplier<Contracts> contracts = () -> host.engine().contracts;
        MemoryNode node = new MemoryNode(kernel, host.machine, new KthreadLayer(kernel, host.machine), 16384, debug);
        slab = Contracts.generated(Slab.class, new SlabImpl(node), contracts);
        pages = Contracts.generated(PageAllocator.class, new PageAllocatorImpl(node), contracts);
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        host.shutdown();
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public long kmalloc64Kfree() {
        return kmallocPairs(Gfp.GFP_KERNEL);
    }

    /** The same with GFP_ATOMIC, which has no might_sleep check: the difference is the check's cost. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public long kmalloc64KfreeAtomic() {
        return kmallocPairs(Gfp.GFP_ATOMIC);
    }

    /** One task making {@value #PAIRS} kmalloc(64, gfp) + kfree pairs. */
    private long kmallocPairs(int gfp) {
        kernel.spawn(TaskSpec.process("kmalloc"), k -> {
            long s = 0;
            for (int i = 0; i < PAIRS; i++) {
                long a = slab.kmalloc(64, gfp);
                slab.kfree(a);
                s += a;
            }
            sink += s;
        });
        kernel.runUntilIdle(1_000_000_000L);
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public long allocPagesFreePagesOrder0() {
        kernel.spawn(TaskSpec.process("pages"), k -> {
            long s = 0;
            for (int i = 0; i < PAIRS; i++) {
                long pfn = pages.allocPages(Gfp.GFP_KERNEL, 0);
                pages.freePages(pfn, 0);
                s += pfn;
            }
            sink += s;
        });
        kernel.runUntilIdle(1_000_000_000L);
        return sink;
    }
}
