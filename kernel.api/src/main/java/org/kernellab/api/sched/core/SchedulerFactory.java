package org.kernellab.api.sched.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by the scheduler bundle; the machine asks it for a {@link Scheduler} each time it
 * boots, so that every machine has its own runqueues and policy instances. Called outside the
 * simulation, with the machine still.
 */
@ConsumerType
public interface SchedulerFactory {
    Scheduler create(SchedMachine machine);
}
