package org.kernellab.softirq.impl;

import java.util.function.LongFunction;

import org.kernellab.api.hw.Machine;

/**
 * State that belongs to one machine generation: a reset discards it, and simulated code builds
 * it afresh on first use in the next generation. The softirq, tasklet and workqueue layers keep
 * their per-CPU state in one. Written only by simulated code; readers outside the simulation see
 * the state of the current generation, or null.
 */
final class PerGeneration<T> {
    private record Slot<T>(long generation, T state) {}

    private final Machine machine;
    private final LongFunction<T> make;
    private volatile Slot<T> slot;

    PerGeneration(Machine machine, LongFunction<T> make) {
        this.machine = machine;
        this.make = make;
    }

    /** The state of the current generation for simulated code, made on first use. */
    T live() {
        long g = machine.generation();
        Slot<T> s = slot;
        if (s == null || s.generation != g) {
            s = new Slot<>(g, make.apply(g));
            slot = s;
        }
        return s.state;
    }

    /** The state of the current generation, or null when it has none yet. */
    T readable() {
        Slot<T> s = slot;
        return s != null && s.generation == machine.generation() ? s.state : null;
    }
}
