package org.kernellab.device.disk;

import java.nio.file.Path;

import org.kernellab.api.hw.Machine;

/**
 * Opens the disk model's package-private constructor to the benchmarks (outside OSGi the split
 * package is harmless): an SSD with the configuration's defaults (docs/disk.md) but for its image,
 * its size and its jitter.
 */
public final class BenchDisks {
    private BenchDisks() {}

    public static DiskModel ssd(Machine machine, Path image, long capacitySectors, long jitterNs) {
        DiskSettings s = DiskSettings.defaults();
        s.image = image.toString();
        s.capacitySectors = capacitySectors;
        s.ssdJitterNs = jitterNs;
        return new DiskModel(machine, s);
    }
}
