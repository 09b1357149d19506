/**
 * The one guarded path from the kernel's bundles into plugin code (policies, IRQ handlers,
 * softirq actions, tasklets, work, timers, block drivers, bi_end_io callbacks, posted actions).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.plugin;
