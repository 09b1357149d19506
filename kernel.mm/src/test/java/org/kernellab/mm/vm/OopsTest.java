package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.vm.Mman;

class OopsTest {
    @Test
    void nullDereference_oopsesInX86Format_taskDies_othersGoOn() {
        try (Rig r = new Rig(2, 1024, ViolationPolicy.WARN)) {
            boolean[] after = {false, false};
            r.spawn("drv", k -> {
                r.ua.kernelRead(0, new byte[8], 0, 8);
                after[0] = true;
            });
            r.spawn("other", k -> {
                k.compute(3_000_000);
                after[1] = true;
            });
            r.run();
            String log = r.log();
            assertTrue(log.contains("BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
                    + "#PF: supervisor read access in kernel mode\n"
                    + "#PF: error_code(0x0000) - not-present page\n"
                    + "PGD "), log);
            assertTrue(log.contains("Oops: 0000 [#1] PREEMPT SMP NOPTI\nCPU: 0 PID: 1 Comm: drv Tainted: G      D"), log);
            assertTrue(log.contains("KernelLab: the task is killed; every other task carries on"), log);
            assertFalse(after[0]);
            assertTrue(after[1]);
            assertFalse(r.m.kernel().panicked());
        }
    }

    @Test
    void unmappedKernelAddressWrite_unableToHandlePageFault() {
        try (Rig r = new Rig()) {
            r.spawn("drv", k -> r.ua.kernelWrite(Mman.PAGE_OFFSET + (1L << 40), new byte[1], 0, 1));
            r.run();
            String log = r.log();
            assertTrue(log.contains("BUG: unable to handle page fault for address: ffff898000000000\n"
                    + "#PF: supervisor write access in kernel mode\n"
                    + "#PF: error_code(0x0002) - not-present page\n"
                    + "PGD 0 P4D 0\n"), log);
        }
    }

    @Test
    void userAddressFromKernelMode_presentPage_isAPermissionsViolation() {
        try (Rig r = new Rig()) {
            r.spawn("drv", k -> {
                long a = r.as.mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                r.as.touch(a, 1, true);
                r.ua.kernelRead(a, new byte[1], 0, 1);
            });
            r.run();
            assertTrue(r.log().contains("#PF: error_code(0x0001) - permissions violation"), r.log());
            assertTrue(r.log().contains(" PTE "), "the walk reaches the PTE: " + r.log());
        }
    }

    @Test
    void directMapAddress_readsTheFrame() {
        try (Rig r = new Rig()) {
            byte[] got = new byte[2];
            r.spawn("drv", k -> {
                long kaddr = r.ua.pageAddress(10) + 100;
                r.ua.kernelWrite(kaddr, new byte[] {4, 5}, 0, 2);
                r.ua.kernelRead(kaddr, got, 0, 2);
            });
            r.run();
            assertEquals(4, got[0]);
            assertEquals(5, got[1]);
            assertFalse(r.log().contains("Oops"), r.log());
        }
    }

    @Test
    void oops_underPanicPolicy_haltsTheMachine() {
        try (Rig r = new Rig(1, 1024, ViolationPolicy.PANIC)) {
            r.spawn("drv", k -> r.ua.kernelRead(8, new byte[1], 0, 1));
            var res = r.m.kernel().runUntilIdle(Rig.LIMIT);
            assertTrue(r.m.kernel().panicked());
            assertEquals("panic", res.stoppedBy);
            assertTrue(res.panic.contains("BUG: kernel NULL pointer dereference, address: 0000000000000008"), res.panic);
            assertTrue(res.panic.contains("Kernel panic - not syncing: Fatal exception"), res.panic);
        }
    }
}
