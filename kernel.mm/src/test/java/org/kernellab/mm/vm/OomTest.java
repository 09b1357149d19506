package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.ViolationPolicy;

class OomTest {
    private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;
    private static final int RW = PROT_READ | PROT_WRITE;

    /** A process of 16 pages that lives 20 ms, and a hog that touches 16 MiB; the hog's oom_score_adj is {@code hogAdj}. */
    private static boolean[] smallAndHog(Rig r, int hogAdj) {
        boolean[] done = {false, false};
        r.spawn("small", k -> {
            long a = r.as.mmap(0, 16 * 4096, RW, ANON, null, 0);
            r.as.touch(a, 16 * 4096, true);
            k.msleep(20);
            r.as.touch(a, 16 * 4096, false);
            done[0] = true;
        });
        r.spawn("hog", k -> {
            assertEquals(0, r.as.setOomScoreAdj(k.current().pid(), hogAdj));
            long a = r.as.mmap(0, 4096L * 4096, RW, ANON, null, 0);
            for (long off = 0; off < 4096L * 4096; off += 4096) r.as.touch(a + off, 1, true);
            done[1] = true;
        });
        r.run();
        return done;
    }

    @Test
    void memoryHog_isKilledWithLinuxReport_theOthersGoOn() {
        try (Rig r = new Rig(1, 512, ViolationPolicy.WARN)) {
            boolean[] done = smallAndHog(r, 0);
            String log = r.log();
            assertTrue(log.contains("hog invoked oom-killer: gfp_mask=0x2cc0(GFP_KERNEL|__GFP_NOWARN), order=0, oom_score_adj=0"), log);
            assertTrue(log.contains("Tasks state (memory values in pages):\n"
                    + "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n"
                    + "[      1]     0     1"), log);
            assertTrue(log.contains("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=hog,pid=2,uid=0"), log);
            assertTrue(log.matches("(?s).*Out of memory: Killed process 2 \\(hog\\) total-vm:\\d+kB, anon-rss:\\d+kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:\\d+kB oom_score_adj:0.*"), log);
            assertTrue(log.contains("oom_reaper: reaped process 2 (hog), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"), log);
            assertTrue(done[0], "the small process carried on");
            assertFalse(done[1], "the hog died");
        }
    }

    @Test
    void oomScoreAdj_minus1000_isNeverChosen_theNextIs() {
        try (Rig r = new Rig(1, 512, ViolationPolicy.WARN)) {
            boolean[] done = smallAndHog(r, -1000);
            String log = r.log();
            assertTrue(log.contains("Out of memory: Killed process 1 (small)"), log);
            assertFalse(log.contains("Killed process 2 (hog)"), log);
            assertFalse(done[0], "small was chosen instead");
        }
    }

    @Test
    void victimNotCurrent_diesAtItsNextCompute_withoutUsingTheMemoryService() {
        // the hog (-1000) is never chosen, so the sleeping small process is the victim; once woken it
        // only computes: SIGKILL ends it there, as fatal_signal_pending does on the way to user mode
        try (Rig r = new Rig(1, 512, ViolationPolicy.WARN)) {
            boolean[] computed = {false};
            org.kernellab.api.Task[] small = {null};
            r.spawn("small", k -> {
                small[0] = k.current();
                long a = r.as.mmap(0, 16 * 4096, RW, ANON, null, 0);
                r.as.touch(a, 16 * 4096, true);
                k.msleep(20);
                k.compute(1_000_000);
                computed[0] = true;
            });
            r.spawn("hog", k -> {
                r.as.setOomScoreAdj(k.current().pid(), -1000);
                long a = r.as.mmap(0, 4096L * 4096, RW, ANON, null, 0);
                for (long off = 0; off < 4096L * 4096; off += 4096) r.as.touch(a + off, 1, true);
            });
            r.run();
            assertTrue(r.log().contains("Out of memory: Killed process 1 (small)"), r.log());
            assertFalse(computed[0], "the victim died at its compute(), not after it");
            assertEquals(org.kernellab.api.TaskState.DEAD, small[0].state());
        }
    }

    @Test
    void badness_rssPlusPageTablesPlusScaledAdj_ordering() {
        try (Rig r = new Rig()) {
            long[] pts = new long[3];
            r.spawn("a", k -> {
                long a = r.as.mmap(0, 10 * 4096, RW, ANON, null, 0);
                r.as.touch(a, 10 * 4096, true);
                var p = procOf(r, k.current().pid());
                pts[0] = VmService.badness(p, 1000_000);
                p.oomScoreAdj = 500;
                pts[1] = VmService.badness(p, 1000_000);
                p.oomScoreAdj = -1000;
                pts[2] = VmService.badness(p, 1000_000);
            });
            r.run();
            // 10 pages + PUD, PMD and PTE tables for the mapping, PUD/PMD/PTE for the stack (another PUD index? no: same PGD slot)
            assertTrue(pts[0] >= 13 && pts[0] <= 16, "rss + page-table pages: " + pts[0]);
            assertEquals(pts[0] + 500 * 1000, pts[1], "adj * totalpages/1000");
            assertEquals(Long.MIN_VALUE, pts[2]);
        }
    }

    @Test
    void setOomScoreAdj_outOfRange_einval_noTask_esrch() {
        try (Rig r = new Rig()) {
            assertEquals(-Errno.EINVAL, r.as.setOomScoreAdj(1, 1001));
            assertEquals(-Errno.ESRCH, r.as.setOomScoreAdj(77, 0));
        }
    }

    private static VmService.Proc procOf(Rig r, int pid) {
        try {
            var f = VmService.class.getDeclaredField("procs");
            f.setAccessible(true);
            return ((java.util.Map<Integer, VmService.Proc>) f.get(r.svc)).get(pid);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
