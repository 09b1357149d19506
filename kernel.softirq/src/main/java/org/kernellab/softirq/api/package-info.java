/**
 * The softirq service: raise_softirq, open_softirq and the per-CPU statistics behind
 * /proc/softirqs. The vectors themselves are {@link org.kernellab.api.softirq.SoftirqVector}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.softirq.api;
