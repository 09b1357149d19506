package org.kernellab.mm.vm;

import java.util.HashMap;
import java.util.Map;

import org.kernellab.api.mm.PhysMem;

/**
 * The bytes of user pages when no {@link PhysMem} service is there (the memory manager's own
 * arrives with its physical-memory half): a byte array per frame written so far, unwritten or
 * cleared frames read as zeros. Not a service; {@link VmService} uses it only in the absence of
 * one.
 */
final class SparsePhysMem implements PhysMem {
    private final Map<Long, byte[]> frames = new HashMap<>();
    private final long total;

    SparsePhysMem(long total) {
        this.total = total;
    }

    private byte[] frame(long pfn, boolean create) {
        if (pfn < 0 || pfn >= total) throw new IllegalArgumentException("pfn " + pfn + " does not exist");
        byte[] f = frames.get(pfn);
        if (f == null && create) {
            f = new byte[PAGE_SIZE];
            frames.put(pfn, f);
        }
        return f;
    }

    private static void check(int offset, int len) {
        if (offset < 0 || len < 0 || offset + len > PAGE_SIZE) throw new IllegalArgumentException("range " + offset + "+" + len + " is outside the frame");
    }

    @Override
    public void read(long pfn, int offset, byte[] dst, int dstOff, int len) {
        check(offset, len);
        byte[] f = frame(pfn, false);
        if (f == null) java.util.Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
        else System.arraycopy(f, offset, dst, dstOff, len);
    }

    @Override
    public void write(long pfn, int offset, byte[] src, int srcOff, int len) {
        check(offset, len);
        System.arraycopy(src, srcOff, frame(pfn, true), offset, len);
    }

    @Override
    public void copyPage(long dstPfn, long srcPfn) {
        byte[] s = frame(srcPfn, false);
        if (s == null) clearPage(dstPfn);
        else System.arraycopy(s, 0, frame(dstPfn, true), 0, PAGE_SIZE);
    }

    @Override
    public void clearPage(long pfn) {
        frame(pfn, false);
        frames.remove(pfn);
    }
}
