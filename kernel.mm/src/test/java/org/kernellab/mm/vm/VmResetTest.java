package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.vm.Mman;

/**
 * The address spaces follow the machine across kernel:reset: the memory manager's zone is new after
 * a reset, so the processes and pages of the old machine are forgotten, never freed into it.
 */
class VmResetTest {

    @Test
    void afterReset_theOldMachinesPagesAreForgotten_andTheNewOnesWork() {
        try (Rig r = new Rig(1, 1024, ViolationPolicy.WARN)) {
            Kernel k = r.m.kernel();
            PageAllocator pages = r.pages;
            VmService vm = r.svc;
            long[] before = new long[1];
            k.spawn(TaskSpec.process("old"), kk -> {
                long a = vm.mmap(0, 64 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                vm.touch(a, 64 * 4096, true);
                kk.msleep(1000); // still alive, its 64 pages mapped, when the machine is reset
            });
            k.run(10_000_000L);
            before[0] = pages.nrFreePages();
            assertTrue(before[0] < 1024 - 64, "old holds its pages: " + before[0]);

            k.reset();
            long fresh = pages.nrFreePages();
            assertEquals(1024, fresh, "the new machine's zone is whole");
            byte[] seen = new byte[3];
            long[] held = new long[2];
            k.spawn(TaskSpec.process("new"), kk -> {
                long a = vm.mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                vm.store(a, new byte[] {1, 2, 3}, 0, 3);
                vm.load(a, seen, 0, 3);
                held[0] = fresh - pages.nrFreePages();
            });
            k.runUntilIdle(1_000_000_000L);
            assertArrayEquals(new byte[] {1, 2, 3}, seen);
            // new held exactly its own: its pgd, pud, pmd and pte tables and its one page; nothing of
            // old's went into this zone; and all of it went back at its exit (the exit hook's exit_mm)
            assertEquals(5, held[0]);
            assertEquals(0, fresh - pages.nrFreePages(), "new's 5 went back at its exit");
            k.spawn(TaskSpec.process("next"), kk -> {
                vm.brk(0);
                held[1] = fresh - pages.nrFreePages();
            });
            k.runUntilIdle(1_000_000_000L);
            assertEquals(1, held[1], "next held its pgd, having touched nothing");
            assertEquals(0, fresh - pages.nrFreePages());
        }
    }
}
