package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.sync.Mutex;

/** Task bodies in continuations: what a body may do is what it may do on a thread; pinning halts the machine with a report. */
class ContinuationTest {
    private static MachineConfig config(TaskMechanism tasks) {
        return MachineConfig.defaults().withCpus(2).withTasks(tasks);
    }

    @Test
    void theTestJvm_opensContinuations() {
        assertTrue(Conts.AVAILABLE, "the root pom's kernellab.vm.args opens jdk.internal.vm: " + Conts.WHY_NOT);
        try (TestMachine m = new TestMachine(config(TaskMechanism.CONTINUATION))) {
            assertTrue(m.host.engine().continuations);
            assertTrue(m.dmesg().contains("KernelLab: task bodies run as continuations on the engine's thread"), m.dmesg());
        }
        try (TestMachine m = new TestMachine(config(TaskMechanism.THREAD))) {
            assertTrue(!m.host.engine().continuations);
            assertTrue(m.dmesg().contains("KernelLab: task bodies run on virtual threads (tasks=thread)"), m.dmesg());
        }
    }

    /** Sleeps, kernel mutexes, Java monitors and a throwing body, on both mechanisms: the same trace and the same outcome. */
    @Test
    void blockingCallsLocksMonitorsAndExceptions_sameUnderBothMechanisms() {
        String c = scenario(TaskMechanism.CONTINUATION);
        String t = scenario(TaskMechanism.THREAD);
        assertEquals(t, c);
        assertTrue(c.contains("done 3 oops true"), c);
    }

    private static String scenario(TaskMechanism tasks) {
        try (TestMachine m = new TestMachine(config(tasks)).withTick()) {
            Kernel k = m.host.kernel;
            Mutex mu = m.host.sync.mutex("mu");
            Object monitor = new Object();
            int[] done = {0};
            for (int i = 0; i < 3; i++) {
                k.spawn(TaskSpec.process("w" + i), kk -> {
                    for (int j = 0; j < 5; j++) {
                        mu.lock();
                        kk.compute(300_000);
                        kk.msleep(2);
                        mu.unlock();
                        synchronized (monitor) {
                            kk.compute(100_000);
                        }
                        kk.yieldCpu();
                    }
                    done[0]++;
                });
            }
            k.spawn(TaskSpec.process("bad"), kk -> {
                kk.compute(1_000_000);
                throw new IllegalStateException("a bug in a task body");
            });
            m.host.tracer.start();
            RunResultDTO r = k.runUntilIdle(10_000_000_000L);
            return r.stoppedBy + " " + r.endNs + " digest " + m.host.tracer.digest() + " done " + done[0]
                    + " oops " + m.dmesg().contains("a bug in a task body");
        }
    }

    /** A body that blocks where its continuation cannot be suspended (here, a class initializer) halts the machine with a report instead of deadlocking it. */
    @Test
    void blockingWhilePinned_haltsWithAReport() {
        try (TestMachine m = new TestMachine(config(TaskMechanism.CONTINUATION)).withTick()) {
            Kernel k = m.host.kernel;
            Pinning.kernel = k;
            k.spawn(TaskSpec.process("pinned"), kk -> Pinning.Holder.touch());
            k.spawn(TaskSpec.process("other"), kk -> kk.compute(50_000_000));
            RunResultDTO r = k.runUntilIdle(1_000_000_000L);
            assertEquals("panic", r.stoppedBy);
            assertTrue(r.panic.startsWith("BUG: pinned[1] cannot be switched away: its continuation is pinned"), r.panic);
            assertTrue(m.dmesg().contains("Kernel panic - not syncing: BUG: pinned[1] cannot be switched away"), m.dmesg());
        }
    }

    /** A panic raised while an idle CPU (stepped inline, with no stack of its own) takes an interrupt halts the run cleanly. */
    @Test
    void panicInAnInterruptOnAnIdleCpu_haltsTheRun() {
        for (TaskMechanism tasks : TaskMechanism.values()) {
            try (TestMachine m = new TestMachine(config(tasks).withPolicy(org.kernellab.api.ViolationPolicy.PANIC))) {
                Kernel k = m.host.kernel;
                m.handlers[5] = (irq, cpu) -> k.msleep(1); // sleeping in interrupt context
                m.host.machine.at(2_000_000, now -> m.host.machine.raiseIrq(5, 1));
                RunResultDTO r = k.runUntilIdle(1_000_000_000L);
                assertEquals("panic", r.stoppedBy, tasks.toString());
                assertTrue(r.panic.startsWith("BUG: sleeping function called from invalid context"), r.panic);
                assertEquals("panic", k.run(1_000_000L).stoppedBy, "a panicked machine stays halted");
            }
        }
    }

    static final class Pinning {
        static Kernel kernel;

        static final class Holder {
            static {
                kernel.msleep(5); // a blocking call inside <clinit>
            }

            static void touch() {}
        }
    }

    /**
     * Runs called from one thread after another, as the console, the web view and a test's
     * executor do: a body whose loop the JIT has compiled keeps running. Compiled code may keep
     * Thread.currentThread() across the continuation's yields (it is constant on a virtual
     * thread, the JDK's one user of continuations), so a continuation resumed on another thread
     * than it yielded on saw itself outside the simulation: "compute() must be called from a
     * simulated task", and the task was killed.
     */
    @Test
    void runsFromManyThreads_aCompiledBodyKeepsRunning() throws Exception {
        try (TestMachine m = new TestMachine(config(TaskMechanism.CONTINUATION)).withTick()) {
            Kernel k = m.host.kernel;
            long[] steps = {0};
            k.spawn(TaskSpec.process("busy").onCpu(0), kk -> {
                while (true) {
                    kk.compute(10_000);
                    steps[0]++;
                }
            });
            long total = 0;
            for (int i = 0; i < 40; i++) {
                RunResultDTO[] r = new RunResultDTO[1];
                Thread caller = Thread.ofPlatform().name("caller-" + i).start(() -> r[0] = k.run(100_000_000L));
                caller.join();
                total += 100_000_000L;
                assertEquals("time", r[0].stoppedBy);
                assertTrue(!m.dmesg().contains("Oops"), "run " + i + ":\n" + m.dmesg());
            }
            assertTrue(steps[0] > total / 10_000 * 9 / 10, "the body computed all along: " + steps[0] + " steps");
        }
    }

    /** A run whose calling thread is interrupted stops at its next step, under either mechanism, and the caller stays interrupted. */
    @Test
    void interruptingTheCaller_stopsTheRun() throws Exception {
        for (TaskMechanism tasks : TaskMechanism.values()) {
            try (TestMachine m = new TestMachine(config(tasks)).withTick()) {
                Kernel k = m.host.kernel;
                java.util.concurrent.CountDownLatch computing = new java.util.concurrent.CountDownLatch(1);
                k.spawn(TaskSpec.process("busy"), kk -> {
                    computing.countDown();
                    while (true) kk.compute(10_000);
                });
                RunResultDTO[] r = new RunResultDTO[1];
                boolean[] stillInterrupted = {false};
                Thread caller = Thread.ofPlatform().start(() -> {
                    r[0] = k.run(Long.MAX_VALUE / 2); // only the interrupt can end it
                    stillInterrupted[0] = Thread.currentThread().isInterrupted();
                });
                assertTrue(computing.await(30, java.util.concurrent.TimeUnit.SECONDS), tasks + ": the run started");
                caller.interrupt();
                caller.join(30_000);
                assertTrue(!caller.isAlive(), tasks + ": the interrupted run returned");
                assertEquals("interrupt", r[0].stoppedBy, tasks.toString());
                assertTrue(stillInterrupted[0], tasks + ": the caller's interrupt status is kept");
                assertEquals("time", k.run(1_000_000L).stoppedBy, tasks + ": the next run goes on");
            }
        }
    }

    @Test
    void shutdown_unwindsSuspendedBodies() {
        List<String> unwound = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestMachine m = new TestMachine(config(TaskMechanism.CONTINUATION)).withTick()) {
            Kernel k = m.host.kernel;
            k.spawn(TaskSpec.process("sleeper"), kk -> {
                try {
                    kk.msleep(1_000);
                } finally {
                    unwound.add("finally ran");
                }
            });
            k.run(10_000_000L);
        }
        assertEquals(List.of("finally ran"), unwound);
    }
}
