/**
 * The seam between the machine (kernel.core) and the scheduler core (kernel.sched), in the
 * spirit of Linux's split between kernel/sched/core.c and the architecture's switch code: the
 * machine owns CPUs, time, task state and the switch itself; the scheduler owns runqueues,
 * the class stack, picking, wakeup placement, preemption decisions and balancing. See
 * {@code docs/scheduler.md}. Not for policies: they use {@link org.kernellab.api.sched}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.kernellab.api.sched.core;
