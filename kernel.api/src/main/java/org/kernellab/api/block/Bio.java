package org.kernellab.api.block;

/**
 * A block I/O (struct bio): one operation on one disk, a contiguous run of 512-byte sectors and
 * the memory it moves. Immutable; the layer never changes a bio, it copies the data of a WRITE
 * into the request when the request is dispatched and copies the data of a READ into
 * {@link #data()} when the request ends.
 *
 * @param disk the disk's name (bio->bi_bdev), e.g. {@code disk0}
 * @param op READ, WRITE or FLUSH
 * @param sector the first sector (bi_iter.bi_sector); 0 for a FLUSH
 * @param data the memory: a positive multiple of 512 bytes for READ and WRITE, null for a FLUSH
 * @param flags REQ_* flags above the op bits (e.g. {@link #REQ_SYNC}); the layer adds REQ_SYNC in
 *     submit_bio_wait as Linux does
 * @param endIo called once when the bio ends; may be null for {@link BlockLayer#submitBioWait}
 */
public record Bio(String disk, BioOp op, long sector, byte[] data, int flags, BioEndIo endIo) {
    /** Bytes per sector (SECTOR_SIZE). */
    public static final int SECTOR_SIZE = 512;
    /** __REQ_SYNC is bit 11 in Linux 6.6 (REQ_OP_BITS 8, then FAILFAST_DEV, _TRANSPORT, _DRIVER). */
    public static final int REQ_SYNC = 1 << 11;

    public Bio {
        if (disk == null || disk.isEmpty()) throw new IllegalArgumentException("disk must name a disk");
        if (op == null) throw new IllegalArgumentException("op must not be null (READ, WRITE or FLUSH)");
        if ((flags & 0xff) != 0) {
            throw new IllegalArgumentException("flags 0x" + Integer.toHexString(flags) + " overlap the op bits 0xff");
        }
        if (op == BioOp.FLUSH) {
            if (sector != 0 || data != null) {
                throw new IllegalArgumentException("a FLUSH carries no data: sector " + sector + " and data "
                        + (data == null ? "null" : data.length + " bytes") + " must be 0 and null");
            }
        } else {
            if (sector < 0) throw new IllegalArgumentException("sector " + sector + " is negative");
            if (data == null || data.length == 0 || data.length % SECTOR_SIZE != 0) {
                throw new IllegalArgumentException("data of " + (data == null ? "null" : data.length + " bytes")
                        + " must be a positive multiple of " + SECTOR_SIZE + " bytes for a " + op);
            }
        }
    }

    public static Bio read(String disk, long sector, byte[] data, BioEndIo endIo) {
        return new Bio(disk, BioOp.READ, sector, data, 0, endIo);
    }

    public static Bio write(String disk, long sector, byte[] data, BioEndIo endIo) {
        return new Bio(disk, BioOp.WRITE, sector, data, 0, endIo);
    }

    public static Bio flush(String disk, BioEndIo endIo) {
        return new Bio(disk, BioOp.FLUSH, 0, null, 0, endIo);
    }

    /** The bio's size in sectors (bio_sectors); 0 for a FLUSH. */
    public int sectors() { return data == null ? 0 : data.length / SECTOR_SIZE; }

    /** The bio with {@code more} flags added. */
    public Bio withFlags(int more) { return new Bio(disk, op, sector, data, flags | more, endIo); }
}
