package org.kernellab.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Puts an implementation of a {@link KernelService} interface behind the kernel's checking
 * boundary. Registered services need nothing: the core hides every raw kernel-service
 * registration from other bundles and publishes a checked proxy for it. This is for objects a
 * service hands out itself (a lock from a factory, a handle), which no registry sees.
 */
@ProviderType
public interface ContractBoundary {
    /** Refuses (IllegalArgumentException) an interface with a method that has no {@link Contract}. */
    <T> T wrap(Class<T> serviceInterface, T implementation);
}
