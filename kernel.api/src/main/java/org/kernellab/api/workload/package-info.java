/**
 * Workloads: what a scheduler comparison runs, as immutable values.
 *
 * <p>A {@link org.kernellab.api.workload.Workload} is a machine, an optional stop time and a list
 * of {@link org.kernellab.api.workload.TaskDef task definitions}; each task is a list of
 * {@link org.kernellab.api.workload.Phase phases} (run, sleep, io, yield, lock/unlock of a named
 * mutex, signal/wait on a named event, barrier, timer) repeated {@code loop} times, optionally
 * released periodically. Every time is an integer number of nanoseconds of virtual time.
 *
 * <p>The services read the JSON format of {@code docs/workloads.md} (and rt-app's JSON),
 * write it back, and generate workloads from seeded generators; {@code kernel.workload}
 * provides them. {@link org.kernellab.api.workload.PyRandom} is Python's {@code random}
 * generator, for workloads and policies that must draw exactly what a Python script draws.
 *
 * <p>1.2.0 added {@code Machine.tickAt}, the exact instant of a periodic tick at any HZ.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kernellab.api.workload;
