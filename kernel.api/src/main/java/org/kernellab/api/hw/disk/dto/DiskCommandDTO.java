package org.kernellab.api.hw.disk.dto;

import org.kernellab.api.hw.disk.DiskOp;
import org.kernellab.api.hw.disk.DiskStatus;

/** A command the device holds: in flight, or completed and not yet reaped. */
public class DiskCommandDTO {
    public int tag;
    public DiskOp op;
    public long sector;
    public int count;
    /** The submitter's cookie, returned unchanged. */
    public long cookie;
    /** Virtual instant of submission, ns. */
    public long submitNs;
    /** Virtual instant the device completes (or completed) it, ns. */
    public long dueNs;
    /** True once the device has completed it (its completion is posted). */
    public boolean completed;
    /** How it completed; null while in flight. */
    public DiskStatus status;
    /** The failure, in words, when status is not OK; null otherwise. */
    public String error;
}
