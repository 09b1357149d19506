package org.kernellab.core;

import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;

/** The machine's configuration, validated: each bad value is refused with its field named. */
record MachineConfig(int cpus, int hz, long seed, ViolationPolicy policy, PreemptModel model, PreemptLayout layout,
                     TaskMechanism tasks, boolean nohz, IrqCost irqCost) {
    /** The kernel release KernelLab reports: the Linux version its facts are pinned to. */
    static final String RELEASE = "6.6.0-kernellab";

    MachineConfig {
        if (cpus < 1 || cpus > 64) throw new IllegalArgumentException("cpus " + cpus + " is out of range 1..64");
        // CONFIG_HZ choices are 100, 250, 300 and 1000 (kernel/Kconfig.hz); any rate in 10..10000 works here
        if (!org.kernellab.api.workload.Machine.validHz(hz)) {
            throw new IllegalArgumentException("hz " + hz + " is out of range 10..10000 (Linux uses 100, 250, 300 or 1000)");
        }
        if (policy == null) throw new IllegalArgumentException("policy must be warn, fail or panic");
        if (model == null) throw new IllegalArgumentException("preempt model must be none, voluntary or full");
        if (layout == null) throw new IllegalArgumentException("preempt layout must be linux-6 or linux-2.6");
        if (tasks == null) throw new IllegalArgumentException("tasks must be continuation or thread");
        if (irqCost == null) throw new IllegalArgumentException("irqcost must be none, typical or entry,handler,softirq,exit in ns");
    }

    /**
     * A machine with the periodic tick on idle CPUs too (no NO_HZ) and free interrupts ({@link IrqCost#NONE}):
     * the machine of the workload runs, the unit tests and {@code StandaloneMachine}.
     */
    MachineConfig(int cpus, int hz, long seed, ViolationPolicy policy, PreemptModel model, PreemptLayout layout, TaskMechanism tasks) {
        this(cpus, hz, seed, policy, model, layout, tasks, false, IrqCost.NONE);
    }

    /** A machine whose task mechanism is the system property's ({@link TaskMechanism#fromSystemProperty}). */
    MachineConfig(int cpus, int hz, long seed, ViolationPolicy policy, PreemptModel model, PreemptLayout layout) {
        this(cpus, hz, seed, policy, model, layout, TaskMechanism.fromSystemProperty());
    }

    static MachineConfig defaults() {
        return new MachineConfig(2, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
    }

    MachineConfig withCpus(int v) { return new MachineConfig(v, hz, seed, policy, model, layout, tasks, nohz, irqCost); }
    MachineConfig withHz(int v) { return new MachineConfig(cpus, v, seed, policy, model, layout, tasks, nohz, irqCost); }
    MachineConfig withSeed(long v) { return new MachineConfig(cpus, hz, v, policy, model, layout, tasks, nohz, irqCost); }
    MachineConfig withPolicy(ViolationPolicy v) { return new MachineConfig(cpus, hz, seed, v, model, layout, tasks, nohz, irqCost); }
    MachineConfig withModel(PreemptModel v) { return new MachineConfig(cpus, hz, seed, policy, v, layout, tasks, nohz, irqCost); }
    MachineConfig withLayout(PreemptLayout v) { return new MachineConfig(cpus, hz, seed, policy, model, v, tasks, nohz, irqCost); }
    MachineConfig withTasks(TaskMechanism v) { return new MachineConfig(cpus, hz, seed, policy, model, layout, v, nohz, irqCost); }
    /** CONFIG_NO_HZ_IDLE: an idle CPU stops its periodic tick (kernel/time/tick-sched.c). */
    MachineConfig withNohz(boolean v) { return new MachineConfig(cpus, hz, seed, policy, model, layout, tasks, v, irqCost); }
    MachineConfig withIrqCost(IrqCost v) { return new MachineConfig(cpus, hz, seed, policy, model, layout, tasks, nohz, v); }
}
