package org.kernellab.mm.impl;

import static org.kernellab.api.mm.PhysMem.PAGE_SIZE;

import java.util.Arrays;

/**
 * The bytes of simulated RAM, one 4 KiB array per page frame, made on the first write: a frame
 * never written (or cleared) reads as zeros, so 64 MiB of RAM costs the host only what is used.
 * Not thread-safe: simulated code runs one thing at a time, and outside readers go through
 * Machine.still.
 */
final class Ram {
    private final byte[][] frames;

    Ram(int pages) {
        this.frames = new byte[pages][];
    }

    int pages() {
        return frames.length;
    }

    void read(long pfn, int offset, byte[] dst, int dstOff, int len) {
        check(pfn, offset, len);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        byte[] f = frames[(int) pfn];
        if (f == null) Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
        else System.arraycopy(f, offset, dst, dstOff, len);
    }

    void write(long pfn, int offset, byte[] src, int srcOff, int len) {
        check(pfn, offset, len);
        java.util.Objects.checkFromIndexSize(srcOff, len, src.length);
        System.arraycopy(src, srcOff, frame((int) pfn), offset, len);
    }

    /** One byte, for the slab's checks. */
    byte get(long pfn, int offset) {
        byte[] f = frames[(int) pfn];
        return f == null ? 0 : f[offset];
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The 8 little-endian bytes at {@code offset} (8-aligned, inside the frame): a pointer stored in RAM. */
    long getLong(long pfn, int offset) {
        byte[] f = frames[(int) pfn];
        return f == null ? 0 : (long) LONG_LE.get(f, offset);
    }

    void putLong(long pfn, int offset, long value) {
        LONG_LE.set(frame((int) pfn), offset, value);
    }

    /** Sets {@code len} bytes at {@code offset} to {@code value} (memset). */
    void fill(long pfn, int offset, int len, byte value) {
        check(pfn, offset, len);
        if (value == 0 && frames[(int) pfn] == null) return;
        Arrays.fill(frame((int) pfn), offset, offset + len, value);
    }

    void copyPage(long dst, long src) {
        check(dst, 0, PAGE_SIZE);
        check(src, 0, PAGE_SIZE);
        byte[] s = frames[(int) src];
        frames[(int) dst] = s == null ? null : s.clone();
    }

    void clearPage(long pfn) {
        check(pfn, 0, PAGE_SIZE);
        frames[(int) pfn] = null;
    }

    /** Frames that hold a host array (written since boot and not cleared). */
    long framesInUse() {
        long n = 0;
        for (byte[] f : frames) if (f != null) n++;
        return n;
    }

    private byte[] frame(int pfn) {
        byte[] f = frames[pfn];
        if (f == null) frames[pfn] = f = new byte[PAGE_SIZE];
        return f;
    }

    private void check(long pfn, int offset, int len) {
        if (pfn < 0 || pfn >= frames.length) {
            throw new IllegalArgumentException("pfn " + pfn + " is out of range 0.." + (frames.length - 1));
        }
        if (offset < 0 || len < 0 || offset + len > PAGE_SIZE) {
            throw new IllegalArgumentException("bytes " + offset + ".." + (offset + len) + " of pfn " + pfn
                    + " are outside the frame 0.." + PAGE_SIZE + "; split accesses at page boundaries");
        }
    }
}
