package org.kernellab.mm.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.mm.Gfp;
import org.kernellab.core.StandaloneMachine;

/** The per-CPU page lists (mm/page_alloc.c pcp, Linux 6.6): batch and high, refill, free to high, drain, the views. */
class PerCpuPagesTest {
    private static final long LIMIT = 10_000_000_000L;

    @Test
    void batchAndHigh_matchZoneBatchsizeAndZoneHighsize() {
        // 64 MiB: min(16384 >> 10, 256) = 16, / 4 = 4, rounddown_pow_of_two(4 + 2) - 1 = 3
        assertEquals(3, PerCpuPages.batchSize(16384));
        // 1 GiB: min(256, 256) / 4 = 64, rounddown_pow_of_two(96) - 1 = 63
        assertEquals(63, PerCpuPages.batchSize(262144));
        // 4 MiB: 4 / 4 = 1, rounddown_pow_of_two(1) - 1 = 0, then max(1, 0)
        assertEquals(1, PerCpuPages.batchSize(1024));
        // high: the LOW watermark split across the CPUs, at least 4 batches
        assertEquals(160, PerCpuPages.highSize(320, 3, 2));
        assertEquals(320, PerCpuPages.highSize(320, 3, 1));
        assertEquals(12, PerCpuPages.highSize(20, 3, 2));
    }

    @Test
    void orderZero_fromATask_takesABatchOnce_thenNeitherSplitsNorMerges() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 16384);
            long[][] buddy = new long[2][];
            long[] pcpCount = new long[2];
            m.kernel().spawn(TaskSpec.process("pages"), k -> {
                long pfn = pa.allocPages(Gfp.GFP_KERNEL, 0);
                pa.freePages(pfn, 0);
                Zone z = pa.node().live();
                buddy[0] = z.buddy.nrFree();
                pcpCount[0] = z.pcp[0].count;
                for (int i = 0; i < 1000; i++) pa.freePages(pa.allocPages(Gfp.GFP_KERNEL, 0), 0);
                buddy[1] = z.buddy.nrFree();
                pcpCount[1] = z.pcp[0].count;
            });
            m.kernel().runUntilIdle(LIMIT);
            assertEquals(3, pcpCount[0], "rmqueue_bulk took one batch of 3 pages; the free put the page back");
            assertArrayEquals(buddy[0], buddy[1], "1000 pairs later the buddy lists are untouched");
            assertEquals(3, pcpCount[1]);
            assertEquals(16384, pa.nrFreePages(), "pages on the per-CPU lists count as free");
            assertNull(pa.check());
        }
    }

    @Test
    void free_atHigh_returnsTheColdestBatchToTheBuddy() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 16384); // batch 3, high 320 on one CPU
            int[] counts = new int[2];
            List<Long> got = new ArrayList<>();
            m.kernel().spawn(TaskSpec.process("pages"), k -> {
                for (int i = 0; i < 400; i++) got.add(pa.allocPages(Gfp.GFP_KERNEL, 0));
                Zone z = pa.node().live();
                for (int i = 0; i < 317; i++) pa.freePages(got.get(i), 0);
                counts[0] = z.pcp[0].count;
                pa.freePages(got.get(317), 0); // reaches high: nr_pcp_free() = batch, 3 pages go back
                counts[1] = z.pcp[0].count;
            });
            m.kernel().runUntilIdle(LIMIT);
            assertEquals(2 + 317, counts[0], "134 batches of 3 gave 402 pages: 2 left on the list, and 317 freed");
            assertEquals(320 - 3, counts[1]);
            assertNull(pa.check());
        }
    }

    @Test
    void free_whileKswapdReclaims_keepsAtMostFourBatches_andBulkFreesDouble() {
        // nr_pcp_high(): with ZONE_RECLAIM_ACTIVE high is min(4 * batch, high) = 12; nr_pcp_free()
        // frees batch << free_factor (3, then 6, then 9 = high - batch) while no allocation comes
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 16384);
            int[] most = {0};
            List<Integer> bulk = new ArrayList<>();
            m.kernel().spawn(TaskSpec.process("pages"), k -> {
                List<Long> got = new ArrayList<>();
                for (int i = 0; i < 50; i++) got.add(pa.allocPages(Gfp.GFP_KERNEL, 0));
                Zone z = pa.node().live();
                z.reclaimActive = true;
                for (long pfn : got) {
                    int before = z.pcp[0].count;
                    pa.freePages(pfn, 0);
                    int after = z.pcp[0].count;
                    if (after < before) bulk.add(before + 1 - after);
                    most[0] = Math.max(most[0], after);
                }
                z.reclaimActive = false;
            });
            m.kernel().runUntilIdle(LIMIT);
            assertTrue(most[0] < 12, "the list never stays at 4 batches: " + most[0]);
            assertEquals(List.of(3, 6, 9), bulk.subList(0, 3), "each bulk free doubles, up to high - batch: " + bulk);
            assertNull(pa.check());
        }
    }

    @Test
    void doubleFree_ofAPageOnTheList_isRefused() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            String[] msg = new String[1];
            m.kernel().spawn(TaskSpec.process("twice"), k -> {
                long pfn = pa.allocPages(Gfp.GFP_KERNEL, 0);
                pa.freePages(pfn, 0);
                msg[0] = assertThrows(IllegalArgumentException.class, () -> pa.freePages(pfn, 0)).getMessage();
            });
            m.kernel().runUntilIdle(LIMIT);
            assertTrue(msg[0].contains("double free"), msg[0]);
            assertNull(pa.check());
        }
    }

    @Test
    void emptyBuddy_pagesOnAnotherCpusList_areDrainedForTheAllocation() {
        // 16384 pages (min 256): GFP_ATOMIC may go down to 96 free pages; high is 160 a CPU. CPU 0
        // takes every page and frees 150 onto its list; CPU 1 then finds the buddy lists empty and
        // gets a page by draining CPU 0's list.
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            PageAllocatorImpl pa = Mem.pages(m, 16384);
            int gfp = Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN;
            List<Long> held = new ArrayList<>();
            long[] got = new long[1];
            long[] pcp0 = new long[1];
            m.kernel().spawn(TaskSpec.process("hog").affinity(1), k -> {
                for (long pfn; (pfn = pa.allocPages(gfp, 0)) >= 0; ) held.add(pfn);
                Zone z = pa.node().live();
                // the buddy lists keep the 24-page reserve; take it all so that only the lists hold free pages
                while (z.buddy.freePages() > 0) held.add((long) z.buddy.alloc(0));
                for (int i = 0; i < 150; i++) pa.freePages(held.remove(held.size() - 1), 0);
                pcp0[0] = z.pcp[0].count + z.pcp[1].count;
            });
            m.kernel().runUntilIdle(LIMIT);
            m.kernel().spawn(TaskSpec.process("other").affinity(2), k -> got[0] = pa.allocPages(gfp, 0));
            m.kernel().runUntilIdle(LIMIT);
            assertTrue(pcp0[0] >= 150, "the hog's frees sit on its CPU's list: " + pcp0[0]);
            assertTrue(got[0] >= 0, "CPU 1's allocation drained CPU 0's list");
        }
    }

    @Test
    void higherOrder_blockedByPagesOnTheLists_isServedAfterDirectReclaimDrainsThem() {
        // __alloc_pages_direct_reclaim(): the free pages are all order 0 on the CPU's list, so no
        // order-1 block exists until drain_all_pages() gives them back to the buddy lists to merge
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 16384); // min 256, high 320
            long[] got = {-2};
            int[] onList = new int[1];
            m.kernel().spawn(TaskSpec.process("pages"), k -> {
                Zone z = pa.node().live();
                List<Long> held = new ArrayList<>();
                while (z.buddy.freePages() > 0) held.add((long) z.buddy.alloc(0));
                for (int i = 0; i < 300; i++) pa.freePages(held.remove(held.size() - 1), 0);
                onList[0] = z.pcp[0].count;
                got[0] = pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 1);
            });
            m.kernel().runUntilIdle(LIMIT);
            assertEquals(300, onList[0]);
            assertTrue(got[0] >= 0, "the order-1 allocation succeeded after the drain: " + got[0]);
            assertNull(pa.check());
        }
    }

    @Test
    void zoneinfo_pagesets_showCountHighAndBatch() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            PageAllocatorImpl pa = Mem.pages(m, 16384); // batch 3, high 320 / 2 CPUs = 160
            m.kernel().spawn(TaskSpec.process("one").affinity(1), k -> pa.allocPages(Gfp.GFP_KERNEL, 0));
            m.kernel().runUntilIdle(LIMIT);
            String t = pa.node().still(() -> MemViews.zoneinfo(pa.node().live(), 2));
            assertTrue(t.contains("\n  pagesets\n    cpu: 0\n              count: 2\n              high:  160\n              batch: 3\n"), t);
            assertTrue(t.contains("\n    cpu: 1\n              count: 0\n              high:  160\n              batch: 3\n"), t);
        }
    }
}
