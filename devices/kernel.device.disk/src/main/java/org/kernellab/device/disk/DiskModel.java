package org.kernellab.device.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.kernellab.api.Errno;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.hw.disk.DiskCommand;
import org.kernellab.api.hw.disk.DiskDevice;
import org.kernellab.api.hw.disk.DiskOp;
import org.kernellab.api.hw.disk.DiskStatus;
import org.kernellab.api.hw.disk.dto.DiskCommandDTO;
import org.kernellab.api.hw.disk.dto.DiskStatsDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The disk hardware: sectors in an image file, a tagged command queue of depth 32 (SATA NCQ's),
 * a latency model, DMA completions posted to a completion queue and signalled on an interrupt
 * line, and media errors. The model, not the driver, owns every command it accepted: commands
 * complete while no driver is bound, and their completions wait, tags busy, until a driver reaps
 * them. See docs/disk.md for the model, its parameters and where it simplifies.
 *
 * <p><b>Who touches what.</b> Every field below is simulated state. It is changed only by
 * simulated code: the {@link DiskDevice} methods, which run at once from simulated code and at
 * the machine's next safe point from a framework thread ({@code Machine.still}); the completion
 * events; and the power cycle and retirement that {@link #machineReset} and {@link #deactivate}
 * post. One execution at a time, so nothing here locks (docs/safe-points.md).
 */
@Component(service = {DiskDevice.class, MachineListener.class}, configurationPid = "org.kernellab.device.disk")
@Designate(ocd = DiskModel.Config.class)
public final class DiskModel implements DiskDevice, MachineListener {
    @ObjectClassDefinition(name = "KernelLab disk", description = "A disk's hardware model; units and defaults in docs/disk.md.")
    public @interface Config {
        @AttributeDefinition(description = "Device name; also names its random streams (disk.<name>.jitter, disk.<name>.spindle).")
        String name() default "disk0";
        /** 14: the PC's line for the primary ATA channel. */
        @AttributeDefinition(description = "Interrupt line raised at each completion (0..63).", min = "0", max = "63")
        int irq() default 14;
        @AttributeDefinition(description = "CPU the interrupt is delivered to.", min = "0")
        int irq_cpu() default 0;
        /** 1 GiB. */
        @AttributeDefinition(description = "Size in 512-byte sectors.", min = "1")
        long capacity_sectors() default 2_097_152;
        @AttributeDefinition(description = "Image file holding the sectors, relative to the working directory; created sparse on first use. Empty: .kernel/<name>.img.", required = false)
        String image() default "";
        @AttributeDefinition(description = "Latency model.", options = {
            @org.osgi.service.metatype.annotations.Option(label = "SSD", value = "ssd"),
            @org.osgi.service.metatype.annotations.Option(label = "rotating disk", value = "hdd")})
        String model() default "ssd";
        @AttributeDefinition(description = "Sectors that fail with MEDIA_ERROR.", required = false)
        long[] bad_sectors() default {};
        // SSD defaults: a SATA SSD of the Samsung 860 EVO class (docs/disk.md derives each figure)
        @AttributeDefinition(description = "SSD: base latency of a read, ns.", min = "0")
        long ssd_read_ns() default 92_000;
        @AttributeDefinition(description = "SSD: base latency of a write, ns.", min = "0")
        long ssd_write_ns() default 14_000;
        @AttributeDefinition(description = "SSD: latency of a flush, ns.", min = "0")
        long ssd_flush_ns() default 14_000;
        @AttributeDefinition(description = "SSD: transfer time per sector, ns.", min = "0")
        long ssd_sector_ns() default 931;
        @AttributeDefinition(description = "SSD: the jitter is uniform in 0..this, ns.", min = "0")
        long ssd_jitter_ns() default 5_000;
        @AttributeDefinition(description = "SSD: commands served in parallel.", min = "1")
        int ssd_channels() default 8;
        // rotating defaults: a 7200 rpm desktop drive of the Seagate Barracuda 7200.12 class (docs/disk.md)
        @AttributeDefinition(description = "Rotating: spindle speed, revolutions per minute.", min = "1")
        int hdd_rpm() default 7200;
        @AttributeDefinition(description = "Rotating: seek to the next track, ns.", min = "0")
        long hdd_track_to_track_ns() default 800_000;
        /** Makes the linear seek curve's mean over random pairs of tracks the datasheet's 8.5 ms average seek. */
        @AttributeDefinition(description = "Rotating: seek across every track, ns.", min = "0")
        long hdd_full_stroke_ns() default 23_900_000;
        @AttributeDefinition(description = "Rotating: media transfer rate, bytes per second.", min = "512")
        long hdd_transfer_bytes_per_s() default 125_000_000;
    }

    /** SATA NCQ's queue depth, tags 0..31 (ATA_MAX_QUEUE in include/linux/libata.h). */
    public static final int QUEUE_DEPTH = 32;

    /** A command the device holds, from submission until its completion is reaped. */
    private static final class Cmd {
        final DiskCommand c;
        /** A WRITE's data, taken at submission. */
        final byte[] data;
        final long submitNs;
        long dueNs;
        long eventId = -1;
        boolean completed;
        DiskStatus status;
        String error;

        Cmd(DiskCommand c, long submitNs) {
            this.c = c;
            this.submitNs = submitNs;
            this.data = c.op() == DiskOp.WRITE ? java.util.Arrays.copyOf(c.buffer(), c.count() * DiskCommand.SECTOR_SIZE) : null;
        }
    }

    private final Machine machine;
    private final DiskSettings s;
    private final Image image;
    private final TreeSet<Long> bad = new TreeSet<>();

    // ---- the queue: simulated state ----
    /** By tag: null when free; else in flight or completed and not reaped. */
    private final Cmd[] tags = new Cmd[QUEUE_DEPTH];
    /** Completions posted and not reaped, in completion order. */
    private final ArrayDeque<Cmd> posted = new ArrayDeque<>();
    private Latency latency;
    private boolean retired;

    // ---- interrupt coalescing (NVMe Feature 08h): simulated state ----
    private int coalesceThreshold = 1;
    private long coalesceNs;
    /** Completions posted since the line was last raised. */
    private int uncounted;
    /** The aggregation timer's event, or -1. */
    private long coalesceEvent = -1;

    // ---- counters since the last reset: simulated state ----
    private int inFlight;
    private long busySince;
    private long busyNs;
    private long weightedDoneNs;
    private final long[] completedOps = new long[DiskOp.values().length];
    private final long[] opNs = new long[DiskOp.values().length];
    private long sectorsRead;
    private long sectorsWritten;
    private long mediaErrors;

    @Activate
    public DiskModel(Config config, @Reference Machine machine) {
        this(machine, DiskSettings.of(config));
    }

    DiskModel(Machine machine, DiskSettings settings) {
        Path path = settings.check(machine.nrCpus());
        this.machine = machine;
        this.s = settings;
        this.image = new Image(path, settings.capacitySectors, "image");
        for (long b : settings.badSectors) bad.add(b);
        this.latency = Latency.of(settings, machine);
    }

    /**
     * The model goes away (its bundle stops, or its configuration changes and DS replaces it): a
     * disk pulled out. Posted to the machine: at the current instant the commands still in flight
     * are dropped and the image is closed, so no event of this model runs after a successor over
     * the same image has started.
     */
    @Deactivate
    void deactivate() {
        machine.post(this::retire);
    }

    private void retire() {
        for (Cmd c : tags) if (c != null && c.eventId >= 0) machine.cancel(c.eventId);
        if (coalesceEvent >= 0) machine.cancel(coalesceEvent);
        java.util.Arrays.fill(tags, null);
        posted.clear();
        inFlight = 0;
        retired = true;
        image.close();
    }

    /** Time restarted at 0 with no events: a power cycle. The queue and counters empty; the medium and its bad sectors stay. */
    @Override
    public void machineReset(Machine m) {
        machine.post(this::powerCycle);
    }

    private void powerCycle() {
        if (retired) return;
        java.util.Arrays.fill(tags, null);
        posted.clear();
        inFlight = 0;
        busySince = 0;
        busyNs = 0;
        weightedDoneNs = 0;
        java.util.Arrays.fill(completedOps, 0);
        java.util.Arrays.fill(opNs, 0);
        sectorsRead = 0;
        sectorsWritten = 0;
        mediaErrors = 0;
        latency = Latency.of(s, machine); // the seed may have changed with the reboot
        coalesceThreshold = 1; // a controller reset restores the features' defaults
        coalesceNs = 0;
        uncounted = 0;
        coalesceEvent = -1;
    }

    @Override public String name() { return s.name; }
    @Override public int irq() { return s.irq; }
    @Override public int irqCpu() { return s.irqCpu; }
    @Override public long capacitySectors() { return s.capacitySectors; }
    @Override public int queueDepth() { return QUEUE_DEPTH; }
    @Override public String latencyModel() { return s.model; }

    @Override
    public int submit(DiskCommand command) {
        if (command == null) throw new IllegalArgumentException("command must not be null");
        return machine.still(() -> submitNow(command));
    }

    private int submitNow(DiskCommand command) {
        if (retired) throw new IllegalStateException(s.name + " is gone: its model was deactivated");
        int tag = command.tag();
        if (tag < 0 || tag >= QUEUE_DEPTH) return -Errno.EINVAL;
        if (tags[tag] != null) return -Errno.EBUSY;
        if (command.op() != DiskOp.FLUSH && command.sector() + command.count() > s.capacitySectors) {
            throw new IllegalArgumentException("sector " + command.sector() + " count " + command.count() + " runs past the end of "
                    + s.name + " (" + s.capacitySectors + " sectors)");
        }
        image.open();
        long now = machine.now();
        Cmd c = new Cmd(command, now);
        c.dueNs = latency.due(now, command.op(), command.sector(), command.count());
        c.eventId = machine.at(c.dueNs, at -> complete(c, at));
        tags[tag] = c;
        if (inFlight++ == 0) busySince = now;
        return 0;
    }

    /** The DMA completion, at its virtual instant. */
    private void complete(Cmd c, long now) {
        c.eventId = -1;
        DiskCommand k = c.c;
        long badAt = firstBad(k);
        if (badAt >= 0) {
            c.status = DiskStatus.MEDIA_ERROR;
            c.error = "uncorrectable media error at sector " + badAt;
        } else {
            try {
                transfer(c);
                c.status = DiskStatus.OK;
            } catch (IOException e) {
                c.status = DiskStatus.MEDIA_ERROR;
                c.error = "the image '" + image.path() + "' failed: " + e;
            }
        }
        account(c, now);
        c.completed = true;
        posted.add(c);
        signal(now);
    }

    /**
     * Raises the line for a posted completion, or aggregates it: with coalescing on, the line is
     * raised at the threshold's completion or when the aggregation time since the first one has
     * passed.
     */
    private void signal(long now) {
        uncounted++;
        if (coalesceThreshold <= 1 || coalesceNs == 0 || uncounted >= coalesceThreshold) {
            raiseCoalesced();
            return;
        }
        if (coalesceEvent < 0) coalesceEvent = machine.at(now + coalesceNs, at -> {
            coalesceEvent = -1;
            if (uncounted > 0) raiseCoalesced();
        });
    }

    private void raiseCoalesced() {
        uncounted = 0;
        if (coalesceEvent >= 0) {
            machine.cancel(coalesceEvent);
            coalesceEvent = -1;
        }
        machine.raiseIrq(s.irq, s.irqCpu);
    }

    @Override
    public void setCoalescing(int threshold, long timeNs) {
        if (threshold < 1 || threshold > 256) {
            throw new IllegalArgumentException("threshold " + threshold + " is outside 1..256 (NVMe's aggregation threshold is an 8-bit, 0's based count)");
        }
        if (timeNs < 0) throw new IllegalArgumentException("timeNs " + timeNs + " is negative");
        machine.still(() -> {
            coalesceThreshold = threshold;
            coalesceNs = timeNs;
            // what was aggregated under the old setting is signalled now, so that nothing waits for a timer that no longer applies
            if (uncounted > 0) raiseCoalesced();
            return null;
        });
    }

    @Override public int coalescingThreshold() { return machine.still(() -> coalesceThreshold); }

    @Override public long coalescingTimeNs() { return machine.still(() -> coalesceNs); }

    private long firstBad(DiskCommand k) {
        if (k.op() == DiskOp.FLUSH) return -1;
        Long b = bad.ceiling(k.sector());
        return b != null && b < k.sector() + k.count() ? b : -1;
    }

    private void transfer(Cmd c) throws IOException {
        DiskCommand k = c.c;
        long offset = k.sector() * DiskCommand.SECTOR_SIZE;
        int len = k.count() * DiskCommand.SECTOR_SIZE;
        switch (k.op()) {
            case READ -> image.read(offset, k.buffer(), len);
            case WRITE -> image.write(offset, c.data, len);
            case FLUSH -> image.force();
        }
    }

    private void account(Cmd c, long now) {
        DiskCommand k = c.c;
        int op = k.op().ordinal();
        completedOps[op]++;
        opNs[op] += now - c.submitNs;
        weightedDoneNs += now - c.submitNs;
        if (c.status == DiskStatus.OK) {
            if (k.op() == DiskOp.READ) sectorsRead += k.count();
            if (k.op() == DiskOp.WRITE) sectorsWritten += k.count();
        } else {
            mediaErrors++;
        }
        if (--inFlight == 0) busyNs += now - busySince;
    }

    @Override
    public List<DiskCommandDTO> reap(int max) {
        if (max < 0) throw new IllegalArgumentException("max " + max + " is negative");
        return machine.still(() -> reapNow(max));
    }

    private List<DiskCommandDTO> reapNow(int max) {
        List<DiskCommandDTO> out = new ArrayList<>(Math.min(max, posted.size()));
        while (out.size() < max && !posted.isEmpty()) {
            Cmd c = posted.poll();
            tags[c.c.tag()] = null;
            out.add(dto(c));
        }
        return out;
    }

    @Override
    public List<DiskCommandDTO> inFlight() {
        return machine.still(this::inFlightNow);
    }

    private List<DiskCommandDTO> inFlightNow() {
        List<DiskCommandDTO> out = new ArrayList<>();
        for (Cmd c : tags) if (c != null && !c.completed) out.add(dto(c));
        return out;
    }

    @Override
    public List<DiskCommandDTO> completed() {
        return machine.still(this::completedNow);
    }

    private List<DiskCommandDTO> completedNow() {
        List<DiskCommandDTO> out = new ArrayList<>(posted.size());
        for (Cmd c : posted) out.add(dto(c));
        return out;
    }

    private static DiskCommandDTO dto(Cmd c) {
        DiskCommandDTO d = new DiskCommandDTO();
        d.tag = c.c.tag();
        d.op = c.c.op();
        d.sector = c.c.sector();
        d.count = c.c.count();
        d.cookie = c.c.cookie();
        d.submitNs = c.submitNs;
        d.dueNs = c.dueNs;
        d.completed = c.completed;
        d.status = c.status;
        d.error = c.error;
        return d;
    }

    @Override
    public void setBadSector(long sector, boolean isBad) {
        if (sector < 0 || sector >= s.capacitySectors) {
            throw new IllegalArgumentException("sector " + sector + " is outside " + s.name + "'s sectors 0.." + (s.capacitySectors - 1));
        }
        machine.still(() -> isBad ? bad.add(sector) : bad.remove(sector));
    }

    @Override
    public long[] badSectors() {
        return machine.still(() -> bad.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public DiskStatsDTO stats() {
        return machine.still(this::statsNow);
    }

    private DiskStatsDTO statsNow() {
        long now = machine.now();
        DiskStatsDTO d = new DiskStatsDTO();
        d.readsCompleted = completedOps[DiskOp.READ.ordinal()];
        d.readNs = opNs[DiskOp.READ.ordinal()];
        d.sectorsRead = sectorsRead;
        d.writesCompleted = completedOps[DiskOp.WRITE.ordinal()];
        d.writeNs = opNs[DiskOp.WRITE.ordinal()];
        d.sectorsWritten = sectorsWritten;
        d.flushesCompleted = completedOps[DiskOp.FLUSH.ordinal()];
        d.flushNs = opNs[DiskOp.FLUSH.ordinal()];
        d.mediaErrors = mediaErrors;
        d.inFlight = inFlight;
        d.unreaped = posted.size();
        d.busyNs = busyNs + (inFlight > 0 ? now - busySince : 0);
        long weighted = weightedDoneNs;
        for (Cmd c : tags) if (c != null && !c.completed) weighted += now - c.submitNs;
        d.weightedNs = weighted;
        return d;
    }
}
