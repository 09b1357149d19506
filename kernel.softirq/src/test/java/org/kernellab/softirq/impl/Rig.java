package org.kernellab.softirq.impl;

import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;

/** A standalone machine with the softirq layer bound and one plain handler per IRQ line. */
final class Rig implements AutoCloseable {
    static final long LIMIT = 10_000_000_000L;

    final StandaloneMachine m;
    final Kernel k;
    final KernelContext ctx;
    final SoftirqLayer softirqs;
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
        this.softirqs = new SoftirqLayer(k, m.machine());
        m.bottomHalf(softirqs);
        m.irqEntry((irq, cpu) -> {
            IntConsumer h = handlers[irq];
            if (h != null) h.accept(cpu);
        });
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
