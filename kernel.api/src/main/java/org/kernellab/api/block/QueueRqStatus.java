package org.kernellab.api.block;

/** What {@link BlockDriver#queueRq} answers (blk_status_t's BLK_STS_OK and BLK_STS_RESOURCE in blk-mq's queue_rq). */
public enum QueueRqStatus {
    /** The driver took the request; it holds it until it calls {@link BlockLayer#complete}. */
    OK,
    /**
     * The device cannot take it now (no free tag). The layer keeps the request at the head of the
     * hardware queue's dispatch list and dispatches again when a request completes, or when the
     * driver calls {@link BlockLayer#runQueue}.
     */
    BUSY
}
