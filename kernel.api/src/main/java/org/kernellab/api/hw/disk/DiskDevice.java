package org.kernellab.api.hw.disk;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.hw.disk.dto.DiskCommandDTO;
import org.kernellab.api.hw.disk.dto.DiskStatsDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A disk as hardware: 512-byte sectors, a tagged command queue, DMA completions on an
 * interrupt line. Implemented only by a device model; drivers and the block layer call it.
 *
 * <p><b>The device owns every command that reached it.</b> A submitted command runs to
 * completion whether or not a driver is bound. Its completion is posted to the device's
 * completion queue and stays there, its tag busy, until some driver {@linkplain #reap reaps}
 * it. A driver that binds to a device in use lists {@link #inFlight()} and {@link #completed()}
 * and carries on from there: that is what makes a driver swap lose and duplicate nothing. Each
 * completion also raises the device's interrupt line, with or without a handler.
 *
 * <p><b>Calling context.</b> Every method is atomic-safe: it never sleeps, so a hard-IRQ
 * handler may submit and reap. Every method reads or changes simulated state: from simulated
 * code (a task, a handler, a bottom half, a hardware event) it acts at once; from a framework or
 * console thread it is applied at the machine's next safe point ({@code Machine.still}).
 */
@ProviderType
@KernelService
public interface DiskDevice {
    /** The model's name (its configuration's {@code name}), which also names its random streams. */
    @Contract(ATOMIC_SAFE) String name();

    /** The interrupt line raised at each completion. */
    @Contract(ATOMIC_SAFE) int irq();

    /** The CPU the interrupt line is raised at (since 1.1.0). */
    @Contract(ATOMIC_SAFE) int irqCpu();

    /** Size in 512-byte sectors. */
    @Contract(ATOMIC_SAFE) long capacitySectors();

    /** Tags run 0 .. queueDepth() - 1 (32, as in SATA NCQ). */
    @Contract(ATOMIC_SAFE) int queueDepth();

    /** The latency model: {@code ssd} or {@code hdd}. */
    @Contract(ATOMIC_SAFE) String latencyModel();

    /**
     * Queues {@code command} under its tag. Returns 0 when the device took it, {@code -EBUSY}
     * when the tag holds a command in flight or a completion not yet reaped, {@code -EINVAL}
     * when the tag is outside 0 .. queueDepth() - 1. A command that reaches past the last sector
     * is the caller's bug (the block layer checks the range first, as bio_check_eod does) and
     * throws IllegalArgumentException.
     */
    @Contract(ATOMIC_SAFE) int submit(DiskCommand command);

    /**
     * Takes up to {@code max} posted completions off the completion queue, oldest first, and
     * frees their tags.
     */
    @Contract(ATOMIC_SAFE) List<DiskCommandDTO> reap(int max);

    /** The commands in flight, in tag order. */
    @Contract(ATOMIC_SAFE) List<DiskCommandDTO> inFlight();

    /** The posted completions not yet reaped, oldest first; reaping nothing. */
    @Contract(ATOMIC_SAFE) List<DiskCommandDTO> completed();

    /**
     * Marks {@code sector} unreadable (or readable again). A command that touches a bad sector
     * when it completes completes with MEDIA_ERROR and transfers nothing.
     */
    @Contract(ATOMIC_SAFE) void setBadSector(long sector, boolean bad);

    /** The bad sectors, ascending. */
    @Contract(ATOMIC_SAFE) long[] badSectors();

    @Contract(ATOMIC_SAFE) DiskStatsDTO stats();

    /**
     * Interrupt coalescing, as NVMe's Interrupt Coalescing feature (Feature Identifier 08h) sets
     * it: the device raises its line once {@code threshold} completions have been posted since
     * the last interrupt, or {@code timeNs} after the first of them, whichever comes first
     * (NVMe counts the time in 100 µs units; KernelLab takes ns).
     * {@code threshold} 1 (or {@code timeNs} 0) interrupts at every completion, the default.
     * The setting belongs to the device: it survives a driver swap and is reset by a power
     * cycle (a reboot), as a controller reset resets NVMe's features. Since 1.2.0.
     *
     * @throws IllegalArgumentException for a threshold outside 1..256 (the feature's 8-bit,
     *     0's based field) or a negative time
     */
    @Contract(ATOMIC_SAFE) void setCoalescing(int threshold, long timeNs);

    /** The coalescing threshold set last (1: every completion interrupts). Since 1.2.0. */
    @Contract(ATOMIC_SAFE) int coalescingThreshold();

    /** The coalescing time set last, in ns. Since 1.2.0. */
    @Contract(ATOMIC_SAFE) long coalescingTimeNs();
}
