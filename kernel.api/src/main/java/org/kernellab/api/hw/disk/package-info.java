/**
 * The disk as hardware: a sector-addressed device with a tagged command queue (NCQ-like, depth
 * 32), DMA completions posted to a completion queue and signalled on an interrupt line, and
 * media errors. Implemented by the device model ({@code kernel.device.disk}); used by a block
 * layer and by disk driver bundles.
 *
 * <p>A package of its own rather than an addition to {@code org.kernellab.api.hw}: every
 * interrupt and device bundle imports {@code hw}, and the disk API will grow while the block
 * layer and the drivers are written. Kept apart, those changes bump this package alone and
 * rewire only the bundles that use a disk.
 *
 * <p>1.1.0 added {@link org.kernellab.api.hw.disk.DiskDevice#irqCpu()}, so that a driver binding
 * to a device in use can raise the line once to collect completions posted while no handler was
 * registered.
 *
 * <p>1.2.0 added interrupt coalescing ({@link org.kernellab.api.hw.disk.DiskDevice#setCoalescing}),
 * which the second version of the disk driver turns on.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.kernellab.api.hw.disk;
