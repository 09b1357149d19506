package org.kernellab.api.boundary;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the kernel core hands a generated boundary class ({@code XxxChecked}) when it makes one:
 * the check of each method, and the implementation for a boundary made before its
 * implementation may be fetched.
 */
@ProviderType
public interface Boundary {
    /**
     * The check for the interface's method {@code name(parameterTypes)}, read once from its
     * {@link org.kernellab.api.Contract}. Called from the generated constructor.
     */
    Checkpoint checkpoint(String name, Class<?>... parameterTypes);

    /**
     * The implementation, fetched on the first call through a boundary made without one.
     *
     * @throws IllegalStateException when the service behind the boundary is gone
     */
    Object target();

    /**
     * The machine's {@link FastPass}: the same object for the boundary's whole life, whatever
     * machine resets happen meanwhile. Called from the generated constructor.
     *
     * @since 1.1
     */
    FastPass fastPass();
}
