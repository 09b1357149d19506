package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskState;
import org.kernellab.api.vm.Mman;

class PagemapCommandTest {
    @Test
    void pagemap_listsPresentPagesWithFaultCounts_andSharedAfterFork() {
        try (Rig r = new Rig()) {
            long[] a = new long[1];
            var t = r.spawn("app", k -> {
                a[0] = r.as.mmap(0, 4 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                r.as.touch(a[0], 4096, true);
                r.as.touch(a[0] + 4096, 1, false);
                k.setCurrentState(TaskState.INTERRUPTIBLE);
                k.schedule();
            });
            r.run();
            String out = new PagemapCommand(r.as, r.m.machine()).pagemap(String.valueOf(t.pid()));
            assertTrue(out.startsWith("pid 1 (app): 2 pages present, min_flt 2, maj_flt 0, VmRSS 8 kB, VmPTE 12 kB\n"
                    + "VADDR                   PFN FLAGS MAPCOUNT KIND\n"), out);
            assertTrue(out.contains(String.format("%016x", a[0])) && out.contains(" rwda         1 anon\n"), out);
            assertEquals(4, out.split("\n").length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PagemapCommand(r.as, r.m.machine()).pagemap("42"));
            assertEquals("pid \"42\" is no process with an address space; see kernel:ps", e.getMessage());
        }
    }
}
