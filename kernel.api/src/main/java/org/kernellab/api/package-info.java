/**
 * Kernel services: tasks, run control, execution contexts and their contracts, printk.
 *
 * <p>1.3.0 added {@link org.kernellab.api.TaskSleepHook} and {@code TaskSpec.sleepHook} (the
 * workqueue's PF_WQ_WORKER hook).
 *
 * <p>1.4.0 added {@code Kernel.run(long, boolean, RunMonitor)}, a run the console can stop (Ctrl-C)
 * and watch; {@code Kernel.runUntil} and {@code Kernel.eventCount} (time travel);
 * {@code Kernel.cpuStates} (the live view); {@code Kernel.load} (a workload's tasks in the live
 * machine); {@link org.kernellab.api.TaskDeath} (a service ends the current task with a fatal
 * signal or an Oops) and the errno values EBADF, EACCES, EFAULT, EEXIST.
 *
 * <p>1.5.0 added {@code Kernel.sendSigkill} and {@code Kernel.fatalSignalPending} (SIGKILL sent to
 * another task, which dies at its next safe point) and {@link org.kernellab.api.TaskExitHook} with
 * {@code Kernel.addExitHook}/{@code removeExitHook} (do_exit's exit_mm for services outside the core).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.kernellab.api;
