package org.kernellab.mm.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.mm.Gfp;
import org.kernellab.core.StandaloneMachine;

class MemViewsTest {
    @Test
    void meminfo_linuxLayout_andMemAvailableAsSiMemAvailable() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            MemoryNode node = Mem.node(m, 16384);
            node.readPages(1000);
            SlabImpl slab = new SlabImpl(node);
            slab.kmalloc(100, Gfp.GFP_KERNEL); // one order-0 kmalloc-128 slab with debugging (152-byte... slots)
            String t = MemViews.meminfo(node.live());
            String[] l = t.split("\n");
            assertEquals("MemTotal:          65536 kB", l[0]);
            long free = 16384 - 1000 - (1 << slab.kmallocCache(100).order);
            assertEquals(String.format("MemFree:        %8d kB", free * 4), l[1]);
            // si_mem_available: free - totalreserve (high 384) + pagecache - min(pagecache / 2, low 320)
            assertEquals(String.format("MemAvailable:   %8d kB", (free - 384 + 1000 - 320) * 4), l[2]);
            assertEquals("Cached:             4000 kB", l[4]);
            assertTrue(t.contains(String.format("Slab:           %8d kB%n", (1 << slab.kmallocCache(100).order) * 4)), t);
        }
    }

    @Test
    void vmstat_countsAllocationsFreesAndReclaim() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            MemoryNode node = pa.node();
            node.readPages(2000);               // 960 pages, down to min
            pa.allocPages(Gfp.GFP_KERNEL, 0);   // direct reclaim of 32
            String t = MemViews.vmstat(node.live());
            assertTrue(t.startsWith("nr_free_pages 95\n"), t);
            assertTrue(t.contains("\npgalloc_normal 961\n"), t);
            assertTrue(t.contains("\nallocstall_normal 1\n"), t);
            assertTrue(t.contains("\npgsteal_direct 32\npgscan_kswapd 0\npgscan_direct 32\n"), t);
            assertTrue(t.contains("\npgfree 32\n"), t);
            assertTrue(t.contains("\nnr_file_pages 928\n"), t);
        }
    }

    @Test
    void zoneinfo_showsTheWatermarksInLinuxLayout() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            MemoryNode node = Mem.node(m, 16384);
            String t = MemViews.zoneinfo(node.live(), 2);
            assertTrue(t.startsWith("Node 0, zone   Normal\n  per-node stats\n      nr_inactive_anon 0\n"), t);
            assertTrue(t.contains("\n  pages free     16384\n        boost    0\n        min      256\n        low      320\n"
                    + "        high     384\n        spanned  16384\n        present  16384\n        managed  16384\n        cma      0\n"
                    + "        protection: (0, 0, 0, 0)\n      nr_free_pages 16384\n"), t);
            assertTrue(t.contains("\n    cpu: 1\n              count: 0\n"), t);
            assertTrue(t.endsWith("\n  node_unreclaimable:  0\n  start_pfn:           0\n"), t);
        }
    }

    @Test
    void slabtop_summarisesAndSortsByObjects() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            SlabImpl slab = new SlabImpl(Mem.node(m, 4096, false));
            for (int i = 0; i < 3; i++) slab.kmalloc(64, Gfp.GFP_KERNEL);
            slab.kmalloc(4000, Gfp.GFP_KERNEL);
            String t = SlabCommands.render(slab.slabInfo(), "o");
            String[] l = t.split("\n");
            // kmalloc-64: 64 objects of an order-0 slab; kmalloc-4k: 8 of an order-3 slab
            assertEquals(" Active / Total Objects (% used)    : 4 / 72 (5.6%)", l[0]);
            assertEquals(" Active / Total Slabs (% used)      : 2 / 2 (100.0%)", l[1]);
            assertEquals(" Active / Total Caches (% used)     : 2 / 13 (15.4%)", l[2]);
            assertEquals("  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME                   ", l[6]);
            assertEquals("    64      3   4%    0.06K      1       64         4K kmalloc-64             ", l[7]);
            assertEquals("     8      1  12%    4.00K      1        8        32K kmalloc-4k             ", l[8]);
        }
    }

    @Test
    void meminfoAndVmstat_showTheAddressSpacesCounts() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            MemoryNode node = Mem.node(m, 16384);
            VmStats.Counts vm = new VmStats.Counts(10, 3, 2, 5, 17, 4, 1);
            String info = MemViews.meminfo(node.live(), vm);
            assertTrue(info.contains(String.format("AnonPages:      %8d kB%nMapped:         %8d kB%nShmem:          %8d kB%n", 40, 12, 8)), info);
            assertTrue(info.contains(String.format("PageTables:     %8d kB%n", 20)), info);
            String stat = MemViews.vmstat(node.live(), vm);
            assertTrue(stat.contains("\nnr_anon_pages 10\nnr_mapped 3\n"), stat);
            assertTrue(stat.contains("\nnr_shmem 2\n"), stat);
            assertTrue(stat.contains("\nnr_page_table_pages 5\n"), stat);
            assertTrue(stat.contains("\npgdeactivate 0\npgfault 17\npgmajfault 4\n"), stat);
            assertTrue(stat.contains("\ndrop_slab 0\noom_kill 1\n"), stat);
            assertTrue(MemViews.vmstat(node.live()).contains("\npgfault 0\n"), "without address spaces: nothing counted");
        }
    }
}
