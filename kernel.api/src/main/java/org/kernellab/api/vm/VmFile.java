package org.kernellab.api.vm;

import java.util.Arrays;

/**
 * A file that can be mapped with mmap: its path (what /proc/pid/maps shows), its inode number and
 * its contents on the disk. A page of it not yet in the page cache is read from the disk on first
 * touch: a major fault, which sleeps for the disk's latency (see docs/address-spaces.md). Reads
 * beyond the end of the contents give zeros, as the tail of a file's last page does. The contents
 * are copied at construction; writes through a shared mapping stay in the page cache (there is no
 * writeback). Compared by identity: two VmFile objects are two files.
 */
public final class VmFile {
    private final String path;
    private final long inode;
    private final byte[] contents;
    private final boolean writable;

    /**
     * @param path     the absolute path (maps prints it)
     * @param inode    its inode number (maps prints it)
     * @param contents the file's bytes
     * @param writable whether it was opened for writing: a shared writable mapping needs it (-EACCES otherwise)
     */
    public VmFile(String path, long inode, byte[] contents, boolean writable) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("path \"" + path + "\" must be absolute");
        if (inode < 0) throw new IllegalArgumentException("inode " + inode + " is negative");
        if (contents == null) throw new IllegalArgumentException("contents must not be null");
        this.path = path;
        this.inode = inode;
        this.contents = contents.clone();
        this.writable = writable;
    }

    public String path() { return path; }
    public long inode() { return inode; }
    public long size() { return contents.length; }
    public boolean writable() { return writable; }

    /** Copies the bytes of page {@code index} of the file (zeros past the end) into {@code dst}, PAGE_SIZE bytes. */
    public void readPage(long index, byte[] dst) {
        Arrays.fill(dst, (byte) 0);
        long off = index * Mman.PAGE_SIZE;
        if (off >= contents.length) return;
        int n = (int) Math.min(Mman.PAGE_SIZE, contents.length - off);
        System.arraycopy(contents, (int) off, dst, 0, n);
    }

    @Override
    public String toString() {
        return path;
    }
}
