package org.kernellab.mm.vm;

import java.util.function.LongSupplier;

/**
 * An x86-64 four-level page table (arch/x86/include/asm/pgtable_64_types.h): PGD, PUD, PMD and
 * PTE tables of 512 entries, indexed by bits 47-39, 38-30, 29-21 and 20-12 of the virtual
 * address; P4D is folded into the PGD as with 4-level paging. Every table occupies a page frame
 * of the page allocator (pte_alloc, pmd_alloc, pud_alloc), so page tables cost memory as in
 * Linux; the entries themselves are kept in Java arrays, not in the frames' bytes. A PTE holds
 * the pfn in bits 51-12 and the x86 bits below ({@link #P}, {@link #RW}, ...).
 *
 * <h2>Locking</h2> Guarded by the baton (one simulated thing at a time), as the whole mm is.
 */
final class PageTable {
    static final long P = 0x1;
    static final long RW = 0x2;
    static final long US = 0x4;
    static final long A = 0x20;
    static final long D = 0x40;
    /** _PAGE_TABLE: what an upper-level entry pointing at a table holds besides its pfn. */
    static final long TABLE = P | RW | US | A | D;
    static final long PFN_MASK = 0x000f_ffff_ffff_f000L;

    /** One table: an upper level points at tables, the PTE level holds entries. */
    static final class Node {
        final long pfn;
        final Node[] next;
        final long[] ptes;
        int used;

        Node(long pfn, boolean leaf) {
            this.pfn = pfn;
            this.next = leaf ? null : new Node[512];
            this.ptes = leaf ? new long[512] : null;
        }
    }

    final Node pgd;
    /** Tables below the PGD (mm_pgtables_bytes / PAGE_SIZE). */
    long tables;

    PageTable(long pgdPfn) {
        this.pgd = new Node(pgdPfn, false);
    }

    static int index(long va, int level) {
        return (int) ((va >>> (12 + 9 * level)) & 511);
    }

    /** The PTE for {@code va}, or 0 when a table on the way is missing. */
    long get(long va) {
        Node n = pgd;
        for (int level = 3; level >= 1; level--) {
            n = n.next[index(va, level)];
            if (n == null) return 0;
        }
        return n.ptes[index(va, 0)];
    }

    /**
     * The PTE table for {@code va}, making the missing tables with frames from {@code alloc}
     * (a negative value: no memory, and null is returned).
     */
    Node leaf(long va, LongSupplier alloc) {
        Node n = pgd;
        for (int level = 3; level >= 1; level--) {
            int i = index(va, level);
            Node c = n.next[i];
            if (c == null) {
                long pfn = alloc.getAsLong();
                if (pfn < 0) return null;
                c = new Node(pfn, level == 1);
                n.next[i] = c;
                n.used++;
                tables++;
            }
            n = c;
        }
        return n;
    }

    /** The PTE table for {@code va} if it exists. */
    Node leafIfPresent(long va) {
        Node n = pgd;
        for (int level = 3; level >= 1 && n != null; level--) n = n.next[index(va, level)];
        return n;
    }

    /** Sets an entry in an existing leaf, keeping its count of used entries. */
    static void set(Node leaf, long va, long pte) {
        int i = index(va, 0);
        long old = leaf.ptes[i];
        if (old == 0 && pte != 0) leaf.used++;
        else if (old != 0 && pte == 0) leaf.used--;
        leaf.ptes[i] = pte;
    }

    /** The entries on the way to {@code va}, PGD first, as dump_pagetable prints them; stops at the first missing table. */
    long[] path(long va) {
        long[] out = new long[4];
        Node n = pgd;
        for (int level = 3; level >= 0; level--) {
            if (level == 0) {
                out[3] = n.ptes[index(va, 0)];
                return out;
            }
            Node c = n.next[index(va, level)];
            out[3 - level] = c == null ? 0 : (c.pfn << 12) | TABLE;
            if (c == null) return java.util.Arrays.copyOf(out, 4 - level);
            n = c;
        }
        return out;
    }

    /** Frees the tables left empty after {@code [start, end)} was zapped (free_pgtables), handing each frame to {@code free}. */
    void freeEmpty(long start, long end, java.util.function.LongConsumer free) {
        freeEmpty(pgd, 3, 0, start, end, free);
    }

    private void freeEmpty(Node n, int level, long base, long start, long end, java.util.function.LongConsumer free) {
        long span = 1L << (12 + 9 * level);
        for (int i = 0; i < 512; i++) {
            Node c = n.next[i];
            if (c == null) continue;
            long lo = base + i * span;
            if (lo >= end || lo + span <= start) continue;
            if (level > 1) freeEmpty(c, level - 1, lo, start, end, free);
            if (c.used == 0) {
                n.next[i] = null;
                n.used--;
                tables--;
                free.accept(c.pfn);
            }
        }
    }

    /** Calls {@code f} for every present PTE in {@code [start, end)}, in address order. */
    void forEach(long start, long end, PteVisitor f) {
        walk(pgd, 3, 0, start, end, f);
    }

    interface PteVisitor {
        void visit(Node leaf, long va, long pte);
    }

    private static void walk(Node n, int level, long base, long start, long end, PteVisitor f) {
        long span = 1L << (12 + 9 * level);
        for (int i = 0; i < 512; i++) {
            long lo = base + i * span;
            if (lo >= end || lo + span <= start) continue;
            if (level == 0) {
                long pte = n.ptes[i];
                if (pte != 0) f.visit(n, lo, pte);
            } else {
                Node c = n.next[i];
                if (c != null) walk(c, level - 1, lo, start, end, f);
            }
        }
    }
}
