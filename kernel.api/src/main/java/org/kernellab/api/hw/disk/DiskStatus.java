package org.kernellab.api.hw.disk;

/** How a command completed. */
public enum DiskStatus {
    OK,
    /**
     * The command touched an unreadable sector (an uncorrectable error, ATA's UNC bit) and
     * transferred nothing: a read leaves the buffer untouched, a write leaves the old contents.
     */
    MEDIA_ERROR
}
