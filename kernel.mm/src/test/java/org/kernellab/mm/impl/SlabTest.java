package org.kernellab.mm.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.KmemCache;
import org.kernellab.api.mm.Slab;
import org.kernellab.core.StandaloneMachine;

class SlabTest {
    private static String dmesg(Kernel k) {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    private static SlabImpl slab(StandaloneMachine m, boolean debug) {
        return new SlabImpl(Mem.node(m, 4096, debug));
    }

    @Test
    void kmallocIndex_followsLinuxSizeClasses() {
        // include/linux/slab.h kmalloc_index(): 65..96 -> 96, 129..192 -> 192, else the next power of two
        int[][] cases = {{1, 8}, {8, 8}, {9, 16}, {33, 64}, {64, 64}, {65, 96}, {96, 96}, {97, 128}, {129, 192},
            {192, 192}, {193, 256}, {257, 512}, {1025, 2048}, {4097, 8192}, {8192, 8192}};
        for (int[] c : cases) assertEquals(c[1], SlabImpl.KMALLOC_SIZES[SlabImpl.kmallocIndex(c[0])], "size " + c[0]);
    }

    @Test
    void kmalloc_roundTripsRealBytes_andLargeRequestsUseWholePages() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            long a = s.kmalloc(50, Gfp.GFP_KERNEL);
            assertEquals(64, s.ksize(a));
            byte[] msg = "the quick brown fox".getBytes();
            s.write(a, msg, 0, msg.length);
            byte[] back = new byte[msg.length];
            s.read(a, back, 0, back.length);
            assertArrayEquals(msg, back);
            long big = s.kmalloc(10_000, Gfp.GFP_KERNEL);
            assertEquals(0, (big - Slab.PAGE_OFFSET) % 4096, "page aligned");
            assertEquals(16384, s.ksize(big));
            assertEquals(Slab.ZERO_SIZE_PTR, s.kmalloc(0, Gfp.GFP_KERNEL));
            s.kfree(Slab.ZERO_SIZE_PTR);
            s.kfree(0);
            s.kfree(big);
            s.kfree(a);
            assertFalse(dmesg(m.kernel()).contains("BUG"), dmesg(m.kernel()));
        }
    }

    @Test
    void debugLayout_matchesCalculateSizes() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            SlabImpl s = slab(m, true);
            // kmalloc-64 with FZPU (mm/slub.c calculate_sizes): 64 + 8 right red zone = inuse 72; free pointer at 72 -> 80;
            // two tracks 2 * 24 -> 128; orig_size 4 -> 132; left red zone 8 + 8 -> 148; aligned to 8 -> 152.
            KmemCacheImpl k64 = s.kmallocCache(64);
            assertEquals(List.of(72, 72, 8, 152), List.of(k64.inuse, k64.offset, k64.redLeftPad, k64.size));
            // order 0: 4096 / 152 = 26 objects, leftover 144 <= 4096 / 16
            assertEquals(0, k64.order);
            assertEquals(26, k64.objects);
            SlabImpl plain = slab(m, false);
            KmemCacheImpl p64 = plain.kmallocCache(64);
            assertEquals(List.of(64, 32, 0, 64, 64), List.of(p64.inuse, p64.offset, p64.redLeftPad, p64.size, p64.objects));
            // kmalloc-8k: 8192 bytes; min_objects 4 * (fls(2) + 1) = 12 capped at 32 KiB / 8192 = 4 -> order 3
            assertEquals(3, plain.kmallocCache(8192).order);
        }
    }

    @Test
    void freshObject_isPoisonedAndRedzoned_andGfpZeroClearsIt() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            long a = s.kmalloc(10, Gfp.GFP_KERNEL);
            byte[] b = new byte[24];
            s.read(a - 8, b, 0, 24);
            // left red zone active 0xcc, object poisoned to orig_size (9 x 0x6b, 0xa5), then the kmalloc red zone 0xcc
            byte[] want = new byte[24];
            java.util.Arrays.fill(want, 0, 8, (byte) 0xcc);
            java.util.Arrays.fill(want, 8, 17, (byte) 0x6b);
            want[17] = (byte) 0xa5;
            java.util.Arrays.fill(want, 18, 24, (byte) 0xcc);
            assertArrayEquals(want, b);
            long z = s.kmalloc(10, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
            byte[] zb = new byte[10];
            s.read(z, zb, 0, 10);
            assertArrayEquals(new byte[10], zb);
        }
    }

    @Test
    void doubleFree_isReportedInSlubFormat_andNotFreedAgain() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            long a = s.kmalloc(64, Gfp.GFP_KERNEL);
            s.kfree(a);
            s.kfree(a);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("=============================================================================\n"
                    + "BUG kmalloc-64 (Not tainted): Object already free\n"
                    + "-----------------------------------------------------------------------------\n"), log);
            assertTrue(log.contains("Allocated in SlabTest.doubleFree_isReportedInSlubFormat_andNotFreedAgain (SlabTest.java:"), log);
            assertTrue(log.contains("Freed in SlabTest.doubleFree_isReportedInSlubFormat_andNotFreedAgain"), log);
            assertTrue(log.contains(String.format("Object 0x%016x @offset=%d fp=0x", a, (a - Slab.PAGE_OFFSET) % 4096)), log);
            assertTrue(log.contains(String.format("Object   %016x: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk", a)), log);
            assertTrue(log.contains(String.format("Redzone  %016x: bb bb bb bb bb bb bb bb                          ........", a - 8)), log);
            assertTrue(log.contains(String.format("FIX kmalloc-64: Object at 0x%016x not freed", a)), log);
            assertEquals(0, s.slabInfo().stream().filter(d -> d.name.equals("kmalloc-64")).findFirst().orElseThrow().activeObjs);
        }
    }

    @Test
    void useAfterFree_isFoundOnTheNextAllocation_restoredAndTheSlabIsolated() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            long a = s.kmalloc(32, Gfp.GFP_KERNEL);
            s.kfree(a);
            s.write(a + 4, new byte[] {1, 2}, 0, 2);
            long b = s.kmalloc(32, Gfp.GFP_KERNEL);
            assertNotEquals(a, b, "the corrupt slab is not used again");
            String log = dmesg(m.kernel());
            assertTrue(log.contains("BUG kmalloc-32 (Not tainted): Poison overwritten"), log);
            assertTrue(log.contains(String.format("0x%016x-0x%016x @offset=%d. First byte 0x1 instead of 0x6b", a + 4, a + 5,
                    (a + 4 - Slab.PAGE_OFFSET) % 4096)), log);
            assertTrue(log.contains(String.format("FIX kmalloc-32: Restoring Poison 0x%016x-0x%016x=0x6b", a + 4, a + 5)), log);
            assertTrue(log.contains("FIX kmalloc-32: Marking all objects used"), log);
        }
    }

    @Test
    void useAfterFree_isFoundByValidate() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            KmemCache c = s.kmemCacheCreate("foo", 40, 0, 0);
            long a = s.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
            assertEquals(0, s.validate(c));
            s.kmemCacheFree(c, a);
            s.write(a + 39, new byte[] {0}, 0, 1);
            assertEquals(1, s.validate(c));
            assertTrue(dmesg(m.kernel()).contains("BUG foo (Not tainted): End Poison overwritten"));
            assertEquals(0, s.validate(c), "restored");
        }
    }

    @Test
    void overflowIntoTheRedZone_isReportedAtFree_andTheSecondReportIsTainted() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            long a = s.kmalloc(64, Gfp.GFP_KERNEL);
            s.write(a + 64, new byte[] {0x41}, 0, 1);
            s.kfree(a);
            long b = s.kmalloc(10, Gfp.GFP_KERNEL);
            s.write(b + 10, new byte[] {0x42}, 0, 1); // inside kmalloc-16 but past the 10 bytes asked for
            s.kfree(b);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("BUG kmalloc-64 (Not tainted): Right Redzone overwritten"), log);
            assertTrue(log.contains("First byte 0x41 instead of 0xcc"), log);
            assertTrue(log.contains("BUG kmalloc-16 (Tainted: G    B             ): kmalloc Redzone overwritten"), log);
        }
    }

    @Test
    void kmemCacheDestroy_withLiveObjects_reportsThemAndKeepsTheCache() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            KmemCache c = s.kmemCacheCreate("my_cache", 100, 0, 0);
            long a = s.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
            s.kmemCacheDestroy(c);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("BUG my_cache (Not tainted): Objects remaining in my_cache on __kmem_cache_shutdown()"), log);
            assertTrue(log.contains(String.format("Object 0x%016x @offset=", a)), log);
            assertTrue(log.contains("kmem_cache_destroy my_cache: Slab cache still has objects when called from SlabTest."), log);
            assertTrue(s.procSlabinfo().contains("my_cache"));
            s.kmemCacheFree(c, a);
            s.kmemCacheDestroy(c);
            assertFalse(s.procSlabinfo().contains("my_cache"));
        }
    }

    @Test
    void procSlabinfo_hasTheVersionHeaderAndCountsObjects() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, false);
            KmemCache c = s.kmemCacheCreate("foo", 128, 0, 0);
            for (int i = 0; i < 3; i++) s.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
            String t = s.procSlabinfo();
            String[] lines = t.split("\n");
            assertEquals("slabinfo - version: 2.1", lines[0]);
            assertTrue(lines[1].startsWith("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables"), lines[1]);
            // foo: 128-byte objects, 32 per order-0 slab (mm/slab_common.c cache_show format)
            assertEquals("foo                    3     32    128   32    1 : tunables    0    0    0 : slabdata      1      1      0", lines[2]);
            assertTrue(lines[3].startsWith("kmalloc-8k "), lines[3]);
            assertTrue(lines[lines.length - 1].startsWith("kmalloc-8 "), lines[lines.length - 1]);
        }
    }

    @Test
    void emptySlabs_beyondMinPartial_goBackToThePageAllocator() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            MemoryNode node = Mem.node(m, 4096, false);
            SlabImpl s = new SlabImpl(node);
            PageAllocatorImpl pa = new PageAllocatorImpl(node);
            long before = pa.nrFreePages();
            long[] objs = new long[64 * 8];
            for (int i = 0; i < objs.length; i++) objs[i] = s.kmalloc(64, Gfp.GFP_KERNEL);
            assertEquals(before - 8, pa.nrFreePages());
            for (long o : objs) s.kfree(o);
            // min_partial for 64-byte objects: ilog2(64) / 2 = 3, raised to MIN_PARTIAL 5: five empty slabs stay
            assertEquals(before - 5, pa.nrFreePages());
        }
    }

    @Test
    void perBundle_leakedObjectsAndCaches_areReportedAndReleased() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            Slab mine = s.open(new Holder(7, "kernel.driver.leaky", "1.0.0"));
            KmemCache c = mine.kmemCacheCreate("leaky_cache", 24, 0, 0);
            mine.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
            mine.kmalloc(100, Gfp.GFP_KERNEL);
            mine.kmalloc(100, Gfp.GFP_KERNEL);
            long freed = mine.kmalloc(8, Gfp.GFP_KERNEL);
            mine.kfree(freed);
            List<LeakDTO> held = s.held(mine);
            assertEquals(List.of("2 objects of kmalloc-128", "1 object of leaky_cache", "leaky_cache"),
                    held.stream().map(l -> l.object).toList());
            s.release(mine);
            assertEquals(List.of(), s.held(mine));
            assertFalse(s.procSlabinfo().contains("leaky_cache"));
            assertFalse(dmesg(m.kernel()).contains("BUG"), dmesg(m.kernel()));
        }
    }

    @Test
    void reset_emptiesEveryCache() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            s.kmalloc(64, Gfp.GFP_KERNEL);
            m.kernel().reset();
            assertEquals(0, s.slabInfo().stream().mapToLong(d -> d.activeObjs).sum());
            long a = s.kmalloc(64, Gfp.GFP_KERNEL);
            s.kfree(a);
            assertFalse(dmesg(m.kernel()).contains("BUG"));
        }
    }

    @Test
    void access_outsideTheDirectMapOfRam_isRefused() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, false);
            byte[] b = new byte[4];
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.read(16, b, 0, 4))
                    .getMessage().startsWith("kernel address 0x0000000000000010 (+4) is outside the direct map of RAM"));
            long end = Slab.PAGE_OFFSET + 4096L * 4096;
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.write(end - 2, b, 0, 4));
            s.write(end - 4, b, 0, 4);
        }
    }

    @Test
    void leftRedzone_andPadding_overwrites_areFoundByValidate() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            KmemCache c = s.kmemCacheCreate("bar", 64, 0, 0);
            long a = s.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
            s.write(a - 1, new byte[] {7}, 0, 1); // an underflow into the left red zone
            assertEquals(1, s.validate(c));
            KmemCacheImpl impl = (KmemCacheImpl) c;
            s.write(a + impl.paddingStart(), new byte[] {9}, 0, 1);
            assertEquals(1, s.validate(c));
            String log = dmesg(m.kernel());
            assertTrue(log.contains("BUG bar (Not tainted): Left Redzone overwritten"), log);
            assertTrue(log.contains(String.format("0x%016x-0x%016x @offset=%d. First byte 0x7 instead of 0xcc", a - 1, a - 1,
                    (a - 1 - Slab.PAGE_OFFSET) % 4096)), log);
            assertTrue(log.contains("BUG bar (Tainted: G    B             ): Object padding overwritten"), log);
            assertEquals(0, s.validate(c), "both restored");
        }
    }

    @Test
    void freeOfAWrongCache_orNotAnObject_isReported() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl s = slab(m, true);
            KmemCache one = s.kmemCacheCreate("one", 32, 0, 0);
            KmemCache two = s.kmemCacheCreate("two", 32, 0, 0);
            long a = s.kmemCacheAlloc(one, Gfp.GFP_KERNEL);
            s.kmemCacheFree(two, a);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("kmem_cache_free: Wrong slab cache. two but object is from one"), log);
            assertEquals(0, s.slabInfo().stream().filter(d -> d.name.equals("one")).findFirst().orElseThrow().activeObjs,
                    "freed into the cache it came from");
            long b = s.kmalloc(32, Gfp.GFP_KERNEL);
            s.kfree(b + 4);
            log = dmesg(m.kernel());
            assertTrue(log.contains(String.format("Invalid object pointer 0x%016x", b + 4)), log);
            assertTrue(log.contains(String.format("FIX kmalloc-32: Object at 0x%016x not freed", b + 4)), log);
        }
    }

    @Test
    void slot_reciprocal_equalsDivisionForEveryOffsetOfASlab() {
        // obj_to_index() as a multiply and a shift: exact at, and either side of, every slot boundary
        for (int size = 8; size <= 32768; size += size < 512 ? 8 : 504) {
            for (boolean debug : new boolean[] {false, true}) {
                KmemCacheImpl c = new KmemCacheImpl("t", size, 0, debug ? SlabImpl.SLUB_DEBUG_FLAGS : 0, true, 2, null);
                for (long slot = 0; slot < c.objects; slot++) {
                    for (long rel = slot * c.size - 1; rel <= slot * c.size + 1; rel++) {
                        if (rel < 0 || rel >= c.slabBytes) continue;
                        assertEquals(rel / c.size, c.slot(rel), "size " + c.size + " offset " + rel);
                    }
                }
                long last = c.slabBytes - 1;
                assertEquals(last / c.size, c.slot(last), "size " + c.size + " last byte");
            }
        }
        // the largest offset a slab can have (2^MAX_ORDER pages) for an awkward size
        KmemCacheImpl c = new KmemCacheImpl("odd", 24_000, 0, 0, false, 1, null);
        for (long rel = (1L << 22) - 3 * 24_000; rel < (1L << 22); rel += 997) assertEquals(rel / c.size, c.slot(rel));
    }
}
