package org.kernellab.api.block;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A request (struct request) as a driver sees it: one or more merged bios for adjacent sectors,
 * moved as one device command. Owned by the block layer; a driver holds it only from
 * {@link BlockDriver#queueRq} until it calls {@link BlockLayer#complete}.
 */
@ProviderType
public interface Request {
    /**
     * The request's id, unique on its disk for the kernel's lifetime: the cookie a driver gives
     * the device so that whichever driver reaps the completion finds the request again.
     */
    long id();

    String disk();

    BioOp op();

    /** blk_rq_pos(): the first sector. */
    long sector();

    /** blk_rq_sectors(): the sectors it moves; 0 for a FLUSH. */
    int sectors();

    /**
     * The transfer buffer, {@code sectors() * 512} bytes (null for a FLUSH): a WRITE's data,
     * gathered from its bios; where a READ's data goes, to be scattered to its bios when the
     * request ends. The driver hands it to the device as it is.
     */
    byte[] buffer();

    /** cmd_flags above the op bits (REQ_SYNC ...). */
    int flags();

    /** nr_phys_segments: one per bio here (each bio's memory is one contiguous segment). */
    int physSegments();
}
