package org.kernellab.api.sched.core;

import java.util.Collection;
import java.util.SplittableRandom;

import org.kernellab.api.LogLevel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The machine as the scheduler core sees it. Implemented by kernel.core, one per machine. Every
 * method is for the simulation's single execution (or the machine held still from outside),
 * except {@link #post}, which any thread may call.
 */
@ProviderType
public interface SchedMachine {
    int nrCpus();

    /** Which machine this is, for status views: "kernel" for the framework's machine, else a caller-chosen label. */
    String label();

    int hz();

    /** The tick period, ns. */
    long tickNs();

    /** The virtual time of the execution that calls, or of the machine when stopped, ns. */
    long now();

    /** The clock of {@code cpu} (rq_clock), ns. */
    long clock(int cpu);

    /** The CPU whose execution calls, or -1 outside a CPU (a hardware event, the console). */
    int thisCpu();

    /** rq->curr. */
    KTask current(int cpu);

    /** rq->idle: swapper/N. */
    KTask idleTask(int cpu);

    /** resched_curr(): sets need_resched on {@code cpu} and makes it reschedule at its next preemption point. */
    void reschedCurr(int cpu);

    /** Every live task but the idle tasks, in pid order. */
    Collection<? extends KTask> tasks();

    /**
     * A one-shot timer in hardware-event context at {@code atNs} (an hrtimer); returns an id for
     * {@link #cancel}. At its instant it fires after the CPUs' own steps, so that a task whose
     * work ends exactly then sleeps or exits before, say, a quantum-end preemption.
     */
    long timer(long atNs, Runnable fn);

    boolean cancel(long timerId);

    /** Counts a migration (se.nr_migrations) and traces sched_migrate_task. */
    void migrated(KTask p, int fromCpu, int toCpu);

    /** printk. */
    void log(LogLevel level, String message);

    /** A generator seeded from the machine's seed and {@code stream}. */
    SplittableRandom random(String stream);

    /**
     * Runs {@code action} at the machine's next safe point: at once if the caller is the
     * simulation or the machine is stopped, else before the next event of the run in progress.
     * Any thread; actions run in the order posted.
     */
    void post(Runnable action);

    /** A machine generation number: it changes with every reset. */
    long generation();
}
