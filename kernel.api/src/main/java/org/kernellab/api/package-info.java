/** Kernel services: tasks, run control, execution contexts and their contracts, printk. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kernellab.api;
