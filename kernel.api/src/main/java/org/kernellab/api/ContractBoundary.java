package org.kernellab.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Puts a kernel service implementation behind the kernel's checking boundary. A bundle that
 * provides a {@link KernelService} registers the object this returns, never the bare
 * implementation, so every caller's context is checked before the implementation runs.
 * Called at component activation, outside the simulation.
 */
@ProviderType
public interface ContractBoundary {
    /** Refuses (IllegalArgumentException) an interface with a method that has no {@link Contract}. */
    <T> T wrap(Class<T> serviceInterface, T implementation);
}
