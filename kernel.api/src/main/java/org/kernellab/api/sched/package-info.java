/** The scheduling-class SPI, in the spirit of Linux's struct sched_class. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.sched;
