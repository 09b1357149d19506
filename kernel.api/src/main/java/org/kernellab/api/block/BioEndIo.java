package org.kernellab.api.block;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bio's completion callback (bio->bi_end_io). Called in the context the request completes in:
 * BLOCK_SOFTIRQ, or the hard-IRQ handler when the layer completes directly (see
 * {@link BlockLayer#complete}). It must not sleep. An exception that escapes is reported and
 * the layer carries on with the next bio.
 */
@ConsumerType
@FunctionalInterface
public interface BioEndIo {
    void endIo(Bio bio, BlkStatus status);
}
