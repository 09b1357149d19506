package org.kernellab.api.hw.disk;

/** What a command asks of the device (the ATA NCQ commands READ/WRITE FPDMA QUEUED, and FLUSH CACHE). */
public enum DiskOp {
    READ,
    WRITE,
    /** Makes every write completed before it durable. Carries no sectors. */
    FLUSH
}
