package org.kernellab.api.run;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Watches a run from the thread that called {@link WorkloadRunner#run}: told of progress at
 * intervals of simulated time, asked whether to give up. Both are called between events, never
 * from simulated code.
 */
@ConsumerType
public interface RunMonitor {
    /** A monitor that watches nothing and never cancels. */
    RunMonitor NONE = new RunMonitor() {};

    /** The run has reached {@code nowNs} of virtual time, after {@code events} events. */
    default void progress(long nowNs, long events) {}

    /** True to stop the run at its next event; the run then throws {@link java.util.concurrent.CancellationException}. */
    default boolean cancelled() {
        return false;
    }
}
