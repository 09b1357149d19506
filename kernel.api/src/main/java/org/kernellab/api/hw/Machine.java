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
     * Applies {@code action} at the machine's next safe point and returns at once: immediately
     * when called from simulated code or while the machine is stopped, else between two events
     * of the run in progress. This is how code on a framework thread (DS activation, a
     * configuration change, a console command) changes simulated state. An action that throws
     * is reported in the kernel log; it does not stop the machine.
     */
    void post(Runnable action);

    /**
     * Runs {@code action} at a safe point and returns its result: at once from simulated code or
     * while the machine is stopped, else at the next step of the run in progress, the caller
     * waiting for that step (not for the whole run).
     */
    <T> T still(Supplier<T> action);

    /**
     * Holds the machine still from its next safe point until the hold is closed: a run in
     * progress waits there (applying what is posted meanwhile), and a new run waits before its
     * first event. From simulated code the machine stops right after the current event, at that
     * exact virtual instant: that is how a scenario applies an outside change (a driver bundle's
     * update, done on a framework thread) at a chosen instant, so that its runs are repeatable.
     * Close the hold from any thread; closing it twice is harmless. Since 1.2.0.
     *
     * @param reason what the machine waits for (the hold's toString, for reports); not blank
     */
    Hold hold(String reason);

    /** A hold on the machine ({@link #hold}). */
    interface Hold extends AutoCloseable {
        /** Ends this hold; the machine goes on once no other hold remains. */
        @Override
        void close();
    }
}
