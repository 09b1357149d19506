package org.kernellab.core;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.kernellab.api.Ctx;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.sync.Mutex;
import org.kernellab.api.sync.Spinlock;
import org.kernellab.api.sync.Sync;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the contract boundary costs on the allowed path, in ns per call.
 *
 * <p>The calls are made where they are made for real: in the body of a simulated task, on
 * its virtual thread, holding the baton, in plain process context (preempt_count 0, irqs on).
 * Each invocation lets the task make {@value #CALLS} calls, then run the machine no further:
 * the task computes 1 ns between batches, and the invocation runs the machine for 1 ns. The
 * two baton handoffs per invocation are in every variant, {@code baseline} included.
 *
 * <p>Each {@code call} comes in three variants that run the same implementation code:
 * <ul>
 *   <li>{@code *-proxy}: through the reflective proxy, the fallback for an interface built
 *       without kernel.apt ({@code Contracts.ProxyBoundary}: rule lookup, the context check unless
 *       the rule is ATOMIC_SAFE, reflective dispatch);</li>
 *   <li>{@code *-generated}: through the interface's generated class ({@code XxxChecked}: a
 *       checkpoint field per checked method, then a direct call). This is what bundles get for
 *       Kernel and Mutex; KernelContext and Spinlock, all ATOMIC_SAFE, go out bare, so for them
 *       it shows what a generated class with nothing to check costs, as the core's republished
 *       services of other bundles (PageAllocator, Softirqs) do;</li>
 *   <li>{@code *-direct}: the package-private implementation object, with no boundary.</li>
 * </ul>
 * This class sits in {@code org.kernellab.core} to reach those implementations; outside OSGi
 * the split package is harmless.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=1",
        "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContextCheckBench {
    static final int CALLS = 200_000;

    /**
     * <ul>
     *   <li>baseline: the loop and the blackhole only;</li>
     *   <li>inAtomic: context().inAtomic(), ATOMIC_SAFE: the boundary does no check, only dispatch;</li>
     *   <li>preemptPair: preempt_disable() + preempt_enable(), both ATOMIC_SAFE;</li>
     *   <li>spinPair: spin_lock() + spin_unlock() uncontended, both ATOMIC_SAFE;</li>
     *   <li>mutexPair: mutex_lock() (MAY_SLEEP) + mutex_unlock() (TASK_ONLY) uncontended: two checks;</li>
     *   <li>condResched: cond_resched() with nothing to run, MAY_SLEEP: one check;</li>
     *   <li>check-only: Contracts.check() of a MAY_SLEEP rule called directly: the check without the proxy.</li>
     * </ul>
     */
    @Param({"baseline",
            "inAtomic-proxy", "inAtomic-generated", "inAtomic-direct",
            "preemptPair-proxy", "preemptPair-generated", "preemptPair-direct",
            "spinPair-proxy", "spinPair-generated", "spinPair-direct",
            "mutexPair-proxy", "mutexPair-generated", "mutexPair-direct",
            "condResched-proxy", "condResched-generated", "condResched-direct",
            "check-only"})
    public String call;

    /** A batch of {@code n} calls. */
    private interface Op {
        void run(int n, Blackhole bh);
    }

    private KernelHost host;
    private Op op;
    /** The invocation's blackhole, handed to the task through the baton's happens-before. */
    private Blackhole bh;
    private long batches;

    @Setup(Level.Trial)
    public void boot() {
        host = new KernelHost(MachineConfig.defaults().withCpus(1));
        op = op(call);
        Kernel kernel = host.kernel;
        kernel.spawn(TaskSpec.process("caller"), k -> {
            for (;;) {
                k.compute(1);
                op.run(CALLS, bh);
                batches++;
            }
        });
        // The task starts and stops at its first compute(1): the next run(1) is one batch.
        kernel.run(0);
    }

    private Op op(String name) {
        Supplier<Contracts> contracts = () -> host.engine().contracts;
        ContextOps directCtx = new ContextOps(host::engine);
        KernelContext proxyCtx = Contracts.proxy(KernelContext.class, directCtx, contracts);
        KernelContext generatedCtx = Contracts.generated(KernelContext.class, directCtx, contracts);
        Sync proxySync = new SyncImpl(host::engine, directCtx, new Contracts.Wrapper() {
            @Override
            public <T> T wrap(Class<T> iface, T impl) {
                return Contracts.proxy(iface, impl, contracts);
            }
        });
        Sync generatedSync = new SyncImpl(host::engine, directCtx, new Contracts.Wrapper() {
            @Override
            public <T> T wrap(Class<T> iface, T impl) {
                return Contracts.generated(iface, impl, contracts);
            }
        });
        Sync directSync = new SyncImpl(host::engine, directCtx, new Contracts.Wrapper() {
            @Override
            public <T> T wrap(Class<T> iface, T impl) {
                return impl;
            }
        });
        Kernel directKernel = new KernelImpl(host);
        Kernel proxyKernel = Contracts.proxy(Kernel.class, directKernel, contracts);
        Kernel generatedKernel = Contracts.generated(Kernel.class, directKernel, contracts);
        return switch (name) {
            case "baseline" -> (n, b) -> {
                for (int i = 0; i < n; i++) b.consume(i);
            };
            case "inAtomic-proxy" -> inAtomic(proxyCtx);
            case "inAtomic-generated" -> inAtomic(generatedCtx);
            case "inAtomic-direct" -> inAtomic(directCtx);
            case "preemptPair-proxy" -> preemptPair(proxyCtx);
            case "preemptPair-generated" -> preemptPair(generatedCtx);
            case "preemptPair-direct" -> preemptPair(directCtx);
            case "spinPair-proxy" -> spinPair(proxySync.spinlock("bench"));
            case "spinPair-generated" -> spinPair(generatedSync.spinlock("bench"));
            case "spinPair-direct" -> spinPair(directSync.spinlock("bench"));
            case "mutexPair-proxy" -> mutexPair(proxySync.mutex("bench"));
            case "mutexPair-generated" -> mutexPair(generatedSync.mutex("bench"));
            case "mutexPair-direct" -> mutexPair(directSync.mutex("bench"));
            case "condResched-proxy" -> condResched(proxyKernel);
            case "condResched-generated" -> condResched(generatedKernel);
            case "condResched-direct" -> condResched(directKernel);
            case "check-only" -> {
                Contracts.Rule rule = new Contracts.Rule(Ctx.MAY_SLEEP, "", "bench()");
                yield (n, b) -> {
                    Contracts current = host.engine().contracts;
                    for (int i = 0; i < n; i++) b.consume(current.check(rule));
                };
            }
            default -> throw new IllegalArgumentException("call \"" + name + "\" is not one of the benchmark's variants");
        };
    }

    private static Op inAtomic(KernelContext ctx) {
        return (n, b) -> {
            for (int i = 0; i < n; i++) b.consume(ctx.inAtomic());
        };
    }

    private static Op preemptPair(KernelContext ctx) {
        return (n, b) -> {
            for (int i = 0; i < n; i++) {
                ctx.preemptDisable();
                ctx.preemptEnable();
                b.consume(i);
            }
        };
    }

    private static Op spinPair(Spinlock lock) {
        return (n, b) -> {
            for (int i = 0; i < n; i++) {
                lock.lock();
                lock.unlock();
                b.consume(i);
            }
        };
    }

    private static Op mutexPair(Mutex mutex) {
        return (n, b) -> {
            for (int i = 0; i < n; i++) {
                mutex.lock();
                mutex.unlock();
                b.consume(i);
            }
        };
    }

    private static Op condResched(Kernel kernel) {
        return (n, b) -> {
            for (int i = 0; i < n; i++) {
                kernel.condResched();
                b.consume(i);
            }
        };
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        long reports = host.engine().contracts.reports();
        host.shutdown();
        if (reports != 0) {
            throw new IllegalStateException(call + ": the kernel reported " + reports
                    + " violation(s); the benchmark must stay on the allowed path");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void calls(Blackhole blackhole) {
        bh = blackhole;
        long before = batches;
        host.kernel.run(1);
        if (batches != before + 1) {
            throw new IllegalStateException(call + ": run(1) ran " + (batches - before) + " batches, expected exactly 1");
        }
    }
}
