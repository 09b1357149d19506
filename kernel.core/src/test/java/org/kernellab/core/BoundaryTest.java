package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Contract;
import org.kernellab.api.Ctx;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelService;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.sync.Mutex;
import org.kernellab.api.sync.MutexChecked;

class BoundaryTest {

    /** A kernel service interface of this test: kernel.core's build does not run kernel.apt, so it has no generated class. */
    @KernelService
    public interface Probe {
        @Contract(Ctx.MAY_SLEEP)
        int sleepy();
    }

    public interface Undeclared {
        @Contract(Ctx.ATOMIC_SAFE)
        void fine();

        void forgotten();
    }

    private static final Contracts.Wrapper RAW = new Contracts.Wrapper() {
        @Override
        public <T> T wrap(Class<T> iface, T impl) {
            return impl;
        }
    };

    @Test
    void kernelServices_withAGeneratedClass_goOutBehindIt_atomicSafeOnesBare() {
        try (TestMachine m = new TestMachine()) {
            assertEquals("org.kernellab.api.KernelChecked", m.host.kernel.getClass().getName());
            Mutex mutex = m.host.sync.mutex("m");
            assertEquals(MutexChecked.class, mutex.getClass());
            assertTrue(mutex.toString().startsWith("boundary(org.kernellab.core.SyncImpl$MutexImpl"), mutex.toString());
            assertSame(ContextOps.class, m.host.context.getClass(), "every method ATOMIC_SAFE: nothing to check");
        }
    }

    @Test
    void interfaceWithoutAGeneratedClass_getsTheProxy() {
        try (TestMachine m = new TestMachine()) {
            Probe p = Contracts.wrap(Probe.class, () -> 7, () -> m.host.engine().contracts);
            assertTrue(Proxy.isProxyClass(p.getClass()));
            assertEquals(7, p.sleepy(), "outside the simulation there is no context to break");
            assertNull(Contracts.generated(Probe.class, () -> 7, () -> m.host.engine().contracts));
        }
    }

    @Test
    void interfaceWithAnUndeclaredMethod_isRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Contracts.wrap(Undeclared.class, null, () -> null));
        assertTrue(e.getMessage().contains("Undeclared.forgotten() has no @Contract"), e.getMessage());
    }

    @Test
    void lazyBoundary_fetchesItsImplementationOnTheFirstCall_andSaysWhenItIsGone() {
        try (TestMachine m = new TestMachine()) {
            List<String> fetched = new ArrayList<>();
            Mutex impl = new SyncImpl(m.host::engine, new ContextOps(m.host::engine), RAW).mutex("lazy");
            Mutex lazy = Contracts.wrapLazy(Mutex.class, () -> {
                fetched.add("fetched");
                return impl;
            }, () -> m.host.engine().contracts);
            assertEquals("boundary(not yet used)", lazy.toString());
            assertEquals(List.of(), fetched);
            lazy.isLocked();
            lazy.isLocked();
            assertEquals(List.of("fetched"), fetched);
            Mutex gone = Contracts.wrapLazy(Mutex.class, () -> null, () -> m.host.engine().contracts);
            var e = assertThrows(IllegalStateException.class, gone::isLocked);
            assertEquals("the service behind this boundary is gone", e.getMessage());
        }
    }

    /**
     * The same broken contracts, made through the generated class and through the proxy, give the
     * same reports word for word (the calls come from the same source lines) and the same results.
     */
    @Test
    void brokenContracts_generatedAndProxy_reportTheSame() {
        for (ViolationPolicy policy : new ViolationPolicy[] {ViolationPolicy.WARN, ViolationPolicy.FAIL}) {
            String generated = misuse(policy, (m, impl) -> Contracts.generated(Mutex.class, impl, () -> m.host.engine().contracts));
            String proxied = misuse(policy, (m, impl) -> Contracts.proxy(Mutex.class, impl, () -> m.host.engine().contracts));
            assertTrue(generated.contains("BUG: sleeping function called from invalid context at BoundaryTest.java:"), generated);
            if (policy == ViolationPolicy.FAIL) {
                // under warn, this second report falls within the first one's jiffy and is rate-limited
                assertTrue(generated.contains("DEBUG_LOCKS_WARN_ON(!in_task())"), generated);
                assertTrue(generated.endsWith("[lock: ContextViolationException, tryLock: ContextViolationException]"), generated);
            } else {
                assertTrue(generated.endsWith("[lock: returned, tryLock returned false, tryLock: returned]"), generated);
            }
            assertTrue(generated.contains("KernelLab: rule broken: Mutex.lock()"), generated);
            assertTrue(generated.contains("KernelLab: offending bundle: (not in a bundle: org.kernellab.core.BoundaryTest"), generated);
            assertEquals(proxied, generated, policy.name());
        }
    }

    /**
     * A sleeping call in each context it may or may not be made in (a plain task: the generated
     * class's fast path; preemption off; interrupts off; bottom halves off), under every preemption
     * model (voluntary's might_sleep is also a preemption point): the generated class and the proxy
     * give the same reports and the same trace.
     */
    @Test
    void sleepingCalls_everyContextAndModel_generatedAndProxyAgree() {
        for (PreemptModel model : PreemptModel.values()) {
            String generated = contexts(model, (m, impl) -> Contracts.generated(Mutex.class, impl, () -> m.host.engine().contracts));
            String proxied = contexts(model, (m, impl) -> Contracts.proxy(Mutex.class, impl, () -> m.host.engine().contracts));
            assertEquals(proxied, generated, model.name());
            assertTrue(generated.contains("BUG: sleeping function called from invalid context"), generated);
        }
    }

    private static String contexts(PreemptModel model, Boundaries boundaries) {
        MachineConfig cfg = new MachineConfig(1, 250, 1, ViolationPolicy.WARN, model, PreemptLayout.LINUX_6);
        try (TestMachine m = new TestMachine(cfg).withTick()) {
            Kernel k = m.host.kernel;
            var ctx = m.host.context;
            Mutex mutex = boundaries.wrap(m, new SyncImpl(m.host::engine, new ContextOps(m.host::engine), RAW).mutex("m"));
            for (int t = 0; t < 2; t++) {
                k.spawn(TaskSpec.process("app" + t), kk -> {
                    for (int i = 0; i < 3; i++) {
                        mutex.lock();
                        kk.compute(3_000_000);
                        mutex.unlock();
                        ctx.preemptDisable();
                        mutex.lock();
                        mutex.unlock();
                        kk.compute(5_000_000); // a tick asks for a reschedule that cannot happen here
                        ctx.preemptEnable();
                        mutex.lock(); // under voluntary, might_sleep() is where it happens
                        mutex.unlock();
                        ctx.localIrqDisable();
                        mutex.lock();
                        mutex.unlock();
                        ctx.localIrqEnable();
                        ctx.localBhDisable();
                        mutex.lock();
                        mutex.unlock();
                        ctx.localBhEnable();
                        kk.msleep(5);
                    }
                });
            }
            m.host.tracer.start();
            k.runUntilIdle(1_000_000_000L);
            return m.dmesg() + "\n" + m.host.tracer.text();
        }
    }

    /**
     * The generated gate remembers where a sleeping call was last allowed (a task on a CPU, on a
     * thread) and lets the next one through on a word compare. That memory must not outlive the
     * context: a handler that interrupts the very task whose call was just allowed gets the report,
     * and so does the same boundary object on the next machine after a reset, even when the last
     * run stopped right after an allowed call.
     */
    @Test
    void generatedGate_allowedThenInterruptedOrReset_reportsEachMisuse() {
        MachineConfig cfg = new MachineConfig(1, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
        try (TestMachine m = new TestMachine(cfg)) {
            Mutex mutex = Contracts.generated(Mutex.class,
                    new SyncImpl(m.host::engine, new ContextOps(m.host::engine), RAW).mutex("m"), () -> m.host.engine().contracts);
            List<String> seen = new ArrayList<>();
            m.handlers[4] = (irq, cpu) -> {
                mutex.lock();
                seen.add("handler at " + m.host.engine().now());
            };
            Kernel k = m.host.kernel;
            k.spawn(TaskSpec.process("app"), kk -> {
                for (;;) {
                    mutex.lock(); // allowed: the gate remembers it
                    mutex.unlock();
                    kk.compute(2_000_000); // the interrupt comes in the middle of the first burst
                }
            });
            m.host.machine.at(1_000_000, now -> m.host.machine.raiseIrq(4, 0));
            k.run(5_000_000); // stops in the third burst, right after an allowed call
            String dmesg = m.dmesg();
            assertEquals(1, m.host.engine().contracts.reports(), dmesg);
            assertTrue(dmesg.contains("BUG: sleeping function called from invalid context"), dmesg);
            assertTrue(dmesg.contains("in_atomic(): 1, irqs_disabled(): 1"), dmesg);

            m.host.reset();
            // the first sleeping call of the new machine comes from a handler on its idle CPU
            m.host.machine.at(500_000, now -> m.host.machine.raiseIrq(4, 0));
            k.run(1_000_000);
            assertEquals(1, m.host.engine().contracts.reports(), m.dmesg());
            // warn mode skips the sleeping call in interrupt context: the handler goes on past it
            assertEquals(List.of("handler at 1000000", "handler at 500000"), seen);
        }
    }

    /**
     * The generated class lets a sleeping call through on one word, the machine's fast pass, as
     * long as it admits the calling thread. An allowed call grants it; every way into atomic
     * context must revoke it before the next call, or that call would pass unchecked. Each way in
     * is taken right after an allowed call, with the pass asked directly and through a call that
     * must be reported.
     */
    @Test
    void fastPass_grantedByAnAllowedCall_revokedByEveryWayIntoAtomicContext() {
        MachineConfig cfg = new MachineConfig(1, 250, 1, ViolationPolicy.FAIL, PreemptModel.FULL, PreemptLayout.LINUX_6);
        try (TestMachine m = new TestMachine(cfg)) {
            Kernel k = m.host.kernel;
            var ctx = m.host.context;
            var spin = m.host.sync.spinlock("s");
            Mutex mutex = m.host.sync.mutex("m");
            Contracts.Grant pass = m.host.engine().contracts.fastPass;
            List<String> seen = new ArrayList<>();
            Runnable allowed = () -> {
                mutex.lock();
                mutex.unlock();
            };
            java.util.function.BiConsumer<String, Runnable[]> way = (name, inOut) -> {
                allowed.run();
                boolean before = pass.admits(Thread.currentThread());
                inOut[0].run();
                boolean inside = pass.admits(Thread.currentThread());
                String call;
                try {
                    mutex.lock(); // in atomic context: reported, never let through
                    call = "let through";
                } catch (org.kernellab.api.ContextViolationException refused) {
                    call = "refused";
                }
                inOut[1].run();
                seen.add(name + ": " + before + "/" + inside + "/" + call);
            };
            boolean[] flags = new boolean[1];
            m.handlers[4] = (irq, cpu) -> seen.add("hardirq: " + pass.admits(Thread.currentThread()));
            k.spawn(TaskSpec.process("app"), kk -> {
                way.accept("preempt_disable", new Runnable[] {ctx::preemptDisable, ctx::preemptEnable});
                way.accept("spin_lock", new Runnable[] {spin::lock, spin::unlock});
                way.accept("local_bh_disable", new Runnable[] {ctx::localBhDisable, ctx::localBhEnable});
                way.accept("local_irq_disable", new Runnable[] {ctx::localIrqDisable, ctx::localIrqEnable});
                way.accept("local_irq_save", new Runnable[] {() -> flags[0] = ctx.localIrqSave(), () -> ctx.localIrqRestore(flags[0])});
                way.accept("softirq entry", new Runnable[] {ctx::softirqEnter, ctx::softirqExit});
                allowed.run();
                kk.compute(2_000_000); // the interrupt comes in the middle of it
                allowed.run();
                seen.add("after: " + pass.admits(Thread.currentThread()));
            });
            m.host.machine.at(1_000_000, now -> m.host.machine.raiseIrq(4, 0));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of("preempt_disable: true/false/refused", "spin_lock: true/false/refused", "local_bh_disable: true/false/refused",
                    "local_irq_disable: true/false/refused", "local_irq_save: true/false/refused", "softirq entry: true/false/refused",
                    "hardirq: false", "after: true"), seen, m.dmesg());
        }
    }

    private interface Boundaries {
        Mutex wrap(TestMachine m, Mutex impl);
    }

    /** lock() and tryLock() of a mutex in a hard-IRQ handler; the dmesg and what the calls returned. */
    private static String misuse(ViolationPolicy policy, Boundaries boundaries) {
        MachineConfig cfg = new MachineConfig(1, 250, 1, policy, PreemptModel.FULL, PreemptLayout.LINUX_6);
        try (TestMachine m = new TestMachine(cfg)) {
            Kernel k = m.host.kernel;
            Mutex mutex = boundaries.wrap(m, new SyncImpl(m.host::engine, new ContextOps(m.host::engine), RAW).mutex("m"));
            List<String> results = new ArrayList<>();
            Function<Runnable, String> outcome = call -> {
                try {
                    call.run();
                    return "returned";
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName();
                }
            };
            m.handlers[4] = (irq, cpu) -> {
                results.add("lock: " + outcome.apply(mutex::lock));
                results.add("tryLock: " + outcome.apply(() -> results.add("tryLock returned " + mutex.tryLock())));
            };
            k.spawn(TaskSpec.process("app"), kk -> kk.compute(2_000_000));
            m.host.machine.at(1_000_000, now -> m.host.machine.raiseIrq(4, 0));
            k.runUntilIdle(1_000_000_000L);
            return m.dmesg() + results;
        }
    }
}
