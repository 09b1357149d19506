/** Softirq vectors and the bottom-half hook run at irq_exit. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.softirq;
