package org.kernellab.api.vm;

import java.util.Arrays;

/**
 * A file that can be mapped with mmap: its path (what /proc/pid/maps shows), its inode number and
 * where its data is. Compared by identity: two VmFile objects are two files.
 *
 * <p>There are two kinds (see docs/address-spaces.md):
 * <ul>
 * <li><b>On a disk</b> ({@link #VmFile(String, long, String, long, long, boolean)}, since api.vm
 * 1.1.0): the file is one contiguous extent of a disk that has a queue in the block layer, from
 * {@link #firstSector()} on, {@link #size()} bytes long. Page {@code i} of the file is the 8
 * sectors from {@code firstSector() + 8 * i}. A page not yet in the page cache is read from the
 * disk through the block layer (a READ bio) on first touch: a major fault, whose task sleeps in
 * D state until the disk's completion. The bytes of a last, partial page past the end of the file
 * read as zeros; a page wholly past the end is SIGBUS, as in Linux.</li>
 * <li><b>Given by its contents</b> ({@link #VmFile(String, long, byte[], boolean)}): a file with
 * no disk behind it (the program text KernelLab makes for each process, unit tests without a
 * block layer). A miss copies the contents and sleeps a fixed time standing for the disk; reads
 * beyond the end give zeros. The contents are copied at construction.</li>
 * </ul>
 * Writes through a shared mapping stay in the page cache (there is no writeback).
 */
public final class VmFile {
    private final String path;
    private final long inode;
    private final byte[] contents;
    private final String disk;
    private final long firstSector;
    private final long size;
    private final boolean writable;

    /**
     * A file given by its contents, with no disk behind it.
     *
     * @param path     the absolute path (maps prints it)
     * @param inode    its inode number (maps prints it)
     * @param contents the file's bytes
     * @param writable whether it was opened for writing: a shared writable mapping needs it (-EACCES otherwise)
     */
    public VmFile(String path, long inode, byte[] contents, boolean writable) {
        checkPath(path, inode);
        if (contents == null) throw new IllegalArgumentException("contents must not be null");
        this.path = path;
        this.inode = inode;
        this.contents = contents.clone();
        this.disk = null;
        this.firstSector = -1;
        this.size = contents.length;
        this.writable = writable;
    }

    /**
     * A file stored on a disk as one extent (since api.vm 1.1.0).
     *
     * @param path        the absolute path (maps prints it)
     * @param inode       its inode number (maps prints it)
     * @param disk        the disk's name in the block layer (bio->bi_bdev), e.g. {@code disk0}
     * @param firstSector the extent's first 512-byte sector; page-aligned (a multiple of 8)
     * @param size        the file's size in bytes (i_size)
     * @param writable    whether it was opened for writing
     */
    public VmFile(String path, long inode, String disk, long firstSector, long size, boolean writable) {
        checkPath(path, inode);
        if (disk == null || disk.isEmpty()) throw new IllegalArgumentException("disk must name a disk");
        if (firstSector < 0 || firstSector % SECTORS_PER_PAGE != 0) {
            throw new IllegalArgumentException("firstSector " + firstSector + " must be a non-negative multiple of "
                    + SECTORS_PER_PAGE + " (a page of 512-byte sectors)");
        }
        if (size < 0) throw new IllegalArgumentException("size " + size + " is negative");
        this.path = path;
        this.inode = inode;
        this.contents = null;
        this.disk = disk;
        this.firstSector = firstSector;
        this.size = size;
        this.writable = writable;
    }

    /** 512-byte sectors in a page. */
    public static final int SECTORS_PER_PAGE = (int) (Mman.PAGE_SIZE / 512);

    private static void checkPath(String path, long inode) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("path \"" + path + "\" must be absolute");
        if (inode < 0) throw new IllegalArgumentException("inode " + inode + " is negative");
    }

    public String path() { return path; }
    public long inode() { return inode; }
    public long size() { return size; }
    public boolean writable() { return writable; }

    /** True for a file stored on a disk, whose pages the page cache reads through the block layer. Since 1.1.0. */
    public boolean onDisk() { return disk != null; }

    /** The disk the file is stored on, or null for a file given by its contents. Since 1.1.0. */
    public String disk() { return disk; }

    /** The first sector of the file's extent on {@link #disk()}, or -1 for a file given by its contents. Since 1.1.0. */
    public long firstSector() { return firstSector; }

    /** The first sector of page {@code index} of a file on a disk. Since 1.1.0. */
    public long sectorOf(long index) {
        if (disk == null) throw new IllegalStateException(path + " is given by its contents and has no sectors");
        return firstSector + index * SECTORS_PER_PAGE;
    }

    /**
     * Copies the bytes of page {@code index} of a file given by its contents (zeros past the end)
     * into {@code dst}, PAGE_SIZE bytes. A file on a disk has no contents here: its pages are read
     * through the block layer, and this throws IllegalStateException.
     */
    public void readPage(long index, byte[] dst) {
        if (contents == null) {
            throw new IllegalStateException(path + " is stored on " + disk + ": its pages are read through the block layer");
        }
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
