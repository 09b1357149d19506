package org.kernellab.softirq.impl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;

/** A standalone machine with the softirq and tasklet layers bound and one plain handler per IRQ line. */
final class Rig implements AutoCloseable {
    static final long LIMIT = 10_000_000_000L;

    final StandaloneMachine m;
    final Kernel k;
    final KernelContext ctx;
    final SoftirqLayer softirqs;
    final TaskletLayer tasklets;
    final KthreadLayer kthreads;
    /** Workqueues with Linux's thresholds (watchdog 30 s, CPU intensive 10 ms). */
    final WorkqueueLayer wq;
    final IntConsumer[] handlers = new IntConsumer[64];

    Rig(int cpus) {
        this(new StandaloneMachine(cpus));
    }

    Rig(int cpus, ViolationPolicy policy) {
        this(new StandaloneMachine(cpus, 250, 1, policy, PreemptModel.FULL, PreemptLayout.LINUX_6));
    }

    private Rig(StandaloneMachine m) {
        this.m = m;
        this.k = m.kernel();
        this.ctx = m.context();
        this.kthreads = new KthreadLayer(k, m.machine());
        this.softirqs = new SoftirqLayer(k, m.machine(), kthreads);
        m.bottomHalf(softirqs);
        m.softirqs(softirqs); // timers expire through TIMER_SOFTIRQ, as in the framework
        this.tasklets = new TaskletLayer(k, m.machine(), softirqs);
        this.wq = new WorkqueueLayer(k, m.machine(), kthreads, 30, 10_000, false);
        m.irqEntry((irq, cpu) -> {
            IntConsumer h = handlers[irq];
            if (h != null) h.accept(cpu);
        });
    }

    /** Adds the periodic tick on line 0 (jiffies advance, so msleep and timeouts end); other lines keep their handlers. */
    Rig withTick() {
        m.withPeriodicTick();
        m.irqEntry((irq, cpu) -> {
            if (irq == 0) {
                m.timeKeeping().tick();
                return;
            }
            IntConsumer h = handlers[irq];
            if (h != null) h.accept(cpu);
        });
        return this;
    }

    /** Raises {@code line} at {@code cpu} at virtual time {@code atNs}. */
    void irqAt(long atNs, int line, int cpu) {
        m.machine().at(atNs, now -> m.machine().raiseIrq(line, cpu));
    }

    /** Takes one interrupt on every CPU, which makes the layer start ksoftirqd/N, and runs until idle. */
    void boot() {
        for (int c = 0; c < m.machine().nrCpus(); c++) irqAt(0, 63, c);
        k.runUntilIdle(LIMIT);
    }

    /** What the process of {@link #runBurst} saw when it finished. */
    static final class Burst {
        boolean finished;
        int preemptCountAfter = -1;
    }

    /**
     * The usual scene: a process {@code burst} computes {@code ns} while line 5 fires on CPU 0 at
     * each of {@code irqsAtNs}; runs until idle.
     */
    Burst runBurst(long ns, long... irqsAtNs) {
        Burst b = new Burst();
        k.spawn(TaskSpec.process("burst"), t -> {
            t.compute(ns);
            b.preemptCountAfter = t.context().preemptCount();
            b.finished = true;
        });
        for (long at : irqsAtNs) irqAt(at, 5, 0);
        k.runUntilIdle(LIMIT);
        return b;
    }

    /** A might_sleep report from softirq context, with hard interrupts on. */
    static void assertSleepingInSoftirq(String report) {
        assertNotNull(report, "no report");
        assertTrue(report.startsWith("BUG: sleeping function called from invalid context at "), report);
        assertTrue(report.contains("in_atomic(): 1, irqs_disabled(): 0"), report);
    }

    TaskDTO task(String comm) {
        return k.ps().stream().filter(t -> t.comm.equals(comm)).findFirst().orElse(null);
    }

    String dmesg() {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    /** The preempt_count a softirq handler sees on an otherwise clean CPU. */
    int servingOffset() {
        return ServingCount.offset(ctx.layout());
    }

    @Override
    public void close() {
        m.close();
    }
}
