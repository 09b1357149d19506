package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_FIXED;
import static org.kernellab.api.vm.Mman.MAP_FIXED_NOREPLACE;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.MAP_SHARED;
import static org.kernellab.api.vm.Mman.PROT_NONE;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.vm.Mman;
import org.kernellab.api.vm.VmFile;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.kernellab.api.vm.dto.PteDTO;
import org.kernellab.api.vm.dto.VmaDTO;

class AddressSpacesTest {
    private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;
    private static final int RW = PROT_READ | PROT_WRITE;

    private static List<String> ranges(Rig r, int pid) {
        List<String> out = new ArrayList<>();
        for (VmaDTO d : r.as.maps(pid)) out.add(Long.toHexString(d.start) + "-" + Long.toHexString(d.end) + " " + d.perms);
        return out;
    }

    @Test
    void anonymousPage_firstTouchIsMinorFault_secondIsNone() {
        try (Rig r = new Rig()) {
            long[] t = new long[4];
            MmStatsDTO[] s = new MmStatsDTO[2];
            r.spawn("app", k -> {
                long a = r.as.mmap(0, 8192, RW, ANON, null, 0);
                t[0] = a;
                t[1] = k.now();
                r.as.store(a, new byte[] {42}, 0, 1);
                t[2] = k.now();
                s[0] = r.as.stats(k.current().pid());
                byte[] b = new byte[1];
                r.as.load(a, b, 0, 1);
                t[3] = k.now();
                s[1] = r.as.stats(k.current().pid());
                assertEquals(42, b[0]);
            });
            r.run();
            assertTrue(t[0] > 0 && t[0] + 8192 <= Mman.MMAP_BASE, "top-down below mmap_base: " + Long.toHexString(t[0]));
            assertEquals(1, s[0].minFlt);
            assertEquals(0, s[0].majFlt);
            assertEquals(VmService.Costs.DEFAULT.minorNs(), t[2] - t[1], "a minor fault costs its simulated time at its instant");
            assertEquals(1, s[1].minFlt, "the page is mapped now: no second fault");
            assertEquals(t[2], t[3]);
            assertEquals(1, s[0].rssAnon);
        }
    }

    @Test
    void mmap_badArguments_returnLinuxErrors() {
        try (Rig r = new Rig()) {
            List<Long> got = new ArrayList<>();
            VmFile ro = new VmFile("/etc/motd", 7, new byte[100], false);
            r.spawn("app", k -> {
                got.add(r.as.mmap(0, 0, RW, ANON, null, 0));
                got.add(r.as.mmap(0, 4096, RW, MAP_ANONYMOUS, null, 0));
                got.add(r.as.mmap(0, 4096, RW, MAP_PRIVATE, null, 0));
                got.add(r.as.mmap(0, 4096, RW, MAP_PRIVATE, ro, 100));
                got.add(r.as.mmap(0x1000, 4096, RW, ANON | MAP_FIXED, null, 0));
                got.add(r.as.mmap(0x10001000L, 4096, RW, ANON | MAP_FIXED, null, 0));
                got.add(r.as.mmap(0x10000000L, 4096 * 4, RW, ANON | MAP_FIXED_NOREPLACE, null, 0));
                got.add(r.as.mmap(0, 4096, RW, MAP_SHARED, ro, 0));
                got.add(r.as.mmap(0, 4096, PROT_READ, MAP_SHARED, ro, 0) > 0 ? 0L : -1L);
                got.add(r.as.mmap(0x10001001L, 4096, RW, ANON | MAP_FIXED, null, 0));
            });
            r.run();
            assertEquals(List.of((long) -Errno.EINVAL, (long) -Errno.EINVAL, (long) -Errno.EBADF, (long) -Errno.EINVAL,
                    (long) -Errno.EPERM, 0x10001000L, (long) -Errno.EEXIST, (long) -Errno.EACCES, 0L, (long) -Errno.EINVAL), got);
        }
    }

    @Test
    void munmap_middleOfVma_splitsItAndTheHoleFaults() {
        try (Rig r = new Rig()) {
            List<String> before = new ArrayList<>(), after = new ArrayList<>();
            int[] rc = new int[2];
            boolean[] survived = {false};
            r.spawn("app", k -> {
                long a = r.as.mmap(0x20000000L, 4 * 4096, RW, ANON | MAP_FIXED, null, 0);
                r.as.touch(a, 4 * 4096, true);
                before.addAll(ranges(r, k.current().pid()));
                rc[0] = r.as.munmap(a + 4096, 4096);
                rc[1] = r.as.munmap(a + 1, 4096);
                after.addAll(ranges(r, k.current().pid()));
                assertEquals(3, r.as.stats(k.current().pid()).rssAnon, "the unmapped page went back");
                r.as.touch(a + 4096, 1, false);
                survived[0] = true;
            });
            r.run();
            assertTrue(before.contains("20000000-20004000 rw-p"), before.toString());
            assertEquals(0, rc[0]);
            assertEquals(-Errno.EINVAL, rc[1]);
            assertTrue(after.contains("20000000-20001000 rw-p") && after.contains("20002000-20004000 rw-p"), after.toString());
            assertFalse(survived[0], "the access to the hole killed the process");
            assertTrue(r.log().contains("app[1]: segfault at 20001000 ip 0000000000400000 sp 00007fffffffe000 error 4 in app[400000+1000] likely on CPU 0 (core 0, socket 0)"), r.log());
        }
    }

    @Test
    void mprotect_middle_splitsThree_thenRestoringMergesBackToOne() {
        try (Rig r = new Rig()) {
            List<List<String>> seen = new ArrayList<>();
            int[] rc = new int[3];
            r.spawn("app", k -> {
                int pid = k.current().pid();
                long a = r.as.mmap(0x30000000L, 3 * 4096, RW, ANON | MAP_FIXED, null, 0);
                rc[0] = r.as.mprotect(a + 4096, 4096, PROT_READ);
                seen.add(ranges(r, pid));
                rc[1] = r.as.mprotect(a + 4096, 4096, RW);
                seen.add(ranges(r, pid));
                rc[2] = r.as.mprotect(a, 8 * 4096, PROT_READ);
                seen.add(ranges(r, pid));
            });
            r.run();
            assertEquals(0, rc[0]);
            assertTrue(seen.get(0).containsAll(List.of("30000000-30001000 rw-p", "30001000-30002000 r--p", "30002000-30003000 rw-p")), seen.get(0).toString());
            assertTrue(seen.get(1).contains("30000000-30003000 rw-p"), "merged again: " + seen.get(1));
            assertEquals(-Errno.ENOMEM, rc[2], "a hole after the mapping");
            assertTrue(seen.get(2).contains("30000000-30003000 r--p"), "the part before the hole changed, as in Linux: " + seen.get(2));
        }
    }

    @Test
    void exitedProcess_memoryIsFreedAtExit_notAtTheServicesNextUse() {
        // do_exit() -> exit_mm(): nothing uses the address spaces after the process ends, yet its
        // pages, page tables and pgd are back by the time the run is over
        try (Rig r = new Rig()) {
            long[] during = new long[1];
            r.spawn("app", k -> {
                long a = r.as.mmap(0, 64 * 4096, RW, ANON, null, 0);
                r.as.touch(a, 64 * 4096, true);
                during[0] = r.pages.nrFreePages();
            });
            r.run();
            assertTrue(during[0] <= r.pages.totalPages() - 64, "the process held its pages: " + during[0]);
            assertEquals(r.pages.totalPages(), r.pages.nrFreePages(), "all of it came back at exit");
        }
    }

    @Test
    void writeToReadOnlyPresentPage_segfaultsWithProtectionErrorCode() {
        try (Rig r = new Rig()) {
            r.spawn("app", k -> {
                long a = r.as.mmap(0x30000000L, 4096, RW, ANON | MAP_FIXED, null, 0);
                r.as.touch(a, 1, true);
                r.as.mprotect(a, 4096, PROT_READ);
                r.as.touch(a, 1, false);
                r.as.store(a + 8, new byte[1], 0, 1);
            });
            r.spawn("other", k -> k.compute(1_000_000));
            r.run();
            assertTrue(r.log().contains("app[1]: segfault at 30000008 ip 0000000000400000 sp 00007fffffffe000 error 7"), r.log());
            assertEquals(1, r.m.kernel().dmesg().stream().filter(l -> l.text.contains("segfault")).count());
            assertEquals(r.pages.totalPages(), r.pages.nrFreePages() + 0, "the dead process's memory all came back");
        }
    }

    @Test
    void protNone_readFaultsNotPresent() {
        try (Rig r = new Rig()) {
            r.spawn("app", k -> {
                long a = r.as.mmap(0x30000000L, 4096, RW, ANON | MAP_FIXED, null, 0);
                r.as.touch(a, 1, true);
                r.as.mprotect(a, 4096, PROT_NONE);
                r.as.touch(a, 1, false);
            });
            r.run();
            assertTrue(r.log().contains("app[1]: segfault at 30000000 ip 0000000000400000 sp 00007fffffffe000 error 4"), r.log());
        }
    }

    @Test
    void brk_growsShrinksAndRefusesBelowStart() {
        try (Rig r = new Rig()) {
            long[] b = new long[6];
            List<String> maps = new ArrayList<>();
            r.spawn("app", k -> {
                b[0] = r.as.brk(0);
                b[1] = r.as.brk(b[0] + 10_000);
                r.as.touch(b[0], 10_000, true);
                maps.add(r.as.procMaps(k.current().pid()));
                b[2] = r.as.brk(b[0] + 100);
                b[3] = r.as.brk(b[0] - 4096);
                b[4] = r.as.stats(k.current().pid()).rssAnon;
                r.as.mmap(0x500000L, 4096, PROT_READ, ANON | MAP_FIXED, null, 0);
                b[5] = r.as.brk(0x500000L); // into a mapping: refused
            });
            r.run();
            assertEquals(Mman.TEXT_START + 4096, b[0]);
            assertEquals(b[0] + 10_000, b[1]);
            assertTrue(maps.get(0).contains("00401000-00404000 rw-p 00000000 00:00 0                                  [heap]"), maps.get(0));
            assertEquals(b[0] + 100, b[2]);
            assertEquals(b[0] + 100, b[3], "below the heap's start: the old break");
            assertEquals(1, b[4], "two of the three heap pages went back with the shrink");
            assertEquals(b[0] + 100, b[5]);
        }
    }

    @Test
    void fork_sharesPagesCopyOnWrite_andAWriteBreaksTheSharing() {
        try (Rig r = new Rig()) {
            byte[] parentSaw = new byte[1], childSaw = new byte[2];
            List<PteDTO> shared = new ArrayList<>();
            MmStatsDTO[] childStats = new MmStatsDTO[1];
            long[] addr = new long[1];
            r.spawn("parent", k -> {
                long a = r.as.mmap(0, 4096, RW, ANON, null, 0);
                addr[0] = a;
                r.as.store(a, new byte[] {1}, 0, 1);
                r.as.fork(TaskSpec.process("child"), kc -> {
                    int pid = kc.current().pid();
                    shared.addAll(r.as.pagemap(pid));
                    r.as.load(a, childSaw, 0, 1);
                    r.as.store(a, new byte[] {2}, 0, 1);
                    r.as.load(a, childSaw, 1, 1);
                    childStats[0] = r.as.stats(pid);
                });
                k.msleep(10);
                r.as.load(a, parentSaw, 0, 1);
            });
            r.run();
            PteDTO p = shared.stream().filter(e -> e.vaddr == addr[0]).findFirst().orElseThrow();
            assertEquals(2, p.mapcount, "parent and child map one frame");
            assertFalse(p.writable, "write-protected for copy-on-write");
            assertArrayEquals(new byte[] {1, 2}, childSaw);
            assertEquals(1, parentSaw[0], "the child's write went to its own copy");
            assertEquals(1, childStats[0].minFlt, "the COW break is the child's one fault");
        }
    }

    @Test
    void fork_lastSharerWritesWithoutCopying() {
        try (Rig r = new Rig()) {
            long[] pfns = new long[2];
            r.spawn("parent", k -> {
                long a = r.as.mmap(0, 4096, RW, ANON, null, 0);
                r.as.touch(a, 1, true);
                r.as.fork(TaskSpec.process("child"), kc -> { });
                k.msleep(10); // the child has exited
                r.as.brk(0); // a sweep point: nothing; the child's mm goes at the OOM sweep or a new process
                pfns[0] = r.as.pagemap(k.current().pid()).stream().filter(e -> e.vaddr == a).findFirst().orElseThrow().pfn;
                r.spawn("sweeper", ks -> r.as.brk(0));
                k.msleep(10);
                r.as.touch(a, 1, true);
                pfns[1] = r.as.pagemap(k.current().pid()).stream().filter(e -> e.vaddr == a).findFirst().orElseThrow().pfn;
            });
            r.run();
            assertEquals(pfns[0], pfns[1], "mapcount 1: wp_page_reuse, no copy");
        }
    }

    @Test
    void fileMapping_firstTouchIsMajorAndSleeps_secondProcessHitsThePageCache() {
        try (Rig r = new Rig()) {
            byte[] data = new byte[6000];
            data[5000] = 77;
            VmFile f = new VmFile("/data/table", 12, data, false);
            MmStatsDTO[] s = new MmStatsDTO[2];
            long[] took = new long[2];
            byte[] got = new byte[2];
            r.spawn("reader1", k -> {
                long a = r.as.mmap(0, 8192, PROT_READ, MAP_PRIVATE, f, 0);
                long t0 = k.now();
                r.as.load(a + 5000, got, 0, 1);
                took[0] = k.now() - t0;
                s[0] = r.as.stats(k.current().pid());
            });
            r.spawn("reader2", k -> {
                k.msleep(5);
                long a = r.as.mmap(0, 8192, PROT_READ, MAP_PRIVATE, f, 0);
                long t0 = k.now();
                r.as.load(a + 5000, got, 1, 1);
                took[1] = k.now() - t0;
                s[1] = r.as.stats(k.current().pid());
            });
            r.run();
            assertArrayEquals(new byte[] {77, 77}, got);
            assertEquals(1, s[0].majFlt);
            assertEquals(0, s[0].minFlt);
            assertTrue(took[0] >= VmService.Costs.DEFAULT.majorNs(), "slept for the disk: " + took[0]);
            assertEquals(0, s[1].majFlt);
            assertEquals(1, s[1].minFlt, "the page cache had it");
            assertEquals(1, s[1].rssFile);
        }
    }

    @Test
    void privateFileMapping_writeCopies_fileAndOthersUnchanged() {
        try (Rig r = new Rig()) {
            byte[] data = {5, 6, 7};
            VmFile f = new VmFile("/data/x", 3, data, false);
            byte[] got = new byte[2];
            r.spawn("w", k -> {
                long a = r.as.mmap(0, 4096, RW, MAP_PRIVATE, f, 0);
                r.as.store(a, new byte[] {9}, 0, 1);
                long b = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 0);
                r.as.load(b, got, 0, 1);
                r.as.load(a, got, 1, 1);
                MmStatsDTO s = r.as.stats(k.current().pid());
                assertEquals(1, s.majFlt);
                assertEquals(1, s.rssAnon);
                assertEquals(1, s.rssFile);
            });
            r.run();
            assertArrayEquals(new byte[] {5, 9}, got);
        }
    }

    @Test
    void sharedAnonymousMapping_isSharedAcrossFork() {
        try (Rig r = new Rig()) {
            byte[] got = new byte[1];
            r.spawn("parent", k -> {
                long a = r.as.mmap(0, 4096, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
                r.as.fork(TaskSpec.process("child"), kc -> r.as.store(a, new byte[] {33}, 0, 1));
                k.msleep(5);
                r.as.load(a, got, 0, 1);
                assertTrue(r.as.procMaps(k.current().pid()).contains("rw-s 00000000 00:00 1"), r.as.procMaps(k.current().pid()));
            });
            r.run();
            assertEquals(33, got[0]);
        }
    }

    @Test
    void procStatus_hasLinuxMemoryLines() {
        try (Rig r = new Rig()) {
            String[] st = new String[1];
            r.spawn("app", k -> {
                long a = r.as.mmap(0, 16 * 4096, RW, ANON, null, 0);
                r.as.touch(a, 16 * 4096, true);
                st[0] = r.as.procStatus(k.current().pid());
            });
            r.run();
            String s = st[0];
            assertTrue(s.startsWith("Name:\tapp\nState:\tR (running)\nTgid:\t1\nPid:\t1\n"), s);
            // text 4 + stack 132 + 64 = 200 kB
            assertTrue(s.contains("VmPeak:\t     200 kB\nVmSize:\t     200 kB\nVmLck:\t       0 kB\nVmPin:\t       0 kB\nVmHWM:\t      64 kB\nVmRSS:\t      64 kB\nRssAnon:\t      64 kB\nRssFile:\t       0 kB\nRssShmem:\t       0 kB\nVmData:\t      64 kB\nVmStk:\t     132 kB\nVmExe:\t       4 kB\nVmLib:\t       0 kB\nVmPTE:\t      12 kB\nVmSwap:\t       0 kB\n"), s);
        }
    }

    @Test
    void procMaps_linuxFormat() {
        try (Rig r = new Rig()) {
            String[] maps = new String[1];
            r.spawn("app", k -> {
                r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, null, 0);
                maps[0] = r.as.procMaps(k.current().pid());
            });
            r.run();
            assertEquals("00400000-00401000 r-xp 00000000 00:00 1000                               /usr/bin/app\n"
                    + "7ffff7ffe000-7ffff7fff000 r--p 00000000 00:00 0 \n"
                    + "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n", maps[0]);
        }
    }

    @Test
    void kernelThread_hasNoAddressSpace_andSystemCallsAreRefused() {
        try (Rig r = new Rig()) {
            String[] msg = new String[1];
            r.m.kernel().spawn(TaskSpec.kthread("kworker"), k -> {
                try {
                    r.as.brk(0);
                } catch (IllegalStateException e) {
                    msg[0] = e.getMessage();
                }
            });
            r.run();
            assertEquals("brk() from kworker/1, which has no address space: only a user process (TaskSpec.process) has one", msg[0]);
        }
    }

    @Test
    void exitedProcess_memoryIsFreedAtTheNextSweep() {
        try (Rig r = new Rig()) {
            long total = r.pages.totalPages();
            long[] free = new long[1];
            r.spawn("a", k -> r.as.touch(r.as.mmap(0, 64 * 4096, RW, ANON, null, 0), 64 * 4096, true));
            r.spawn("b", k -> {
                k.msleep(5);
                r.as.brk(0); // b's first use: a new process, and a sweep
                free[0] = r.pages.nrFreePages();
            });
            r.run();
            assertNotEquals(0, free[0]);
            assertTrue(free[0] >= total - 8, "only b's own tables and pages are in use: " + free[0] + " of " + total);
        }
    }

    @Test
    void sharedFileMapping_writeIsSeenByAnotherProcess_throughThePageCache() {
        try (Rig r = new Rig()) {
            VmFile f = new VmFile("/data/shared", 21, new byte[4096], true);
            byte[] got = new byte[1];
            MmStatsDTO[] s = new MmStatsDTO[1];
            r.spawn("writer", k -> {
                long a = r.as.mmap(0, 4096, RW, MAP_SHARED, f, 0);
                r.as.store(a + 10, new byte[] {55}, 0, 1);
                s[0] = r.as.stats(k.current().pid());
            });
            r.spawn("reader", k -> {
                k.msleep(5);
                long a = r.as.mmap(0, 4096, PROT_READ, MAP_SHARED, f, 0);
                r.as.load(a + 10, got, 0, 1);
            });
            r.run();
            assertEquals(55, got[0]);
            assertEquals(1, s[0].majFlt, "read from the disk once");
            assertEquals(1, s[0].rssFile);
        }
    }

    @Test
    void twoProcessesFaultOneFilePage_onlyTheFirstReadsTheDisk_theSecondWaitsForIt() {
        try (Rig r = new Rig(2, 1024, org.kernellab.api.ViolationPolicy.WARN)) {
            VmFile f = new VmFile("/data/big", 22, new byte[] {1, 2, 3}, false);
            MmStatsDTO[] s = new MmStatsDTO[2];
            long[] done = new long[2];
            for (int i = 0; i < 2; i++) {
                int me = i;
                r.m.kernel().spawn(TaskSpec.process("p" + i).onCpu(i), k -> {
                    long a = r.as.mmap(0, 4096, PROT_READ, MAP_PRIVATE, f, 0);
                    if (me == 1) k.compute(10_000); // p1 comes while p0's read is in flight
                    r.as.touch(a, 1, false);
                    done[me] = k.now();
                    s[me] = r.as.stats(k.current().pid());
                });
            }
            r.run();
            assertEquals(1, s[0].majFlt);
            assertEquals(0, s[1].majFlt);
            assertEquals(1, s[1].minFlt);
            assertTrue(done[1] >= VmService.Costs.DEFAULT.majorNs(), "p1 waited for the page: " + done[1]);
        }
    }

    @Test
    void mapPopulate_faultsEveryPageAtMmap() {
        try (Rig r = new Rig()) {
            MmStatsDTO[] s = new MmStatsDTO[1];
            r.spawn("app", k -> {
                r.as.mmap(0, 5 * 4096, RW, ANON | Mman.MAP_POPULATE, null, 0);
                s[0] = r.as.stats(k.current().pid());
            });
            r.run();
            assertEquals(5, s[0].minFlt);
            assertEquals(5, s[0].rssAnon);
        }
    }

    @Test
    void segfaultLines_areRateLimitedTenPerFiveSeconds() {
        try (Rig r = new Rig()) {
            for (int i = 0; i < 12; i++) r.spawn("bad" + i, k -> r.as.load(0x1000, new byte[1], 0, 1));
            r.run();
            assertEquals(10, r.m.kernel().dmesg().stream().filter(l -> l.text.contains(": segfault at 1000 ")).count(), r.log());
            assertEquals(r.pages.totalPages(), r.pages.nrFreePages(), "all twelve died and gave their memory back");
        }
    }

    @Test
    void kernelThread_copyFromUser_hasNoMm_returnsTheCount() {
        try (Rig r = new Rig()) {
            long[] rc = new long[1];
            r.m.kernel().spawn(TaskSpec.kthread("kthr"), k -> rc[0] = r.ua.copyFromUser(new byte[8], 0, 0x400000, 8));
            r.run();
            assertEquals(8, rc[0]);
        }
    }

    @Test
    void afterReset_theSamePidGetsAFreshMm_inAWholeNewZone() {
        try (Rig r = new Rig()) {
            long free0 = r.pages.nrFreePages();
            r.spawn("old", k -> {
                r.as.touch(r.as.mmap(0, 10 * 4096, RW, ANON, null, 0), 10 * 4096, true);
                k.setCurrentState(org.kernellab.api.TaskState.INTERRUPTIBLE);
                k.schedule();
            });
            r.run();
            assertTrue(r.pages.nrFreePages() <= free0 - 10);
            r.m.kernel().reset();
            long[] rss = {-1};
            long[] free = {0};
            r.spawn("new", k -> {
                r.as.brk(0); // its first use: exec makes its mm (a view alone makes none)
                rss[0] = r.as.stats(k.current().pid()).rssAnon;
                free[0] = r.pages.nrFreePages();
            });
            r.run();
            assertEquals(0, rss[0], "pid 1 again, but a new process: " + r.log());
            assertTrue(free[0] >= free0 - 1, "the new machine's zone is whole but for new's pgd: " + free[0] + " of " + free0);
        }
    }

    @Test
    void mmap_beyondMaxMapCount_enomem() {
        try (Rig r = new Rig(1, 1024, org.kernellab.api.ViolationPolicy.WARN, new VmService.Costs(500, 250, 100_000, 4))) {
            List<Long> got = new ArrayList<>();
            r.spawn("app", k -> {
                // text and stack are two; two more fit (apart, so they do not merge)
                got.add(r.as.mmap(0x10000000L, 4096, RW, ANON | MAP_FIXED, null, 0));
                got.add(r.as.mmap(0x20000000L, 4096, PROT_READ, ANON | MAP_FIXED, null, 0));
                got.add(r.as.mmap(0x30000000L, 4096, RW, ANON | MAP_FIXED, null, 0));
                got.add(r.as.brk(0) == r.as.brk(r.as.brk(0) + 4096) ? 1L : 0L);
            });
            r.run();
            assertEquals(List.of(0x10000000L, 0x20000000L, (long) -Errno.ENOMEM, 1L), got, "brk is refused too");
        }
    }

    @Test
    void fork_withoutMemoryForThePageTables_returnsNull_parentGoesOn() {
        try (Rig r = new Rig(1, 64, org.kernellab.api.ViolationPolicy.WARN)) {
            Object[] child = {"unset"};
            boolean[] after = {false};
            r.spawn("parent", k -> {
                assertEquals(0, r.as.setOomScoreAdj(k.current().pid(), -1000)); // nothing to kill
                long a = r.as.mmap(0, 64 * 4096, RW, ANON, null, 0);
                for (long off = 0; ; off += 4096) {
                    // fill memory with put_user until a page can no longer be faulted in
                    if (r.ua.putUser(1, a + off, 1) != 0 || off >= 63 * 4096) break;
                }
                child[0] = r.as.fork(TaskSpec.process("child"), kc -> { });
                after[0] = true;
            });
            r.run();
            assertEquals(null, child[0], r.log());
            assertTrue(after[0]);
        }
    }
}
