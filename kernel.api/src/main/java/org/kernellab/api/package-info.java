/**
 * Kernel services: tasks, run control, execution contexts and their contracts, printk.
 *
 * <p>1.3.0 added {@link org.kernellab.api.TaskSleepHook} and {@code TaskSpec.sleepHook} (the
 * workqueue's PF_WQ_WORKER hook). 1.4.0 added {@code Kernel.run(long, boolean, RunMonitor)}, a
 * run the console can stop (Ctrl-C) and watch.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.kernellab.api;
