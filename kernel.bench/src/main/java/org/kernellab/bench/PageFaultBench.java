package org.kernellab.bench;

import java.util.concurrent.TimeUnit;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Mman;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.mm.impl.PageAllocatorImpl;
import org.kernellab.mm.vm.VmService;
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
 * Wall-clock cost of one minor page fault as a task makes it: a user process touches each page
 * of a fresh anonymous mapping once (do_anonymous_page: a frame from the page allocator,
 * clear_page, a PTE, the fault's simulated CPU time), through the checked boundary
 * ({@code boundary}: {@code AddressSpacesChecked}, the USER_ACCESS check on every call) or
 * straight into the service ({@code direct}). An invocation spawns one process that maps
 * {@value #PAGES} pages, touches them all, unmaps them (the frames go back) and does so
 * {@value #ROUNDS} times: {@value #FAULTS} faults, so the spawn, mmap and munmap are spread over
 * them and the score is per fault.
 *
 * <p>{@code faultNs} is the simulated CPU time of a minor fault (the service's cost model): 500
 * as configured by default, or 0 to see the fault without the engine's burst (the compute call
 * returns at once).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xms1g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PageFaultBench {
    static final int PAGES = 1024;
    static final int ROUNDS = 4;
    static final int FAULTS = PAGES * ROUNDS;

    @Param({"boundary", "direct"})
    public String path;

    @Param({"500", "0"})
    public long faultNs;

    private StandaloneMachine machine;
    private Kernel kernel;
    private AddressSpaces mm;

    @Setup(Level.Trial)
    public void boot() {
        machine = new StandaloneMachine(1, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6, "continuation");
        kernel = machine.kernel();
        PageAllocator pages = machine.boundary().wrap(PageAllocator.class, new PageAllocatorImpl(new org.kernellab.mm.impl.MemoryNode(
                kernel, machine.machine(), new org.kernellab.softirq.impl.KthreadLayer(kernel, machine.machine()), 16384, false)));
        VmService svc = new VmService(kernel, pages, null, machine.hrtimers(), machine.machine(), new VmService.Config() {
            @Override public long minor_fault_ns() { return faultNs; }
            @Override public long copy_page_ns() { return 250; }
            @Override public long major_fault_ns() { return 100_000; }
            @Override public int max_map_count() { return 65530; }
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return VmService.Config.class; }
        });
        mm = path.equals("boundary") ? machine.boundary().wrap(AddressSpaces.class, svc) : svc;
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        machine.close();
    }

    @Benchmark
    @OperationsPerInvocation(FAULTS)
    public long minorFault() {
        long[] sum = {0};
        kernel.spawn(TaskSpec.process("toucher"), k -> {
            for (int r = 0; r < ROUNDS; r++) {
                long a = mm.mmap(0, PAGES * 4096L, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                for (int i = 0; i < PAGES; i++) mm.touch(a + i * 4096L, 1, false);
                sum[0] += mm.stats(k.current().pid()).minFlt;
                mm.munmap(a, PAGES * 4096L);
            }
        });
        RunResultDTO res = kernel.runUntilIdle(10_000_000_000L);
        if (!"idle".equals(res.stoppedBy)) throw new IllegalStateException("the toucher did not finish: " + res.stoppedBy);
        return sum[0];
    }
}
