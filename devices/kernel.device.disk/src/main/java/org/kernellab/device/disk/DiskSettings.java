package org.kernellab.device.disk;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A disk model's settings: the configuration's values, checked. Field names are the
 * configuration's, and every error names the configuration property it is about. The defaults,
 * and the devices they come from, are in docs/disk.md.
 */
final class DiskSettings {
    String name;
    int irq;
    int irqCpu;
    long capacitySectors;
    String image;
    String model;
    long[] badSectors;
    long ssdReadNs;
    long ssdWriteNs;
    long ssdFlushNs;
    long ssdSectorNs;
    long ssdJitterNs;
    int ssdChannels;
    int hddRpm;
    long hddTrackToTrackNs;
    long hddFullStrokeNs;
    long hddTransferBytesPerS;

    private DiskSettings() {
    }

    /** The configuration's defaults: the {@link DiskModel.Config} annotation's, read from it so they are written once. */
    static DiskSettings defaults() {
        return of((DiskModel.Config) java.lang.reflect.Proxy.newProxyInstance(DiskModel.Config.class.getClassLoader(),
                new Class<?>[] {DiskModel.Config.class}, (proxy, method, args) -> method.getDefaultValue()));
    }

    static DiskSettings of(DiskModel.Config c) {
        DiskSettings s = new DiskSettings();
        s.name = c.name();
        s.irq = c.irq();
        s.irqCpu = c.irq_cpu();
        s.capacitySectors = c.capacity_sectors();
        s.image = c.image();
        s.model = c.model();
        s.badSectors = c.bad_sectors();
        s.ssdReadNs = c.ssd_read_ns();
        s.ssdWriteNs = c.ssd_write_ns();
        s.ssdFlushNs = c.ssd_flush_ns();
        s.ssdSectorNs = c.ssd_sector_ns();
        s.ssdJitterNs = c.ssd_jitter_ns();
        s.ssdChannels = c.ssd_channels();
        s.hddRpm = c.hdd_rpm();
        s.hddTrackToTrackNs = c.hdd_track_to_track_ns();
        s.hddFullStrokeNs = c.hdd_full_stroke_ns();
        s.hddTransferBytesPerS = c.hdd_transfer_bytes_per_s();
        return s;
    }

    /** Checks every field against {@code nrCpus}; returns the image path, resolved against the working directory. */
    Path check(int nrCpus) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("name '" + name + "' must be letters, digits, '_', '.' or '-'");
        }
        if (irq < 0 || irq > 63) throw new IllegalArgumentException("irq " + irq + " is out of range 0..63");
        if (irqCpu < 0 || irqCpu >= nrCpus) {
            throw new IllegalArgumentException("irq.cpu " + irqCpu + " does not exist; CPUs are 0.." + (nrCpus - 1));
        }
        if (capacitySectors < 1 || capacitySectors > Long.MAX_VALUE / 512) {
            throw new IllegalArgumentException("capacity.sectors " + capacitySectors + " is out of range 1.." + Long.MAX_VALUE / 512);
        }
        if (!model.equals("ssd") && !model.equals("hdd")) {
            throw new IllegalArgumentException("model '" + model + "' is not a latency model; use ssd or hdd");
        }
        if (badSectors == null) badSectors = new long[0];
        for (long b : badSectors) {
            if (b < 0 || b >= capacitySectors) {
                throw new IllegalArgumentException("bad.sectors holds " + b + ", outside the disk's sectors 0.." + (capacitySectors - 1));
            }
        }
        atLeast("ssd.read.ns", ssdReadNs, 0);
        atLeast("ssd.write.ns", ssdWriteNs, 0);
        atLeast("ssd.flush.ns", ssdFlushNs, 0);
        atLeast("ssd.sector.ns", ssdSectorNs, 0);
        atLeast("ssd.jitter.ns", ssdJitterNs, 0);
        atLeast("ssd.channels", ssdChannels, 1);
        atLeast("hdd.rpm", hddRpm, 1);
        atLeast("hdd.track.to.track.ns", hddTrackToTrackNs, 0);
        atLeast("hdd.full.stroke.ns", hddFullStrokeNs, hddTrackToTrackNs);
        atLeast("hdd.transfer.bytes.per.s", hddTransferBytesPerS, 512);
        return imagePath();
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) throw new IllegalArgumentException(field + " " + value + " must be at least " + min);
    }

    /**
     * The image path, absolute: {@code image}, or {@code .kernel/<name>.img} when it is empty, so
     * that disks with different names get different images. A path that cannot name a file, names
     * a directory, or sits under a regular file or an unwritable directory is refused here,
     * before first use.
     */
    private Path imagePath() {
        String file = image == null || image.isEmpty() ? ".kernel/" + name + ".img" : image;
        Path p;
        try {
            if (file.isBlank()) throw new InvalidPathException(file, "blank");
            p = Path.of(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("image '" + image + "' is not a file path: " + e.getReason());
        }
        if (Files.isDirectory(p)) throw new IllegalArgumentException("image '" + file + "' is a directory (" + p + "), not an image file");
        if (Files.exists(p)) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p) || !Files.isWritable(p)) {
                throw new IllegalArgumentException("image '" + file + "' (" + p + ") is not a regular file this process may read and write");
            }
            return p;
        }
        Path dir = p.getParent();
        while (dir != null && !Files.exists(dir)) dir = dir.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("image '" + file + "' (" + p + ") cannot be created: "
                    + (dir == null ? "no existing parent" : dir + (Files.isDirectory(dir) ? " is not writable" : " is not a directory")));
        }
        return p;
    }
}
