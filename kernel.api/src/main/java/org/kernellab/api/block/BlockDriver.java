package org.kernellab.api.block;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A disk driver's side of the block layer (struct blk_mq_ops), implemented by driver bundles and
 * attached with {@link BlockLayer#attachDriver}.
 *
 * <p><b>Calling context.</b> The layer calls {@link #queueRq} from whatever context runs the
 * hardware queue: the submitting task, the BLOCK_SOFTIRQ that completed a request, or a posted
 * action. It must not sleep (Linux's blk-mq without BLK_MQ_F_BLOCKING). It is never called while
 * the queue is quiesced or after {@link BlockLayer#detachDriver}. An exception that escapes
 * detaches the driver with a report; the request goes back to the head of the queue.
 */
@ConsumerType
public interface BlockDriver {
    /**
     * queue_rq(): hands {@code request} to the device. {@link QueueRqStatus#OK}: the driver holds
     * it until it calls {@link BlockLayer#complete}. {@link QueueRqStatus#BUSY}: the device cannot
     * take it now; the layer keeps it and tries again later.
     */
    QueueRqStatus queueRq(Request request);
}
