package org.kernellab.core;

/**
 * Where a finished workload run's trace goes so that the console's {@code kernel:trace} shows
 * it: registered by {@link KernelComponent} for the framework's machine, used by
 * {@link RunnerComponent} for runs that keep their trace. Internal to this bundle.
 */
@FunctionalInterface
interface TraceShelf {
    /** From now until the console's machine next runs, resets or traces anew, its Tracer shows {@code run}'s trace. */
    void show(Engine run);
}
