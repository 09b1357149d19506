package org.kernellab.api.hw;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the machine is reset (Kernel.reset): time is back at 0 and every task and event is
 * gone. A hardware model re-arms what its programming says should be pending (a periodic timer),
 * and a layer that owns tasks (irq threads, ksoftirqd) creates them again. Registered on the
 * whiteboard.
 *
 * <p>Calling context: outside the simulation, with the machine stopped. Guarded: a listener
 * that throws is reported and the others still run.
 */
@ConsumerType
public interface MachineListener {
    void machineReset(Machine machine);
}
