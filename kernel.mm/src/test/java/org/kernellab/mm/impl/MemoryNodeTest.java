package org.kernellab.mm.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.PhysMem;
import org.kernellab.core.StandaloneMachine;

/** Watermarks, reserves, reclaim, kswapd, __GFP_ZERO/NOFAIL/NOWARN, the OOM hook and reset. */
class MemoryNodeTest {
    private static final long LIMIT = 10_000_000_000L;

    private static String dmesg(Kernel k) {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    /** Allocates order-0 pages with {@code gfp} until one fails; returns how many it got. */
    private static int drain(PageAllocator pa, int gfp, List<Long> into) {
        int n = 0;
        for (;;) {
            long pfn = pa.allocPages(gfp, 0);
            if (pfn < 0) return n;
            into.add(pfn);
            n++;
        }
    }

    @Test
    void watermarks_64MiB_matchLinuxFormula() {
        // 16384 pages = 65536 kB; int_sqrt(65536 * 16) = int_sqrt(1048576) = 1024 = min_free_kbytes;
        // min = 1024 kB >> 2 = 256 pages; tmp = max(256 / 4, mult_frac(16384, 10, 10000) = 16) = 64;
        // low = 256 + 64 = 320; high = 320 + 64 = 384.
        assertEquals(new Watermarks(1024, 256, 320, 384), Watermarks.compute(16384, 0, 10));
    }

    @Test
    void watermarks_1GiB_useTheScaleFactorWhenLarger() {
        // 262144 pages = 1048576 kB; int_sqrt(16777216) = 4096 kB -> min 1024 pages;
        // tmp = max(1024 / 4 = 256, mult_frac(262144, 10, 10000) = 26 * 10 + 2144 * 10 / 10000 = 262) = 262;
        // low = 1286, high = 1548.
        assertEquals(new Watermarks(4096, 1024, 1286, 1548), Watermarks.compute(262144, 0, 10));
    }

    @Test
    void watermarks_tinyAndHugeZones_clampMinFreeKbytes() {
        // 16 pages = 64 kB: int_sqrt(1024) = 32 -> clamped up to 128 kB = 32 pages; tmp = max(8, 0) = 8
        assertEquals(new Watermarks(128, 32, 40, 48), Watermarks.compute(16, 0, 10));
        // 16777216 pages = 64 GiB: int_sqrt(67108864 * 16) = 32768, below the 262144 clamp
        assertEquals(32768, Watermarks.compute(16_777_216, 0, 10).minFreeKbytes());
        // an explicit vm.min_free_kbytes wins
        assertEquals(new Watermarks(4096, 1024, 1280, 1536), Watermarks.compute(16384, 4096, 10));
        assertEquals(1024, Watermarks.intSqrt(1048576));
        assertEquals(1023, Watermarks.intSqrt(1048575));
    }

    @Test
    void config_setsRamSizeWatermarksAndSlubDebug() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            MemoryNode.Config c = new MemoryNode.Config() {
                @Override public int pages() { return 2048; }
                @Override public long min_free_kbytes() { return 1000; }
                @Override public int watermark_scale_factor() { return 1000; }
                @Override public boolean slub_debug() { return false; }
                @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return MemoryNode.Config.class; }
            };
            MemoryNode node = new MemoryNode(m.kernel(), m.machine(), new org.kernellab.softirq.impl.KthreadLayer(m.kernel(), m.machine()), c);
            // min 1000 kB >> 2 = 250; tmp = max(62, mult_frac(2048, 1000, 10000) = 204) -> low 454, high 658
            assertEquals(new Watermarks(1000, 250, 454, 658), node.wm);
            assertEquals(2048, node.pages);
            assertFalse(node.slubDebug);
            assertEquals(64, new SlabImpl(node).kmallocCache(64).size, "no debug metadata");
        }
    }

    @Test
    void zoneInfo_reportsTheWatermarksOfTheConfiguredSize() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            var z = Mem.pages(m, 16384).zoneInfo();
            assertEquals(List.of(256L, 320L, 384L, 16384L, 1024L), List.of(z.min, z.low, z.high, z.free, z.minFreeKbytes));
        }
    }

    @Test
    void reserves_nowaitStopsAtMin_atomicAtThreeEighths_blockingHighAtHalf() {
        // 1024 pages: min 64. GFP_NOWAIT needs free > 64; GFP_ATOMIC (HIGH, non-blocking): 64 - 32 - 8 = 24;
        // GFP_KERNEL|__GFP_HIGH: 64 - 32 = 32 (mm/page_alloc.c __zone_watermark_ok).
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            List<Long> got = new ArrayList<>();
            drain(pa, Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN, got);
            assertEquals(64, pa.nrFreePages());
            drain(pa, Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, got);
            assertEquals(24, pa.nrFreePages());
            for (long pfn : got) pa.freePages(pfn, 0);
            got.clear();
            drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_HIGH | Gfp.__GFP_NOWARN, got);
            assertEquals(32, pa.nrFreePages());
            got.clear();
            drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, got);
            assertEquals(0, got.size(), "plain GFP_KERNEL stops at min, above the HIGH reserve");
        }
    }

    @Test
    void rtTask_blockingAllocation_getsHalfOfMin_normalTaskNone() {
        // gfp_to_alloc_flags(): a blocking allocation of an rt task in process context gets ALLOC_MIN_RESERVE
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024); // min 64
            long[] free = new long[2];
            m.kernel().spawn(TaskSpec.process("normal"), k -> {
                drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, new ArrayList<>());
                free[0] = pa.nrFreePages();
            });
            m.kernel().spawn(TaskSpec.process("rt").attr(org.kernellab.api.SchedAttr.fifo(50)), k -> {
                drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, new ArrayList<>());
                free[1] = pa.nrFreePages();
            });
            m.kernel().runUntilIdle(LIMIT);
            assertEquals(List.of(64L, 32L), List.of(free[0], free[1]));
        }
    }

    @Test
    void watermarkOk_higherOrders_needAFreeBlockAndCountUnusablePages() {
        long[] nrFree = new long[11];
        nrFree[0] = 100;
        assertFalse(MemoryNode.watermarkOk(100, nrFree, 1, 10, 0), "no free block of order >= 1");
        nrFree[3] = 1;
        assertTrue(MemoryNode.watermarkOk(108, nrFree, 2, 10, 0));
        // free - (2^order - 1) must exceed the mark: 14 - 3 = 11 > 10, 13 - 3 = 10 is not
        assertTrue(MemoryNode.watermarkOk(14, nrFree, 2, 10, 0));
        assertFalse(MemoryNode.watermarkOk(13, nrFree, 2, 10, 0));
        assertEquals(MemoryNode.ALLOC_MIN_RESERVE | MemoryNode.ALLOC_KSWAPD | MemoryNode.ALLOC_NON_BLOCK,
                MemoryNode.gfpToAllocFlags(Gfp.GFP_ATOMIC));
        assertEquals(MemoryNode.ALLOC_KSWAPD, MemoryNode.gfpToAllocFlags(Gfp.GFP_KERNEL));
    }

    @Test
    void kswapd_wokenBelowLow_reclaimsThePageCacheAboveHigh_andSleeps() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            MemoryNode node = Mem.node(m, 1024);
            // readahead fills memory down to min (64 free) and wakes kswapd on the way
            assertEquals(960, node.readPages(2000));
            Zone z = node.live();
            assertEquals(64, z.free());
            assertTrue(z.kswapdWanted);
            m.kernel().runUntilIdle(LIMIT);
            // balance_pgdat frees 32 pages a batch until free > high (96): 64 -> 96 -> 128
            assertEquals(128, z.free());
            assertEquals(64, z.pgstealKswapd);
            assertEquals(1, z.pageoutrun);
            assertEquals(896, z.inactiveFile.size());
            assertTrue(m.kernel().ps().stream().anyMatch(t -> t.comm.equals("kswapd0") && t.state.equals("S")),
                    "kswapd sleeps again: " + m.kernel().ps());
        }
    }

    @Test
    void reclaim_asksEachPagesMapping_freesWhatItLetsGo_andPutsTheRestBackInOrder() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            MemoryNode node = Mem.node(m, 1024);
            List<Long> asked = new ArrayList<>();
            // a mapping that keeps its even pages (locked, under read, or mapped) and lets the odd go
            CacheOwner owner = pfn -> {
                asked.add(pfn);
                return pfn % 2 == 1;
            };
            List<Long> pfns = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long pfn = node.allocReadahead();
                pfns.add(pfn);
                node.lruAdd(pfn, owner);
            }
            long before = node.live().free();
            long odd = pfns.stream().filter(p -> p % 2 == 1).count();
            assertEquals(odd, node.dropCaches());
            assertEquals(pfns, asked, "every page scanned once, oldest first");
            assertEquals(before + odd, node.live().free());
            assertEquals(pfns.stream().filter(p -> p % 2 == 0).toList(), new ArrayList<>(node.live().inactiveFile.keySet()),
                    "the kept pages stay on the list, in their order");
            node.lruDel(pfns.get(0));
            assertFalse(node.live().inactiveFile.containsKey(pfns.get(0)));
        }
    }

    @Test
    void directReclaim_blockingAllocationBelowMin_freesACluster_andCountsAStall() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            MemoryNode node = pa.node();
            node.readPages(2000);
            Zone z = node.live();
            assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN, 0), "no reclaim without blocking");
            long pfn = pa.allocPages(Gfp.GFP_KERNEL, 0);
            assertTrue(pfn >= 0);
            assertEquals(1, z.allocstallNormal);
            assertEquals(32, z.pgstealDirect);
            assertEquals(64 + 32 - 1, z.free());
            assertFalse(dmesg(m.kernel()).contains("page allocation failure"));
        }
    }

    @Test
    void oomKiller_calledWhenReclaimFails_andRetriedWhileItKills() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            List<Long> hog = new ArrayList<>();
            drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, hog);
            int[] calls = {0};
            pa.node().setOutOfMemory((gfp, order) -> {
                calls[0]++;
                assertEquals(Gfp.GFP_KERNEL, gfp);
                for (int i = 0; i < 100; i++) pa.freePages(hog.remove(hog.size() - 1), 0); // the victim's memory
                return true;
            });
            assertTrue(pa.allocPages(Gfp.GFP_KERNEL, 0) >= 0);
            assertEquals(1, calls[0]);
        }
    }

    @Test
    void oomKiller_thatFreesNothing_isRetriedABoundedNumberOfTimes_thenTheAllocationFails() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, new ArrayList<>());
            int[] calls = {0};
            pa.node().setOutOfMemory((gfp, order) -> ++calls[0] > 0);
            assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_KERNEL, 0));
            assertEquals(MemoryNode.MAX_RECLAIM_RETRIES, calls[0]);
            assertTrue(dmesg(m.kernel()).contains("page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"));
            calls[0] = 0;
            assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 4));
            assertEquals(0, calls[0], "no OOM kill for a costly order (> PAGE_ALLOC_COSTLY_ORDER)");
        }
    }

    @Test
    void gfpZero_clearsTheFrames_otherwiseOldContentsRemain() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            PhysMemImpl ram = new PhysMemImpl(pa.node());
            long pfn = pa.allocPages(Gfp.GFP_KERNEL, 1);
            byte[] hello = "hello".getBytes();
            ram.write(pfn + 1, 4090, hello, 0, 5);
            byte[] back = new byte[5];
            ram.read(pfn + 1, 4090, back, 0, 5);
            assertArrayEquals(hello, back);
            pa.freePages(pfn, 1);
            long again = pa.allocPages(Gfp.GFP_KERNEL, 1);
            assertEquals(pfn, again);
            ram.read(again + 1, 4090, back, 0, 5);
            assertArrayEquals(hello, back, "without __GFP_ZERO the old bytes are still there");
            pa.freePages(again, 1);
            again = pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 1);
            ram.read(again + 1, 4090, back, 0, 5);
            assertArrayEquals(new byte[5], back);
        }
    }

    @Test
    void gfpNofail_waitsUntilMemoryIsFreed_insteadOfFailing() {
        try (StandaloneMachine m = new StandaloneMachine(1).withPeriodicTick()) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            List<Long> hog = new ArrayList<>();
            drain(pa, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, hog);
            drain(pa, Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, hog); // below NOFAIL's own reserve (min / 2) too
            long[] got = {-1, -1, -1};
            m.kernel().spawn(TaskSpec.process("nofail"), k -> {
                got[0] = pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0);
                got[1] = pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOFAIL, 2);
                got[2] = k.now();
            });
            m.kernel().spawn(TaskSpec.process("freer"), k -> {
                k.msleep(20);
                for (long pfn : hog) pa.freePages(pfn, 0);
            });
            m.kernel().runUntilIdle(LIMIT);
            assertEquals(PageAllocator.ENOMEM, got[0]);
            assertTrue(got[1] >= 0, "NOFAIL succeeded");
            assertTrue(got[2] >= 20_000_000L, "after the free at 20 ms: " + got[2]);
            assertFalse(dmesg(m.kernel()).contains("page allocation failure"));
        }
    }

    @Test
    void gfpNofail_withoutDirectReclaim_warnsAndFails() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_NOFAIL, 10));
            String log = dmesg(m.kernel());
            assertTrue(log.contains("WARNING: __GFP_NOFAIL without __GFP_DIRECT_RECLAIM"), log);
            assertTrue(log.contains("page allocation failure: order:10, mode:0x8820(GFP_ATOMIC|__GFP_NOFAIL)"), log);
        }
    }

    @Test
    void gfpNowarn_suppressesTheReport() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 10));
            assertFalse(dmesg(m.kernel()).contains("page allocation failure"));
            assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_KERNEL, 10));
            assertTrue(dmesg(m.kernel()).contains("page allocation failure"));
        }
    }

    @Test
    void reset_givesEmptyZeroedMemoryAndNoPageCache() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            PhysMemImpl ram = new PhysMemImpl(pa.node());
            PageCacheImpl cache = new PageCacheImpl(pa.node());
            long pfn = pa.allocPages(Gfp.GFP_KERNEL, 3);
            ram.write(pfn, 0, new byte[] {1, 2, 3}, 0, 3);
            cache.readPages(100);
            assertEquals(1024 - 8 - 100, pa.nrFreePages());
            m.kernel().reset();
            assertEquals(1024, pa.nrFreePages());
            assertEquals(0, cache.cachedPages());
            byte[] b = new byte[3];
            ram.read(pfn, 0, b, 0, 3);
            assertArrayEquals(new byte[3], b);
            assertEquals(0, pa.allocPages(Gfp.GFP_KERNEL, 3), "the same first block as after boot");
        }
    }

    @Test
    void physMem_refusesAccessOutsideAFrame() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PhysMemImpl ram = new PhysMemImpl(Mem.node(m, 16));
            byte[] b = new byte[8];
            assertEquals("pfn 16 is out of range 0..15",
                    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ram.read(16, 0, b, 0, 8)).getMessage());
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ram.write(3, PhysMem.PAGE_SIZE - 4, b, 0, 8)).getMessage().startsWith("bytes 4092..4100 of pfn 3"));
            ram.write(3, 0, new byte[] {9}, 0, 1);
            ram.copyPage(4, 3);
            ram.read(4, 0, b, 0, 1);
            assertEquals(9, b[0]);
            ram.clearPage(4);
            ram.read(4, 0, b, 0, 1);
            assertEquals(0, b[0]);
        }
    }
}
