package org.kernellab.device.disk;

import java.nio.file.Path;

import org.kernellab.api.hw.Machine;

/** Opens the disk model's package-private constructor to other bundles' unit tests: a small jitter-free SSD. */
public final class TestDisks {
    private TestDisks() {}

    public static DiskModel ssd(Machine machine, Path image, long capacitySectors) {
        DiskSettings s = DiskSettings.defaults();
        s.image = image.toString();
        s.capacitySectors = capacitySectors;
        s.ssdJitterNs = 0;
        return new DiskModel(machine, s);
    }
}
