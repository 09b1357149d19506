package org.kernellab.mm.vm;

import java.util.Map;
import java.util.TreeMap;

/**
 * A process's address space (struct mm_struct, include/linux/mm_types.h): its VMAs by start
 * address, its page table and its counters.
 */
final class Mm {
    final TreeMap<Long, Vma> vmas = new TreeMap<>();
    final PageTable pt;
    long startCode, endCode;
    long startBrk, brk;
    long startStack;
    /** total_vm, data_vm, exec_vm, stack_vm, hiwater_vm (pages). */
    long totalVm, dataVm, execVm, stackVm, hiwaterVm;
    /** MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES (rss_stat), hiwater_rss. */
    final long[] rss = new long[3];
    long hiwaterRss;
    /** MMF_OOM_SKIP: reaped by the OOM killer, its memory is gone. */
    boolean oomSkip;

    Mm(long pgdPfn) {
        pt = new PageTable(pgdPfn);
    }

    long rssTotal() { return rss[0] + rss[1] + rss[2]; }

    void addRss(int kind, long delta) {
        rss[kind] += delta;
        long t = rssTotal();
        if (t > hiwaterRss) hiwaterRss = t;
    }

    /**
     * The VMA found last (the per-mm cache of find_vma, as mm->mmap_cache was before 3.15 and the
     * vmacache until 5.17): a VMA in the tree, or null. Bounds are read from the VMA itself, so a
     * split or merge that keeps it in the tree keeps the cache right; {@link #remove} clears it.
     */
    private Vma cached;

    /** find_vma(): the VMA containing {@code va}, or null. */
    Vma find(long va) {
        Vma c = cached;
        if (c != null && c.start <= va && va < c.end) return c;
        Map.Entry<Long, Vma> e = vmas.floorEntry(va);
        if (e == null) return null;
        Vma v = e.getValue();
        if (va >= v.end) return null;
        cached = v;
        return v;
    }

    /** Takes the VMA starting at {@code start} out of the tree. */
    Vma remove(long start) {
        Vma v = vmas.remove(start);
        if (v == cached) cached = null;
        return v;
    }

    /** vm_stat_account() (mm/mmap.c): total_vm and the data/exec/stack split, by the VMA's flags. */
    void account(int flags, long pages) {
        totalVm += pages;
        if ((flags & (Vma.VM_EXEC | Vma.VM_WRITE)) == Vma.VM_EXEC) execVm += pages;
        else if ((flags & Vma.VM_GROWSDOWN) != 0) stackVm += pages;
        else if ((flags & (Vma.VM_WRITE | Vma.VM_SHARED)) == Vma.VM_WRITE) dataVm += pages;
        if (totalVm > hiwaterVm) hiwaterVm = totalVm;
    }
}
