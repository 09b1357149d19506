package org.kernellab.mm.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BuddyAllocatorTest {

    @Test
    void boot_16384Pages_sixteenMaxOrderBlocks() {
        BuddyAllocator b = new BuddyAllocator(16384, 10);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16}, b.nrFree());
        assertEquals(16384, b.freePages());
        assertNull(b.check());
    }

    @Test
    void boot_sizeNotAPowerOfTwo_largestAlignedBlocksThatFit() {
        BuddyAllocator b = new BuddyAllocator(1000, 10); // 512 + 256 + 128 + 64 + 32 + 8
        assertArrayEquals(new long[] {0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0}, b.nrFree());
        assertEquals(BuddyAllocator.NONE, b.alloc(10));
        assertNull(b.check());
    }

    @Test
    void alloc_order0FromFreshZone_splitsOneMaxBlockLeavingOneFreeBlockPerLowerOrder() {
        BuddyAllocator b = new BuddyAllocator(16384, 10);
        assertEquals(0, b.alloc(0), "the lowest frame first");
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 15}, b.nrFree());
        assertEquals(1, b.alloc(0), "then its buddy, the upper half left over by the split");
        assertEquals(2, b.alloc(1));
        assertNull(b.check());
    }

    @Test
    void free_buddyStillAllocated_doesNotMerge_thenBothFree_mergesBackToMaxOrder() {
        BuddyAllocator b = new BuddyAllocator(2048, 10);
        int a = b.alloc(0);
        int c = b.alloc(0);
        assertEquals(a ^ 1, c, "two order-0 allocations from a split block are buddies");
        b.free(a, 0);
        assertEquals(1, b.nrFree()[0], "a alone on the order-0 list: its buddy is in use");
        assertNull(b.check());
        b.free(c, 0);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, b.nrFree());
        assertNull(b.check());
    }

    @Test
    void randomAllocFree_keepsEveryInvariant_andAllFreeCoalescesCompletely() {
        BuddyAllocator b = new BuddyAllocator(4096, 10);
        SplittableRandom rnd = new SplittableRandom(42);
        List<int[]> held = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            if (held.isEmpty() || rnd.nextInt(3) > 0) {
                int order = rnd.nextInt(6);
                int pfn = b.alloc(order);
                if (pfn != BuddyAllocator.NONE) {
                    assertEquals(0, pfn & ((1 << order) - 1), "block aligned to its size");
                    held.add(new int[] {pfn, order});
                }
            } else {
                int[] h = held.remove(rnd.nextInt(held.size()));
                b.free(h[0], h[1]);
            }
            if (step % 97 == 0) assertNull(b.check(), "after step " + step);
        }
        while (!held.isEmpty()) {
            int[] h = held.remove(rnd.nextInt(held.size()));
            b.free(h[0], h[1]);
        }
        assertNull(b.check());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}, b.nrFree());
    }

    @Test
    void exhaustion_everyPageTaken_returnsNone_andAFreedPageIsReused() {
        BuddyAllocator b = new BuddyAllocator(64, 10);
        for (int i = 0; i < 64; i++) assertEquals(i, b.alloc(0));
        assertEquals(BuddyAllocator.NONE, b.alloc(0));
        assertEquals(0, b.freePages());
        b.free(17, 0);
        assertEquals(17, b.alloc(0));
        assertNull(b.check());
    }

    @Test
    void free_badArguments_areRefusedWithTheArgumentNamed() {
        BuddyAllocator b = new BuddyAllocator(64, 10);
        int p = b.alloc(2);
        assertEquals("pfn 64 is out of range 0..63",
                assertThrows(IllegalArgumentException.class, () -> b.free(64, 0)).getMessage());
        assertEquals("order 11 is out of range 0..10",
                assertThrows(IllegalArgumentException.class, () -> b.free(p, 11)).getMessage());
        assertEquals("order 1 does not match order 2 that pfn 0 was allocated with",
                assertThrows(IllegalArgumentException.class, () -> b.free(p, 1)).getMessage());
        assertEquals("pfn 1 does not start an allocated block; pass the pfn alloc_pages() returned",
                assertThrows(IllegalArgumentException.class, () -> b.free(1, 0)).getMessage());
        b.free(p, 2);
        String twice = assertThrows(IllegalArgumentException.class, () -> b.free(p, 2)).getMessage();
        assertTrue(twice.contains("double free"), twice);
        assertNull(b.check());
    }
}
