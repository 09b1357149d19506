package org.kernellab.block.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BioOp;

/**
 * The mq-deadline scheduler (block/mq-deadline.c, Linux 6.6), one priority level: per direction
 * a sector-sorted list and a FIFO of expiry times; batches of up to fifo_batch requests in one
 * direction in sector order from the last dispatched position; reads preferred, but writes are
 * served after writes_starved read batches passed them over; an expired FIFO head restarts the
 * batch from the oldest request.
 */
final class MqDeadline implements Elevator {
    static final String NAME = "mq-deadline";
    private static final int READ = 0, WRITE = 1;

    // block/mq-deadline.c: read_expire = HZ / 2, write_expire = 5 * HZ, writes_starved = 2,
    // fifo_batch = 16, front_merges = 1.
    final long[] fifoExpire;
    final int writesStarved = 2;
    final int fifoBatch = 16;
    final boolean frontMerges = true;

    private static final Comparator<Rq> BY_SECTOR = Comparator.comparingLong((Rq r) -> r.sector).thenComparingLong(r -> r.id);
    @SuppressWarnings("unchecked")
    private final TreeSet<Rq>[] sortList = new TreeSet[] {new TreeSet<>(BY_SECTOR), new TreeSet<>(BY_SECTOR)};
    /** Arrival order; a linked set, so that a request dispatched in sector order leaves it in O(1), as from Linux's list. */
    @SuppressWarnings("unchecked")
    private final LinkedHashSet<Rq>[] fifoList = new LinkedHashSet[] {new LinkedHashSet<>(), new LinkedHashSet<>()};
    /** per_prio->latest_pos: the end of the last request dispatched in each direction. */
    private final long[] latestPos = new long[2];
    private int lastDir = READ;
    private int batching;
    private int starved;

    MqDeadline(int hz) {
        this.fifoExpire = new long[] {hz / 2, 5L * hz};
    }

    @Override public String name() { return NAME; }

    private static int dir(BioOp op) { return op == BioOp.READ ? READ : WRITE; }

    @Override
    public Rq bioMerge(Bio bio, Merges limits) {
        int d = dir(bio.op());
        TreeSet<Rq> sorted = sortList[d];
        // elv_merge: a back merge (a request ending where the bio starts; Linux finds it in a hash
        // by end sector, here among the requests that start at most max_sectors before), then
        // dd_request_merge's front merge (a request starting where the bio ends).
        long s = bio.sector();
        for (Rq rq : sorted.subSet(Rq.probe(Math.max(0, s - limits.maxSectors)), true, Rq.probe(s), false)) {
            if (limits.kind(rq, bio) == Merges.Kind.BACK) {
                limits.attempt(rq, bio);
                return rq;
            }
        }
        if (!frontMerges) return null;
        long end = s + bio.sectors();
        for (Rq rq : sorted.subSet(Rq.probe(end), true, Rq.probe(end + 1), false)) {
            if (limits.kind(rq, bio) == Merges.Kind.FRONT) {
                sorted.remove(rq);                // dd_request_merged: the sort key changes
                limits.attempt(rq, bio);
                sorted.add(rq);
                return rq;
            }
        }
        return null;
    }

    @Override
    public void insert(Rq rq, long jiffies) {
        int d = dir(rq.op);
        sortList[d].add(rq);
        rq.fifoTime = jiffies + fifoExpire[d];
        fifoList[d].add(rq);
    }

    /** deadline_from_pos: the first request at or after {@code pos} in sector order. */
    private Rq fromPos(int d, long pos) {
        return sortList[d].ceiling(Rq.probe(pos));
    }

    /** deadline_check_fifo: the oldest request of direction {@code d} has expired. */
    private boolean fifoExpired(int d, long jiffies) {
        return !fifoList[d].isEmpty() && jiffies >= fifoList[d].getFirst().fifoTime;
    }

    /** __dd_dispatch_request. */
    @Override
    public Rq dispatch(long jiffies) {
        boolean reads = !fifoList[READ].isEmpty();
        boolean writes = !fifoList[WRITE].isEmpty();
        Rq rq = fromPos(lastDir, latestPos[lastDir]);
        if (rq != null && batching < fifoBatch) {
            // still entitled to batch in this direction
        } else {
            int d;
            if (reads && !(writes && starved++ >= writesStarved)) {
                d = READ;
            } else if (writes) {
                starved = 0;
                d = WRITE;
            } else {
                return null;
            }
            Rq next = fromPos(d, latestPos[d]);
            // an expired deadline, or no higher-sectored request: restart from the oldest one
            rq = fifoExpired(d, jiffies) || next == null ? (fifoList[d].isEmpty() ? null : fifoList[d].getFirst()) : next;
            if (rq == null) return null;
            lastDir = d;
            batching = 0;
        }
        batching++;
        int d = dir(rq.op);
        sortList[d].remove(rq);
        fifoList[d].remove(rq);
        latestPos[d] = rq.end();
        return rq;
    }

    @Override
    public boolean hasWork() { return !fifoList[READ].isEmpty() || !fifoList[WRITE].isEmpty(); }

    @Override
    public List<Rq> drain() {
        List<Rq> all = new ArrayList<>(fifoList[READ]);
        all.addAll(fifoList[WRITE]);
        all.sort(Comparator.comparingLong(r -> r.id));
        for (int d = 0; d < 2; d++) {
            sortList[d].clear();
            fifoList[d].clear();
        }
        return all;
    }
}
