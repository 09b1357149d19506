package org.kernellab.block.impl;

import java.util.List;

import org.kernellab.api.block.Bio;

/** An I/O scheduler with requests of its own (struct elevator_mq_ops). "none" has no elevator. */
interface Elevator {
    String name();

    /**
     * bio_merge: finds a queued request {@code bio} may join at its back or front, merges it and
     * returns the request; null when none fits. {@code limits} decides what may merge.
     */
    Rq bioMerge(Bio bio, Merges limits);

    /** insert_requests: takes a new request. */
    void insert(Rq rq, long jiffies);

    /** dispatch_request: the next request to hand the driver, or null. */
    Rq dispatch(long jiffies);

    boolean hasWork();

    /** Every request it holds, in arrival order; it is empty afterwards. */
    List<Rq> drain();
}
