package org.kernellab.mm.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /proc/meminfo, /proc/vmstat and /proc/zoneinfo rendered from node 0's {@link Zone}. Called by
 * procfs with the machine held still. Items KernelLab does not model (swap, anonymous memory,
 * huge pages) print as 0 in their Linux places, so that tools parse the files;
 * docs/memory.md lists them.
 */
final class MemViews {
    private MemViews() {}

    /** Pages to kB. */
    private static long kb(long pages) {
        return pages * 4;
    }

    /** si_mem_available() (mm/show_mem.c, 6.6). */
    static long memAvailable(Zone z) {
        long totalreserve = Math.min(z.wm.high(), z.buddy.nrPages); // calculate_totalreserve_pages(): high + lowmem_reserve (0)
        long available = z.free() - totalreserve;
        long pagecache = z.inactiveFile.size();
        pagecache -= Math.min(pagecache / 2, z.wm.low());
        available += pagecache;
        return Math.max(0, available);
    }

    /** fs/proc/meminfo.c meminfo_proc_show(): {@code show_val_kb()} prints a 16-column label, the kB at width 8 and " kB". */
    static String meminfo(Zone z) {
        return meminfo(z, VmStats.Counts.NONE);
    }

    /** The same with the address spaces' pages ({@code vm}). */
    static String meminfo(Zone z, VmStats.Counts vm) {
        long cached = z.inactiveFile.size();
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("MemTotal", kb(z.buddy.nrPages));
        v.put("MemFree", kb(z.free()));
        v.put("MemAvailable", kb(memAvailable(z)));
        v.put("Buffers", 0L);
        v.put("Cached", kb(cached));
        v.put("SwapCached", 0L);
        v.put("Active", 0L);
        v.put("Inactive", kb(cached));
        v.put("Active(anon)", 0L);
        v.put("Inactive(anon)", 0L);
        v.put("Active(file)", 0L);
        v.put("Inactive(file)", kb(cached));
        v.put("Unevictable", 0L);
        v.put("Mlocked", 0L);
        v.put("SwapTotal", 0L);
        v.put("SwapFree", 0L);
        v.put("Dirty", 0L);
        v.put("Writeback", 0L);
        v.put("AnonPages", kb(vm.anon()));
        v.put("Mapped", kb(vm.mapped()));
        v.put("Shmem", kb(vm.shmem()));
        v.put("KReclaimable", 0L);
        v.put("Slab", kb(z.slabPages));
        v.put("SReclaimable", 0L);
        v.put("SUnreclaim", kb(z.slabPages));
        v.put("KernelStack", 0L);
        v.put("PageTables", kb(vm.pageTables()));
        v.put("SecPageTables", 0L);
        v.put("NFS_Unstable", 0L);
        v.put("Bounce", 0L);
        v.put("WritebackTmp", 0L);
        v.put("CommitLimit", kb(z.buddy.nrPages / 2)); // vm_commit_limit(): overcommit_ratio 50% of RAM, no swap
        v.put("Committed_AS", 0L);
        StringBuilder sb = new StringBuilder();
        v.forEach((k, val) -> sb.append(String.format("%-16s%8d kB%n", k + ":", val)));
        return sb.toString();
    }

    /** mm/vmstat.c vmstat_show(): zone items, node items, then vm events, in vmstat_text's order (a subset). */
    static String vmstat(Zone z) {
        return vmstat(z, VmStats.Counts.NONE);
    }

    /** The same with the address spaces' pages and events ({@code vm}). */
    static String vmstat(Zone z, VmStats.Counts vm) {
        long cached = z.inactiveFile.size();
        Map<String, Long> v = new LinkedHashMap<>();
        // enum zone_stat_item
        v.put("nr_free_pages", z.free());
        v.put("nr_zone_inactive_anon", 0L);
        v.put("nr_zone_active_anon", 0L);
        v.put("nr_zone_inactive_file", cached);
        v.put("nr_zone_active_file", 0L);
        v.put("nr_zone_unevictable", 0L);
        v.put("nr_zone_write_pending", 0L);
        v.put("nr_mlock", 0L);
        v.put("nr_bounce", 0L);
        v.put("nr_free_cma", 0L);
        // enum node_stat_item
        v.put("nr_inactive_anon", 0L);
        v.put("nr_active_anon", 0L);
        v.put("nr_inactive_file", cached);
        v.put("nr_active_file", 0L);
        v.put("nr_unevictable", 0L);
        v.put("nr_slab_reclaimable", 0L);
        v.put("nr_slab_unreclaimable", z.slabPages);
        v.put("nr_isolated_anon", 0L);
        v.put("nr_isolated_file", 0L);
        v.put("nr_anon_pages", vm.anon());
        v.put("nr_mapped", vm.mapped());
        v.put("nr_file_pages", cached);
        v.put("nr_dirty", 0L);
        v.put("nr_writeback", 0L);
        v.put("nr_shmem", vm.shmem());
        v.put("nr_kernel_stack", 0L);
        v.put("nr_page_table_pages", vm.pageTables());
        // enum vm_event_item
        v.put("pgpgin", 0L);
        v.put("pgpgout", 0L);
        v.put("pswpin", 0L);
        v.put("pswpout", 0L);
        v.put("pgalloc_dma", 0L);
        v.put("pgalloc_dma32", 0L);
        v.put("pgalloc_normal", z.pgallocNormal);
        v.put("pgalloc_movable", 0L);
        v.put("allocstall_dma", 0L);
        v.put("allocstall_dma32", 0L);
        v.put("allocstall_normal", z.allocstallNormal);
        v.put("allocstall_movable", 0L);
        v.put("pgfree", z.pgfree);
        v.put("pgactivate", 0L);
        v.put("pgdeactivate", 0L);
        v.put("pgfault", vm.pgfault());
        v.put("pgmajfault", vm.pgmajfault());
        v.put("pgsteal_kswapd", z.pgstealKswapd);
        v.put("pgsteal_direct", z.pgstealDirect);
        v.put("pgscan_kswapd", z.pgscanKswapd);
        v.put("pgscan_direct", z.pgscanDirect);
        v.put("pgscan_anon", 0L);
        v.put("pgscan_file", z.pgscanKswapd + z.pgscanDirect);
        v.put("pgsteal_anon", 0L);
        v.put("pgsteal_file", z.pgstealKswapd + z.pgstealDirect);
        v.put("kswapd_low_wmark_hit_quickly", z.kswapdLowWmarkHitQuickly);
        v.put("kswapd_high_wmark_hit_quickly", z.kswapdHighWmarkHitQuickly);
        v.put("pageoutrun", z.pageoutrun);
        v.put("drop_pagecache", z.dropPagecache);
        v.put("drop_slab", 0L);
        v.put("oom_kill", vm.oomKill());
        StringBuilder sb = new StringBuilder();
        v.forEach((k, val) -> sb.append(k).append(' ').append(val).append('\n'));
        return sb.toString();
    }

    /** mm/vmstat.c zoneinfo_show_print() (6.6) for node 0's Normal zone. */
    static String zoneinfo(Zone z, int nrCpus) {
        long cached = z.inactiveFile.size();
        StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s", 0, "Normal"));
        sb.append("\n  per-node stats");
        String[][] node = {{"nr_inactive_anon", "0"}, {"nr_active_anon", "0"}, {"nr_inactive_file", "" + cached},
            {"nr_active_file", "0"}, {"nr_unevictable", "0"}, {"nr_slab_reclaimable", "0"}, {"nr_slab_unreclaimable", "" + z.slabPages},
            {"nr_isolated_anon", "0"}, {"nr_isolated_file", "0"}, {"nr_anon_pages", "0"}, {"nr_mapped", "0"},
            {"nr_file_pages", "" + cached}, {"nr_dirty", "0"}, {"nr_writeback", "0"}, {"nr_shmem", "0"}};
        for (String[] n : node) sb.append(String.format("\n      %-12s %s", n[0], n[1]));
        long pages = z.buddy.nrPages;
        sb.append(String.format("\n  pages free     %d\n        boost    %d\n        min      %d\n        low      %d\n        high     %d"
                + "\n        spanned  %d\n        present  %d\n        managed  %d\n        cma      %d",
                z.free(), 0, z.wm.min(), z.wm.low(), z.wm.high(), pages, pages, pages, 0));
        sb.append("\n        protection: (0, 0, 0, 0)");
        String[][] zone = {{"nr_free_pages", "" + z.free()}, {"nr_zone_inactive_anon", "0"}, {"nr_zone_active_anon", "0"},
            {"nr_zone_inactive_file", "" + cached}, {"nr_zone_active_file", "0"}, {"nr_zone_unevictable", "0"},
            {"nr_zone_write_pending", "0"}, {"nr_mlock", "0"}, {"nr_bounce", "0"}, {"nr_free_cma", "0"}};
        for (String[] n : zone) sb.append(String.format("\n      %-12s %s", n[0], n[1]));
        sb.append("\n  pagesets");
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            // struct per_cpu_pages: count, high and batch of the CPU's order-0 list
            PerCpuPages p = cpu < z.pcp.length ? z.pcp[cpu] : null;
            sb.append(String.format("\n    cpu: %d\n              count: %d\n              high:  %d\n              batch: %d",
                    cpu, p == null ? 0 : p.count, p == null ? 0 : p.high, p == null ? 1 : p.batch));
            sb.append(String.format("\n  vm stats threshold: %d", 0));
        }
        sb.append(String.format("\n  node_unreclaimable:  %d\n  start_pfn:           %d", z.kswapdFailures >= MemoryNode.MAX_RECLAIM_RETRIES ? 1 : 0, 0));
        return sb.append('\n').toString();
    }
}
