/**
 * Softirqs and tasklets (kernel/softirq.c): the vectors, the softirq service (raise_softirq, open_softirq,
 * the per-CPU statistics behind /proc/softirqs), the handler SPI, and the bottom-half hook the
 * core calls at irq_exit and local_bh_enable.
 *
 * <p>1.1.0 added {@link org.kernellab.api.softirq.Softirqs} and
 * {@link org.kernellab.api.softirq.SoftirqAction}, moved here from the softirq bundle's own
 * {@code org.kernellab.softirq.api} so that the implementation bundle exports nothing. 1.2.0
 * added tasklets: {@link org.kernellab.api.softirq.Tasklets}, {@link org.kernellab.api.softirq.Tasklet}
 * and {@link org.kernellab.api.softirq.TaskletCallback}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kernellab.api.softirq;
