package org.kernellab.api.hw;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the machine is reset (Kernel.reset): time is back at 0 and every task and event is
 * gone. A hardware model re-arms what its programming says should be pending (a periodic timer),
 * and a layer that owns tasks (irq threads, ksoftirqd) creates them again. Registered on the
 * whiteboard.
 *
 * <p>Kernel threads spawned from {@link #machineReset} are the machine's boot threads (ksoftirqd/N):
 * they take pids from a block of their own, so that the tasks of a run keep theirs, and they are
 * created asleep, untraced and off the runqueue, until their first wakeup.
 *
 * <p>Calling context: outside the simulation, with the machine stopped. Guarded: a listener
 * that throws is reported and the others still run.
 */
@ConsumerType
public interface MachineListener {
    void machineReset(Machine machine);
}
