package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.PROT_READ;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.api.TaskState;
import org.kernellab.api.block.BioOp;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.vm.VmFile;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.kernellab.mm.impl.TestAccess;

/**
 * The page cache reads file pages from the disk through the block layer (mm/filemap.c
 * filemap_fault -> filemap_read_folio, mm/readahead.c): the bytes are the disk's, the reader
 * sleeps in D until the bio's completion, others wait on the locked page, read errors give
 * SIGBUS or a short copy, reclaim drops only clean, unlocked, unmapped pages, and readahead
 * submits without waiting.
 */
class PageCacheDiskTest {
    /** A file of 3 pages (the last partial) stored from sector 800 of disk0. */
    private static final long FIRST_SECTOR = 800;
    private static final int SIZE = 2 * 4096 + 100;

    private static VmFile file(DiskRig r) {
        byte[] data = DiskRig.pattern(3 * 4096, 1);
        r.disk.put(FIRST_SECTOR, data);
        return new VmFile("/data/on-disk", 40, DiskRig.DISK, FIRST_SECTOR, SIZE, false);
    }

    @Test
    void majorFault_fileOnDisk_readsTheDisksBytes_sleepingInDUntilTheCompletion() {
        // a fixed major_fault_ns of 5 ms would show: the time must be the disk's 80 µs instead
        try (DiskRig r = new DiskRig(2, 4096, new VmService.Costs(500, 250, 5_000_000, 65530))) {
            VmFile f = file(r);
            byte[] got = new byte[4096];
            byte[] tail = new byte[4096];
            long[] at = new long[3];
            MmStatsDTO[] s = new MmStatsDTO[1];
            Task reader = r.spawn("reader", k -> {
                long a = r.as.mmap(0, 3 * 4096, PROT_READ, MAP_PRIVATE, f, 0);
                at[0] = k.now();
                r.as.load(a + 4096, got, 0, 4096);
                at[1] = k.now();
                r.as.load(a + 2 * 4096, tail, 0, 4096);
                at[2] = k.now();
                s[0] = r.as.stats(k.current().pid());
            });
            TaskState[] midway = new TaskState[1];
            r.m.machine().at(40_000, now -> midway[0] = reader.state());
            r.run();
            byte[] disk = DiskRig.pattern(3 * 4096, 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(disk, 4096, 8192), got, "page 1 holds sectors 808..815 of the disk");
            byte[] want = new byte[4096];
            System.arraycopy(disk, 8192, want, 0, 100);
            assertArrayEquals(want, tail, "the last page: 100 bytes of the file, then zeros past i_size");
            assertEquals(TaskState.UNINTERRUPTIBLE, midway[0], "the reader waits for the disk in D state");
            List<DiskRig.Dispatch> reads = r.disk.reads();
            assertEquals(2, reads.size(), reads.toString());
            assertEquals(new DiskRig.Dispatch(reads.get(0).atNs(), BioOp.READ, 808, 8), reads.get(0));
            assertEquals(816, reads.get(1).sector());
            long took = at[1] - at[0];
            long irq = r.disk.irqs.get(0);
            assertEquals(reads.get(0).atNs() + DiskRig.LATENCY_NS, irq, "the disk completed after its latency");
            assertTrue(at[0] + DiskRig.LATENCY_NS <= at[1] && irq <= at[1], "woken by the completion: " + took + " ns");
            assertTrue(took < 1_000_000, "the disk's time, not major_fault_ns: " + took + " ns");
            assertEquals(2, s[0].majFlt);
            assertEquals(0, s[0].minFlt);
            assertEquals(2, r.svc.counts().pgmajfault());
            // the trace: the reader switches out in D at its fault, and BLOCK_SOFTIRQ ('s' in the
            // context column) wakes it at the disk's completion, 80 µs later
            String trace = r.m.tracer().text();
            assertTrue(trace.matches("(?s).*reader-\\d+ +\\[000\\] \\.\\.\\.\\. +0\\.000000: sched_switch: prev_comm=reader [^\n]*prev_state=D .*"), trace);
            assertTrue(trace.matches("(?s).*\\[000\\] \\.Ns\\. +0\\.000080: sched_wakeup: comm=reader .*"), trace);
        }
    }

    @Test
    void twoTasksFaultThePageUnderRead_oneBio_theSecondWaitsInDForThePageAndIsMinor() {
        try (DiskRig r = new DiskRig()) {
            VmFile f = file(r);
            byte[] got = new byte[2];
            MmStatsDTO[] s = new MmStatsDTO[2];
            long[] done = new long[2];
            r.spawnOn("first", 0, k -> {
                long a = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 0);
                r.as.load(a + 7, got, 0, 1);
                done[0] = k.now();
                s[0] = r.as.stats(k.current().pid());
            });
            Task second = r.spawnOn("second", 1, k -> {
                k.compute(20_000); // the first task's read is in flight by now
                long a = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 0);
                r.as.load(a + 7, got, 1, 1);
                done[1] = k.now();
                s[1] = r.as.stats(k.current().pid());
            });
            TaskState[] midway = new TaskState[1];
            r.m.machine().at(60_000, now -> midway[0] = second.state());
            r.run();
            byte b = DiskRig.pattern(8, 1)[7];
            assertArrayEquals(new byte[] {b, b}, got);
            assertEquals(1, r.disk.reads().size(), "one read for both: " + r.disk.reads());
            assertEquals(TaskState.UNINTERRUPTIBLE, midway[0], "folio_wait_locked sleeps in D");
            assertTrue(done[1] >= r.disk.irqs.get(0), "the second task went on only after the completion");
            assertEquals(1, s[0].majFlt);
            assertEquals(0, s[1].majFlt, "it found the page in the cache: not a major fault of its own");
            assertEquals(1, s[1].minFlt);
        }
    }

    @Test
    void readError_userLoadDiesOfSigbus_copyFromUserIsShort_andThePageIsNotCached() {
        try (DiskRig r = new DiskRig()) {
            VmFile f = file(r);
            r.disk.bad.add(FIRST_SECTOR + 3);
            boolean[] after = {false};
            int[] left = {-1};
            Task victim = r.spawn("victim", k -> {
                long a = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 0);
                r.as.load(a, new byte[1], 0, 1);
                after[0] = true;
            });
            r.spawn("copier", k -> {
                k.msleep(1);
                long a = r.as.mmap(0, 2 * 4096, PROT_READ, MAP_PRIVATE, f, 0);
                // 10 bytes of page 1 (readable), then page 0 (bad): the copy stops at the bad page
                left[0] = (int) r.ua.copyFromUser(new byte[20], 0, a + 4096 - 10, 20);
            });
            r.run();
            assertFalse(after[0], "SIGBUS ended the victim at its load");
            assertEquals(TaskState.DEAD, victim.state());
            assertEquals(20, left[0], "copy_from_user returns the bytes not copied: the fault on page 0 failed first");
            assertTrue(r.log().contains("critical medium error, dev disk0, sector 800"), r.log());
            assertEquals(2, r.disk.reads().stream().filter(d -> d.sector() == 800).count(), "the failed page was read again by the next user");
            assertEquals(0, r.cache.cachedPages(), "a page whose read failed leaves the cache");
        }
    }

    @Test
    void reclaim_dropsOnlyUnmappedUnlockedPages_andADroppedPageIsReadAgainAsAMajorFault() {
        try (DiskRig r = new DiskRig()) {
            VmFile f = file(r);
            long[] dropped = new long[3];
            MmStatsDTO[] s = new MmStatsDTO[1];
            byte[] got = new byte[1];
            r.spawn("user", k -> {
                long a = r.as.mmap(0, 2 * 4096, PROT_READ, MAP_PRIVATE, f, 0);
                r.as.load(a, got, 0, 1);
                r.as.load(a + 4096, got, 0, 1);
                dropped[0] = r.cache.dropCaches(); // both mapped: nothing goes
                r.as.munmap(a + 4096, 4096);
                dropped[1] = r.cache.dropCaches(); // page 1 is unmapped now
                r.as.load(a, got, 0, 1);           // page 0 is still there: no fault at all
                long b = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 4096);
                r.as.load(b + 5, got, 0, 1);       // page 1 again: from the disk
                s[0] = r.as.stats(k.current().pid());
            });
            r.run();
            assertEquals(0, dropped[0], "mapped pages stay");
            assertEquals(1, dropped[1]);
            assertEquals(DiskRig.pattern(8192, 1)[4096 + 5], got[0], "the disk's byte, read again");
            assertEquals(3, s[0].majFlt, "page 1 is a major fault again");
            assertEquals(List.of(800L, 808L, 808L), r.disk.reads().stream().map(DiskRig.Dispatch::sector).toList());
        }
    }

    @Test
    void readahead_submitsWithoutWaiting_pagesUnderReadAreNotDropped_thenAreOnceUptodate() {
        try (DiskRig r = new DiskRig()) {
            long[] v = new long[5];
            r.spawn("ra", k -> {
                long t0 = k.now();
                v[0] = r.cache.readPages(16);
                v[1] = k.now() - t0;
                v[2] = r.cache.dropCaches(); // all 16 are locked, under read
                k.msleep(1);
                v[3] = r.cache.dropCaches(); // read, clean, unmapped
                v[4] = r.cache.readPages(4); // the next 4 pages of the disk
            });
            r.run();
            assertEquals(16, v[0]);
            assertTrue(v[1] < DiskRig.LATENCY_NS, "readahead does not wait for the disk: " + v[1] + " ns");
            assertEquals(0, v[2], "pages under read are never dropped");
            assertEquals(16, v[3]);
            assertEquals(4, v[4]);
            List<DiskRig.Dispatch> reads = r.disk.reads();
            assertEquals(new DiskRig.Dispatch(reads.get(0).atNs(), BioOp.READ, 0, 128), reads.get(0),
                    "read_pages' plug merged the 16 pages into one request: " + reads);
            assertEquals(128, reads.get(1).sector(), "the next call goes on where the last stopped");
        }
    }

    @Test
    void readahead_memoryShort_stopsAtMinWithoutReclaimOrWarning_andReclaimThenDropsTheReadPages() {
        try (DiskRig r = new DiskRig(1, 1024, VmService.Costs.DEFAULT)) {
            long[] v = new long[3];
            r.spawn("ra", k -> {
                v[0] = r.cache.readPages(5000);
                k.msleep(2);
                v[1] = r.cache.cachedPages();
                // a blocking allocation below min: direct reclaim drops read pages
                v[2] = r.pages.allocPages(Gfp.GFP_KERNEL, 0);
            });
            r.run();
            assertTrue(v[0] > 800 && v[0] < 1024 - 32, "stopped at min: " + v[0]);
            assertFalse(r.log().contains("page allocation failure"), r.log());
            assertTrue(v[2] >= 0);
            long[] rc = TestAccess.reclaimCounts(r.node);
            assertTrue(rc[1] + rc[3] > 0, "reclaim freed read pages: " + java.util.Arrays.toString(rc));
            assertTrue(r.cache.cachedPages() < v[1]);
        }
    }

    @Test
    void readPages_outsideATask_withADisk_isRefusedWithTheFix() {
        try (DiskRig r = new DiskRig()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.cache.readPages(1));
            assertTrue(e.getMessage().contains("call it from a task, a kthread or a workqueue"), e.getMessage());
        }
    }

    @Test
    void pageWhollyPastTheEndOfAFileOnDisk_isSigbus_withoutADiskRead() {
        try (DiskRig r = new DiskRig()) {
            VmFile f = file(r); // 3 pages, the last partial
            List<String> seen = new ArrayList<>();
            Task t = r.spawn("past-eof", k -> {
                long a = r.as.mmap(0, 4 * 4096, PROT_READ, MAP_PRIVATE, f, 0);
                r.as.load(a + 2 * 4096 + 4000, new byte[1], 0, 1); // inside the last page, past i_size: zero
                seen.add("last page");
                r.as.load(a + 3 * 4096, new byte[1], 0, 1);        // index 3 >= max_idx 3
                seen.add("past the end");
            });
            r.run();
            assertEquals(List.of("last page"), seen);
            assertEquals(TaskState.DEAD, t.state());
            assertEquals(List.of(816L), r.disk.reads().stream().map(DiskRig.Dispatch::sector).toList(), "no read past the file's extent");
        }
    }

    @Test
    void fileOnADiskWithNoQueue_failsWithEio_andSigbus() {
        try (DiskRig r = new DiskRig()) {
            VmFile f = new VmFile("/data/lost", 41, "disk9", 0, 4096, false);
            List<String> seen = new ArrayList<>();
            r.spawn("lost", k -> {
                long a = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 0);
                seen.add("mapped");
                r.as.load(a, new byte[1], 0, 1);
                seen.add("loaded");
            });
            r.run();
            assertEquals(List.of("mapped"), seen);
            assertTrue(r.log().contains("/data/lost is on disk9, which has no request queue"), r.log());
        }
    }
}
