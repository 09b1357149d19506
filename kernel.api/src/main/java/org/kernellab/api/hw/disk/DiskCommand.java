package org.kernellab.api.hw.disk;

/**
 * One command for a disk's tagged queue, as a driver hands it over (the argument object of
 * {@link DiskDevice#submit}). The record checks what it can by itself; the device checks the tag
 * and the sector range against its own queue depth and capacity.
 *
 * @param tag the queue slot, 0 .. queue depth - 1; busy from submission until the completion
 *     is reaped
 * @param op what to do
 * @param sector the first sector (512 bytes each); 0 for a FLUSH
 * @param count sectors to transfer, 1 .. {@link #MAX_SECTORS}; 0 for a FLUSH
 * @param buffer the memory the device transfers to (READ) or from (WRITE): at least
 *     {@code count * 512} bytes from offset 0; null for a FLUSH. A READ's data lands in it at the
 *     completion instant. A WRITE's data is taken when the command is submitted (the model owns
 *     the command from then on; reusing the buffer afterwards does not change what is written).
 * @param cookie opaque to the device and returned with the command (the block layer's request
 *     id), so whichever driver reaps the completion can find the request it belongs to
 */
public record DiskCommand(int tag, DiskOp op, long sector, int count, byte[] buffer, long cookie) {
    /** Bytes per sector. */
    public static final int SECTOR_SIZE = 512;
    /** The most sectors one command may move: ATA NCQ's 16-bit count, where 0 means 65536. */
    public static final int MAX_SECTORS = 65536;

    public DiskCommand {
        if (op == null) throw new IllegalArgumentException("op must not be null (READ, WRITE or FLUSH)");
        if (op == DiskOp.FLUSH) {
            if (count != 0 || sector != 0 || buffer != null) {
                throw new IllegalArgumentException("a FLUSH carries no data: sector " + sector + ", count " + count
                        + " and buffer " + (buffer == null ? "null" : buffer.length + " bytes") + " must be 0, 0 and null");
            }
        } else {
            if (sector < 0) throw new IllegalArgumentException("sector " + sector + " is negative");
            if (count < 1 || count > MAX_SECTORS) {
                throw new IllegalArgumentException("count " + count + " is out of range 1.." + MAX_SECTORS + " for a " + op);
            }
            if (buffer == null) throw new IllegalArgumentException("buffer must not be null for a " + op);
            if (buffer.length < (long) count * SECTOR_SIZE) {
                throw new IllegalArgumentException("buffer of " + buffer.length + " bytes is too small for count " + count
                        + " sectors (" + (long) count * SECTOR_SIZE + " bytes)");
            }
        }
    }

    public static DiskCommand read(int tag, long sector, int count, byte[] buffer, long cookie) {
        return new DiskCommand(tag, DiskOp.READ, sector, count, buffer, cookie);
    }

    public static DiskCommand write(int tag, long sector, int count, byte[] buffer, long cookie) {
        return new DiskCommand(tag, DiskOp.WRITE, sector, count, buffer, cookie);
    }

    public static DiskCommand flush(int tag, long cookie) {
        return new DiskCommand(tag, DiskOp.FLUSH, 0, 0, null, cookie);
    }
}
