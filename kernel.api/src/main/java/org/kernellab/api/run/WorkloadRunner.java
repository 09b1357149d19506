package org.kernellab.api.run;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs workloads, each on a machine of its own booted for the run and shut down after it.
 * Thread-safe: runs from several threads go in parallel and do not affect each other, and a
 * run's result depends only on its {@link RunSpec}.
 */
@ProviderType
public interface WorkloadRunner {
    /**
     * Runs {@code spec} to the workload's stop, or until every task has exited.
     *
     * @throws IllegalArgumentException naming the policy or parameter, when the policy is
     *         unknown or refuses a parameter (nothing runs)
     * @throws java.util.concurrent.CancellationException when the monitor cancels it
     */
    RunResult run(RunSpec spec, RunMonitor monitor);

    /** {@link #run(RunSpec, RunMonitor)} with {@link RunMonitor#NONE}. */
    default RunResult run(RunSpec spec) {
        return run(spec, RunMonitor.NONE);
    }

    /** The names {@link RunSpec#policy()} may take: {@code fair} first, then each provider's. */
    List<String> policies();
}
