package org.kernellab.api.hw;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hardware-model event, fired at its virtual instant. It runs outside any CPU's execution
 * context: it may change device state and raise interrupt lines, and nothing else.
 */
@ConsumerType
@FunctionalInterface
public interface HwEvent {
    void fire(long nowNs);
}
