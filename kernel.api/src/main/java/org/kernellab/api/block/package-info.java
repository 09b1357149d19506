/**
 * The block layer (block/ in Linux): what a file system or a task uses to read and write a disk
 * (a {@link org.kernellab.api.block.Bio}, {@code submit_bio}, {@code submit_bio_wait}, plugging),
 * the administration of a disk's request queue (freeze, quiesce, the I/O scheduler,
 * {@code /proc/diskstats}), and the SPI a disk driver implements ({@link org.kernellab.api.block.BlockDriver},
 * in the manner of blk-mq's {@code queue_rq}).
 *
 * <p><b>The layer owns the requests.</b> A driver holds a {@link org.kernellab.api.block.Request}
 * only between {@code queueRq} and its {@link org.kernellab.api.block.BlockLayer#complete}; the
 * layer lists what a driver holds ({@link org.kernellab.api.block.BlockLayer#started}) so that a
 * driver bound later can adopt it, and can freeze and quiesce the queue around a driver change.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.block;
