package org.kernellab.api.boundary;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The context check of one method of one checked service object, made before every call to
 * the implementation. Only methods whose contract is not {@code ATOMIC_SAFE} have one.
 */
@ProviderType
public interface Checkpoint {
    /**
     * Checks the caller's context against the method's contract.
     *
     * @return true to make the call; false to skip it and return the return type's default
     *         value (a sleeping call from interrupt context under the {@code warn} policy)
     * @throws org.kernellab.api.ContextViolationException under the {@code fail} policy
     */
    boolean pass();
}
