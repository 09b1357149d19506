package org.kernellab.block.impl;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BioOp;
import org.kernellab.api.block.Request;

/** A request (struct request): merged bios for adjacent sectors, owned by its queue. */
final class Rq implements Request {
    /** Where the request is (enum mq_rq_state, plus where it waits before it is started). */
    enum State { PLUGGED, QUEUED, STARTED, COMPLETE, DONE }

    final long id;
    final String disk;
    final BioOp op;
    long sector;
    int sectors;
    final int flags;
    /** The software queue (CPU) it was allocated on: rq->mq_ctx->cpu. */
    final int cpu;
    /** rq->start_time_ns: when it was allocated, for the ms fields of /proc/diskstats. */
    final long startNs;
    /** mq-deadline's rq->fifo_time, in jiffies. */
    long fifoTime;
    /** The bios in sector order. */
    final List<Bio> bios = new ArrayList<>(2);
    State state;
    /** How it ended, once completed. */
    org.kernellab.api.block.BlkStatus status;
    byte[] buffer;

    Rq(long id, Bio bio, int flags, int cpu, long startNs) {
        this.id = id;
        this.disk = bio.disk();
        this.op = bio.op();
        this.sector = bio.sector();
        this.sectors = bio.sectors();
        this.flags = flags;
        this.cpu = cpu;
        this.startNs = startNs;
        bios.add(bio);
    }

    long end() { return sector + sectors; }

    /** A key for searching a sector-sorted set: sorts before every request at {@code sector}. */
    static Rq probe(long sector) {
        Rq p = new Rq(Long.MIN_VALUE, Bio.flush("probe", null), 0, 0, 0);
        p.sector = sector;
        return p;
    }

    /** Gathers a WRITE's bios into one buffer, or sizes a READ's (blk_rq_map_sg, in spirit). */
    void prepareBuffer() {
        if (op == BioOp.FLUSH || buffer != null) return;
        buffer = new byte[sectors * Bio.SECTOR_SIZE];
        if (op == BioOp.WRITE) {
            int at = 0;
            for (Bio b : bios) {
                System.arraycopy(b.data(), 0, buffer, at, b.data().length);
                at += b.data().length;
            }
        }
    }

    /** Scatters a completed READ's buffer into its bios. */
    void scatter() {
        if (op != BioOp.READ || buffer == null) return;
        int at = 0;
        for (Bio b : bios) {
            System.arraycopy(buffer, at, b.data(), 0, b.data().length);
            at += b.data().length;
        }
    }

    @Override public long id() { return id; }
    @Override public String disk() { return disk; }
    @Override public BioOp op() { return op; }
    @Override public long sector() { return sector; }
    @Override public int sectors() { return sectors; }
    @Override public byte[] buffer() { return buffer; }
    @Override public int flags() { return flags; }
    @Override public int physSegments() { return op == BioOp.FLUSH ? 0 : bios.size(); }

    @Override
    public String toString() {
        return "rq#" + id + " " + op + " " + sector + "+" + sectors + " " + state;
    }
}
