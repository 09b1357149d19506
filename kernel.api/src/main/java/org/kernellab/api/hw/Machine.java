package org.kernellab.api.hw;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/** The simulated machine as hardware models and interrupt code see it. Implemented by the core. */
@ProviderType
public interface Machine {
    /** The virtual time of the current execution, in ns. */
    long now();

    int nrCpus();

    /** Schedules a hardware event at virtual time {@code atNs} (not before now); returns an id for {@link #cancel}. */
    long at(long atNs, HwEvent event);

    /**
     * Like {@link #at}, for periodic housekeeping (a tick): such events alone do not keep
     * {@code runUntilIdle} running.
     */
    long atBackground(long atNs, HwEvent event);

    /** Cancels a scheduled event; false if it already fired or was cancelled. */
    boolean cancel(long eventId);

    /**
     * Asserts interrupt line {@code irq} (0..63) at {@code cpu} now. Lower lines have higher
     * priority. The CPU takes it as soon as its interrupts are enabled and no line of equal or
     * higher priority is in service.
     */
    void raiseIrq(int irq, int cpu);

    /** Masks or unmasks a line at the interrupt controller for every CPU (irq_chip mask/unmask). */
    void setMasked(int irq, boolean masked);

    /** A generator seeded from the run's seed and {@code stream}: the only source of randomness. */
    SplittableRandom random(String stream);

    /** The run's boot generation; it changes on every reset, so models can drop stale state. */
    long generation();

    /**
     * Runs {@code reader} with the machine held still and returns its result: from simulated
     * code at once; from outside, once no run is in progress (a run holds the machine for its
     * whole length) and after the actions posted to the machine are applied. Nothing simulated
     * executes while {@code reader} runs, so what it reads through the kernel's services is one
     * consistent snapshot (procfs renders every file this way). {@code reader} must not run
     * the machine or sleep.
     */
    <T> T hold(Supplier<T> reader);
}
