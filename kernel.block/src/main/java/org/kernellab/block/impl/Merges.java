package org.kernellab.block.impl;

import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BioOp;

/**
 * The merge rules (block/blk-merge.c blk_rq_merge_ok, blk_try_merge, ll_back_merge_fn and
 * ll_front_merge_fn) and the queue limits they check.
 */
final class Merges {
    /** BLK_DEF_MAX_SECTORS (include/linux/blkdev.h, Linux 6.6): 2560 sectors, 1.25 MiB. */
    static final int BLK_DEF_MAX_SECTORS = 2560;
    /** BLK_MAX_SEGMENTS (include/linux/blkdev.h). */
    static final int BLK_MAX_SEGMENTS = 128;

    enum Kind { NONE, BACK, FRONT }

    final int maxSectors;
    final int maxSegments;

    Merges(int maxSectors, int maxSegments) {
        this.maxSectors = maxSectors;
        this.maxSegments = maxSegments;
    }

    /** blk_try_merge after blk_rq_merge_ok: where {@code bio} may join {@code rq}, if anywhere. */
    Kind kind(Rq rq, Bio bio) {
        if (rq.state != Rq.State.QUEUED && rq.state != Rq.State.PLUGGED) return Kind.NONE;
        if (rq.op == BioOp.FLUSH || bio.op() != rq.op) return Kind.NONE;
        if (rq.sectors + bio.sectors() > maxSectors || rq.bios.size() + 1 > maxSegments) return Kind.NONE;
        if (rq.end() == bio.sector()) return Kind.BACK;
        if (rq.sector == bio.sector() + bio.sectors()) return Kind.FRONT;
        return Kind.NONE;
    }

    /** bio_attempt_back_merge / bio_attempt_front_merge: joins {@code bio} to {@code rq}; false if it may not. */
    boolean attempt(Rq rq, Bio bio) {
        switch (kind(rq, bio)) {
            case BACK -> {
                rq.bios.add(bio);
                rq.sectors += bio.sectors();
                return true;
            }
            case FRONT -> {
                rq.bios.add(0, bio);
                rq.sector = bio.sector();
                rq.sectors += bio.sectors();
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
