/**
 * Kernel threads (kernel/kthread.c, Linux 6.6): create, run, stop and park a kernel thread
 * whose function checks {@link org.kernellab.api.kthread.Kthread#shouldStop()} and
 * {@link org.kernellab.api.kthread.Kthread#shouldPark()}, instead of a hand-written loop.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.kthread;
