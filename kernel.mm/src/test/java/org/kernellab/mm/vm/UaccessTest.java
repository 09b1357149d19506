package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_FIXED;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.ContextViolationException;
import org.kernellab.api.Errno;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.vm.Mman;

class UaccessTest {
    private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
    private static final int RW = PROT_READ | PROT_WRITE;
    private static final long A = 0x40000000L;

    @Test
    void copyFromUser_returnsBytesNotCopied_andZeroFillsThem() {
        try (Rig r = new Rig()) {
            List<Long> got = new ArrayList<>();
            byte[] buf = new byte[8];
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                r.as.store(A + 4090, new byte[] {1, 2, 3, 4, 5, 6}, 0, 6);
                java.util.Arrays.fill(buf, (byte) 9);
                got.add(r.ua.copyFromUser(buf, 0, A + 4090, 8)); // the last 2 bytes are in no mapping
                got.add(r.ua.copyFromUser(new byte[4], 0, 0, 4)); // NULL
                got.add(r.ua.copyFromUser(new byte[4], 0, Mman.PAGE_OFFSET, 4)); // a kernel address
                got.add(r.ua.copyFromUser(new byte[4], 0, A, 4)); // all there
            });
            r.run();
            assertEquals(List.of(2L, 4L, 4L, 0L), got);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 0, 0}, buf, "the tail not copied is zeroed");
        }
    }

    @Test
    void kernelAddress_neverYieldsData_evenWhenItIsMapped() {
        try (Rig r = new Rig()) {
            byte[] buf = {7, 7, 7, 7};
            long[] rc = new long[1];
            r.spawn("app", k -> {
                long kaddr = r.ua.pageAddress(3);
                r.ua.kernelWrite(kaddr, new byte[] {1, 2, 3, 4}, 0, 4);
                rc[0] = r.ua.copyFromUser(buf, 0, kaddr, 4);
            });
            r.run();
            assertEquals(4, rc[0]);
            assertArrayEquals(new byte[4], buf);
        }
    }

    @Test
    void copyToUser_readOnlyOrUnmapped_returnsCount_writableReturnsZero() {
        try (Rig r = new Rig()) {
            List<Long> got = new ArrayList<>();
            byte[] back = new byte[3];
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                r.as.mmap(A + 4096, 4096, PROT_READ, ANON, null, 0);
                got.add(r.ua.copyToUser(A, new byte[] {1, 2, 3}, 0, 3));
                got.add(r.ua.copyToUser(A + 4095, new byte[] {1, 2, 3}, 0, 3)); // 1 byte fits, 2 go to the read-only page
                got.add(r.ua.copyToUser(A + 8192, new byte[3], 0, 3));
                got.add(r.ua.copyToUser(Mman.TASK_SIZE - 1, new byte[3], 0, 3)); // access_ok refuses
                r.as.load(A, back, 0, 3);
            });
            r.run();
            assertEquals(List.of(0L, 2L, 3L, 3L), got);
            assertArrayEquals(new byte[] {1, 2, 3}, back);
        }
    }

    @Test
    void getUserPutUser_returnZeroOrEfault() {
        try (Rig r = new Rig()) {
            List<Long> got = new ArrayList<>();
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                long[] v = {99};
                got.add((long) r.ua.putUser(0x1122334455667788L, A + 8, 8));
                got.add((long) r.ua.getUser(v, A + 8, 4));
                got.add(v[0]);
                got.add((long) r.ua.getUser(v, 16, 8));
                got.add(v[0]);
                got.add((long) r.ua.putUser(1, A + 4096, 1));
            });
            r.run();
            assertEquals(List.of(0L, 0L, 0x55667788L, (long) -Errno.EFAULT, 0L, (long) -Errno.EFAULT), got);
        }
    }

    @Test
    void strncpyFromUser_lengthCountOrEfault() {
        try (Rig r = new Rig()) {
            List<Long> got = new ArrayList<>();
            byte[] dst = new byte[16];
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                r.as.store(A, "hello\0".getBytes(), 0, 6);
                r.as.store(A + 4092, "abcd".getBytes(), 0, 4);
                got.add(r.ua.strncpyFromUser(dst, A, 16));
                got.add(r.ua.strncpyFromUser(new byte[3], A, 3));
                got.add(r.ua.strncpyFromUser(new byte[8], A + 4092, 8)); // runs off the mapping before a NUL
                got.add(r.ua.strncpyFromUser(new byte[8], Mman.PAGE_OFFSET, 8));
                got.add(r.ua.strncpyFromUser(new byte[8], A, 0));
            });
            r.run();
            assertEquals(List.of(5L, 3L, (long) -Errno.EFAULT, (long) -Errno.EFAULT, 0L), got);
            assertEquals("hello", new String(dst, 0, 5));
        }
    }

    @Test
    void accessOk_rangeBelowTaskSize() {
        try (Rig r = new Rig()) {
            assertTrue(r.ua.accessOk(0, 0));
            assertTrue(r.ua.accessOk(Mman.TASK_SIZE - 8, 8));
            assertFalse(r.ua.accessOk(Mman.TASK_SIZE - 8, 9));
            assertFalse(r.ua.accessOk(Mman.PAGE_OFFSET, 1));
            assertFalse(r.ua.accessOk(8, -1));
        }
    }

    @Test
    void copyFromUser_faultsInAnUntouchedPage_countingAMinorFault() {
        try (Rig r = new Rig()) {
            long[] got = new long[2];
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                got[0] = r.ua.copyFromUser(new byte[16], 0, A, 16);
                got[1] = r.as.stats(k.current().pid()).minFlt;
            });
            r.run();
            assertEquals(0, got[0]);
            assertEquals(1, got[1]);
        }
    }

    @Test
    void mightFault_inAtomicContext_reportsAsMightSleep_andTheFaultTakesTheFixup() {
        try (Rig r = new Rig()) {
            long[] got = new long[3];
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                k.context().preemptDisable();
                got[0] = r.ua.copyFromUser(new byte[16], 0, A, 16); // not present, atomic: the fixup, no fault
                k.context().preemptEnable();
                got[1] = r.as.stats(k.current().pid()).minFlt;
                got[2] = r.ua.copyFromUser(new byte[16], 0, A, 16);
            });
            r.run();
            String log = r.log();
            assertTrue(log.contains("BUG: sleeping function called from invalid context at UaccessTest.java:"), log);
            assertTrue(log.contains("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: app"), log);
            assertTrue(log.contains("KernelLab: rule broken: copy_from_user() touches user memory"), log);
            assertEquals(16, got[0]);
            assertEquals(0, got[1], "no fault was taken in atomic context");
            assertEquals(0, got[2], "with preemption on again the fault is handled");
        }
    }

    @Test
    void pagefaultDisable_noReport_presentPagesCopied_missingOnesShort() {
        try (Rig r = new Rig()) {
            long[] got = new long[3];
            r.spawn("app", k -> {
                r.as.mmap(A, 8192, RW, ANON, null, 0);
                r.as.touch(A, 1, true); // only the first page is present
                k.context().preemptDisable();
                r.ua.pagefaultDisable();
                got[0] = r.ua.copyFromUser(new byte[8192], 0, A, 8192);
                got[2] = r.ua.pagefaultDisabled() ? 1 : 0;
                r.ua.pagefaultEnable();
                k.context().preemptEnable();
                got[1] = r.as.stats(k.current().pid()).minFlt;
            });
            r.run();
            assertFalse(r.log().contains("BUG: sleeping function"), r.log());
            assertEquals(4096, got[0], "the second page would need a fault: a short copy instead");
            assertEquals(1, got[1], "only the touch faulted");
            assertEquals(1, got[2]);
        }
    }

    @Test
    void pagefaultDisable_inProcessContextWithoutAtomic_stillNoFault() {
        try (Rig r = new Rig()) {
            long[] got = new long[1];
            r.spawn("app", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                r.ua.pagefaultDisable();
                got[0] = r.ua.copyToUser(A, new byte[4], 0, 4);
                r.ua.pagefaultEnable();
            });
            r.run();
            assertEquals(4, got[0]);
            assertFalse(r.log().contains("BUG:"), r.log());
        }
    }

    @Test
    void copyFromUser_inIrq_reportsAndReadsTheInterruptedProcessMemory() {
        try (Rig r = new Rig()) {
            byte[] got = new byte[5];
            long[] rc = {-1};
            r.spawn("victim", k -> {
                r.as.mmap(A, 4096, RW, ANON, null, 0);
                r.as.store(A, "SECRT".getBytes(), 0, 5);
                k.compute(2_000_000);
            });
            r.irqAt(1_000_000, cpu -> rc[0] = r.ua.copyFromUser(got, 0, A, 5));
            r.run();
            String log = r.log();
            assertTrue(log.contains("BUG: sleeping function called from invalid context at UaccessTest.java:"), log);
            assertTrue(log.contains("in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: victim"), log);
            assertTrue(log.contains("KernelLab: copy_from_user() goes on, as in Linux, with whichever process was interrupted"), log);
            assertTrue(log.contains("KernelLab: fix: copy user memory in the system call of the process that owns it"), log);
            assertEquals(0, rc[0]);
            assertEquals("SECRT", new String(got), "the handler read whichever process it interrupted");
        }
    }

    @Test
    void copyFromUser_inIrqWithFailPolicy_throws() {
        try (Rig r = new Rig(1, 1024, ViolationPolicy.FAIL)) {
            String[] msg = new String[1];
            r.spawn("victim", k -> k.compute(2_000_000));
            r.irqAt(1_000_000, cpu -> {
                try {
                    r.ua.copyFromUser(new byte[4], 0, A, 4);
                } catch (ContextViolationException e) {
                    msg[0] = e.getMessage();
                }
            });
            r.run();
            assertTrue(msg[0] != null && msg[0].startsWith("BUG: sleeping function called from invalid context"), String.valueOf(msg[0]));
        }
    }

    @Test
    void userModeAccess_fromIrq_isAContractViolation() {
        try (Rig r = new Rig()) {
            r.spawn("victim", k -> k.compute(2_000_000));
            r.irqAt(1_000_000, cpu -> r.as.load(A, new byte[1], 0, 1));
            r.run();
            assertTrue(r.log().contains("KernelLab: rule broken: AddressSpaces.load() touches user memory"), r.log());
            assertTrue(r.log().contains("KernelLab: AddressSpaces.load() was skipped"), r.log());
        }
    }
}
