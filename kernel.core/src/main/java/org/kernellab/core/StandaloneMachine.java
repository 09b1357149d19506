package org.kernellab.core;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.TimeKeeping;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.softirq.BottomHalfEntry;
import org.kernellab.api.sync.Sync;
import org.kernellab.api.trace.Tracer;

/**
 * A machine outside OSGi, for benchmarks and tests in other modules: the same services the
 * DS component registers, wired by hand. Not exported: this package is private to the bundle.
 */
public final class StandaloneMachine implements AutoCloseable {
    private final KernelHost host;

    public StandaloneMachine(int cpus, int hz, long seed, ViolationPolicy policy, PreemptModel model, PreemptLayout layout) {
        host = new KernelHost(new MachineConfig(cpus, hz, seed, policy, model, layout));
    }

    /** {@code tasks}: {@code continuation} or {@code thread}, how task bodies run (the default is the kernellab.tasks property's, else continuation). */
    public StandaloneMachine(int cpus, int hz, long seed, ViolationPolicy policy, PreemptModel model, PreemptLayout layout, String tasks) {
        host = new KernelHost(new MachineConfig(cpus, hz, seed, policy, model, layout, TaskMechanism.parse(tasks)));
    }

    /** True when this machine's task bodies run as continuations (false: on virtual threads). */
    public boolean continuations() { return host.engine().continuations; }

    public StandaloneMachine(int cpus) {
        this(cpus, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
    }

    /**
     * Boots the machine again with NO_HZ idle on or off (kernel/time/tick-sched.c). It takes effect
     * once a tick driver hands its device over ({@link TimeKeeping#tickDevice}); off by default here.
     */
    public StandaloneMachine nohz(boolean on) {
        host.reconfigure(host.config().withNohz(on));
        return this;
    }

    /** Boots the machine again with the interrupt cost model {@code model}: none (the default here), typical, or entry,handler,softirq,exit in ns. */
    public StandaloneMachine irqCost(String model) {
        host.reconfigure(host.config().withIrqCost(IrqCost.parse(model)));
        return this;
    }

    public Kernel kernel() { return host.kernel; }
    public KernelContext context() { return host.context; }
    public Sync sync() { return host.sync; }
    public Tracer tracer() { return host.tracer; }
    public TimeKeeping timeKeeping() { return host.timeKeeping; }
    public Machine machine() { return host.machine; }
    public org.kernellab.api.ContractBoundary boundary() { return host.boundary; }
    public org.kernellab.api.timer.Timers timers() { return host.timers; }
    public org.kernellab.api.timer.HrTimers hrtimers() { return host.hrtimers; }
    /** The softirq service the timers expire through (TIMER_SOFTIRQ, HRTIMER_SOFTIRQ); without one the tick expires them in hard-IRQ context. */
    public void softirqs(org.kernellab.api.softirq.Softirqs s) { host.softirqs(s); }
    /** Boots the machine again with a scheduler from {@code f} (kernel.sched's SchedulerService, for instance). */
    public void schedulerFactory(SchedulerFactory f) { host.schedulerFactory(f); }

    /**
     * The timer interrupt at HZ on every CPU, raised on line 0 and handled by
     * TimeKeeping.tick(), as the timer driver arranges it in the framework. Survives resets.
     */
    public StandaloneMachine withPeriodicTick() {
        host.irqEntry((irq, cpu) -> {
            if (irq == 0) host.timeKeeping.tick();
        });
        org.kernellab.api.hw.MachineListener arm = m -> {
            for (int c = 0; c < m.nrCpus(); c++) armTick(m, c, host.config().hz(), 1);
        };
        host.addListener(arm);
        arm.machineReset(host.machine);
        return this;
    }

    /** Tick {@code k} at its exact instant, the remainder of 10^9/HZ carried (Machine.tickAt), as the clock-event model does. */
    private static void armTick(org.kernellab.api.hw.Machine m, int cpu, int hz, long k) {
        m.atBackground(org.kernellab.api.workload.Machine.tickAt(hz, k), now -> {
            m.raiseIrq(0, cpu);
            armTick(m, cpu, hz, k + 1);
        });
    }
    public void irqEntry(IrqEntry e) { host.irqEntry(e); }
    public void bottomHalf(BottomHalfEntry b) { host.bottomHalf(b); }
    public void addListener(org.kernellab.api.hw.MachineListener l) { host.addListener(l); }
    /** Events processed so far (hardware events), for throughput measurements. */
    public long eventsProcessed() { return host.engine().eventsProcessed; }

    @Override
    public void close() { host.shutdown(); }
}
