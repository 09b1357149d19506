package org.kernellab.mm.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kernellab.api.ContextViolationException;
import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.core.StandaloneMachine;

class PageAllocatorTest {
    private static final long LIMIT = 10_000_000_000L;

    /** A one-CPU machine whose IRQ line 5 runs {@code irq}, raised at 1 ms while a task computes. */
    private static StandaloneMachine machineWithIrq(ViolationPolicy policy, IntConsumer irq) {
        StandaloneMachine m = new StandaloneMachine(1, 250, 1, policy, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.irqEntry((line, cpu) -> {
            if (line == 5) irq.accept(cpu);
        });
        m.kernel().spawn(TaskSpec.process("burst"), k -> k.compute(2_000_000));
        m.machine().at(1_000_000, now -> m.machine().raiseIrq(5, 0));
        return m;
    }

    private static String dmesg(Kernel k) {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    @Test
    void gfpKernel_inIrqHandler_reportsSleepingFunctionCalledFromInvalidContext() {
        List<Long> got = new ArrayList<>();
        PageAllocator[] pa = {null};
        try (StandaloneMachine m = machineWithIrq(ViolationPolicy.WARN, cpu -> got.add(pa[0].allocPages(Gfp.GFP_KERNEL, 0)))) {
            pa[0] = m.boundary().wrap(PageAllocator.class, Mem.pages(m, 1024));
            m.kernel().runUntilIdle(LIMIT);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("BUG: sleeping function called from invalid context at PageAllocatorTest.java:"),
                    "the report names the caller of alloc_pages, not the allocator:\n" + log);
            assertTrue(log.contains("in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: burst"), log);
            assertTrue(log.contains("KernelLab: rule broken: alloc_pages(GFP_KERNEL) may sleep"), log);
            assertTrue(log.contains("KernelLab: fix: use GFP_ATOMIC in atomic context"), log);
            assertEquals(List.of((long) PageAllocator.ENOMEM), got, "skipped in interrupt context: the allocation fails");
        }
    }

    @Test
    void gfpKernel_inIrqHandlerWithFailPolicy_throwsAndAllocatesNothing() {
        String[] report = {null};
        PageAllocatorImpl[] pa = {null};
        try (StandaloneMachine m = machineWithIrq(ViolationPolicy.FAIL, cpu -> {
            try {
                pa[0].allocPages(Gfp.GFP_KERNEL, 3);
            } catch (ContextViolationException e) {
                report[0] = e.getMessage();
            }
        })) {
            pa[0] = Mem.pages(m, 1024);
            m.kernel().runUntilIdle(LIMIT);
            assertNotNull(report[0]);
            assertTrue(report[0].startsWith("BUG: sleeping function called from invalid context"), report[0]);
            assertEquals(1024, pa[0].nrFreePages());
        }
    }

    @Test
    void gfpAtomic_inIrqHandler_allocatesWithoutReport() {
        List<Long> got = new ArrayList<>();
        PageAllocatorImpl[] pa = {null};
        try (StandaloneMachine m = machineWithIrq(ViolationPolicy.WARN, cpu -> got.add(pa[0].allocPages(Gfp.GFP_ATOMIC, 2)))) {
            pa[0] = Mem.pages(m, 1024);
            m.kernel().runUntilIdle(LIMIT);
            String log = dmesg(m.kernel());
            assertFalse(log.contains("BUG:"), log);
            assertEquals(List.of(0L), got);
            assertEquals(1020, pa[0].nrFreePages());
        }
    }

    @Test
    void gfpKernel_inProcessContext_noReport_butWithPreemptionDisabled_reports() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            m.kernel().spawn(TaskSpec.process("insmod"), k -> {
                pa.allocPages(Gfp.GFP_KERNEL, 0);
                k.printk(org.kernellab.api.LogLevel.INFO, "--- mark ---");
                k.context().preemptDisable();
                pa.allocPages(Gfp.GFP_KERNEL, 0);
                k.context().preemptEnable();
            });
            m.kernel().runUntilIdle(LIMIT);
            String log = dmesg(m.kernel());
            int mark = log.indexOf("--- mark ---");
            assertTrue(mark > 0, log);
            assertFalse(log.substring(0, mark).contains("BUG:"), log);
            assertTrue(log.substring(mark).contains("BUG: sleeping function called from invalid context"), log);
            assertTrue(log.contains("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: insmod"), log);
        }
    }

    @Test
    void exhaustion_returnsEnomemAndWarns_unlessNowarn() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024); // min 64, low 80, high 96 pages
            long[] r = new long[3];
            m.kernel().spawn(TaskSpec.process("hog"), k -> {
                r[0] = pa.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 9);
                r[1] = pa.allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, 9);
                r[2] = pa.allocPages(Gfp.GFP_ATOMIC, 9);
            });
            m.kernel().runUntilIdle(LIMIT);
            assertEquals(0, r[0]);
            assertEquals(PageAllocator.ENOMEM, r[1]);
            assertEquals(-12, r[2]);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("hog: page allocation failure: order:9, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0"), log);
            assertTrue(log.contains("Mem-Info:"), log);
            assertTrue(log.contains("Node 0 Normal free:2048kB boost:0kB min:256kB low:320kB high:384kB"), log);
            assertTrue(log.contains("Node 0 Normal: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 1*2048kB 0*4096kB = 2048kB"), log);
            assertEquals(1, log.split("page allocation failure", -1).length - 1, log);
            pa.freePages(0, 9);
            assertEquals(1024, pa.nrFreePages());
            assertNull(pa.check());
        }
    }

    @Test
    void allocationFailureReports_areRateLimitedToOnePerTenSeconds_andCountTheSuppressed() {
        try (StandaloneMachine m = new StandaloneMachine(1).withPeriodicTick()) { // jiffies advance
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            for (int i = 0; i < 12; i++) assertEquals(PageAllocator.ENOMEM, pa.allocPages(Gfp.GFP_NOWAIT, 10));
            String log = dmesg(m.kernel());
            assertEquals(1, log.split("page allocation failure", -1).length - 1, log);
            assertTrue(log.contains("(console): page allocation failure: order:10, mode:0x800(GFP_NOWAIT)"), log);
            m.kernel().run(10_000_000_000L); // exactly 10 s: still inside the interval (time_is_before_jiffies is strict)
            pa.allocPages(Gfp.GFP_NOWAIT, 10);
            assertEquals(1, dmesg(m.kernel()).split("page allocation failure", -1).length - 1);
            m.kernel().run(10_000_000L);
            pa.allocPages(Gfp.GFP_NOWAIT, 10);
            log = dmesg(m.kernel());
            assertEquals(2, log.split("page allocation failure", -1).length - 1, log);
            assertTrue(log.contains("warn_alloc: 12 callbacks suppressed"), log);
        }
    }

    @Test
    void badArguments_areRefusedWithTheArgumentNamed() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 64);
            assertEquals("order 11 is out of range 0..10",
                    assertThrows(IllegalArgumentException.class, () -> pa.allocPages(Gfp.GFP_ATOMIC, 11)).getMessage());
            assertEquals("order -1 is out of range 0..10",
                    assertThrows(IllegalArgumentException.class, () -> pa.allocPages(Gfp.GFP_ATOMIC, -1)).getMessage());
            assertEquals("gfp 0x1820 has bits KernelLab does not define: 0x1000",
                    assertThrows(IllegalArgumentException.class, () -> pa.allocPages(Gfp.GFP_ATOMIC | 0x1000, 0)).getMessage());
            assertEquals("pfn 99 is out of range 0..63",
                    assertThrows(IllegalArgumentException.class, () -> pa.freePages(99, 0)).getMessage());
            assertEquals("pages 0 is out of range 1..16777216",
                    assertThrows(IllegalArgumentException.class, () -> Mem.pages(m, 0)).getMessage());
            assertEquals("gfp 0x1820 has bits KernelLab does not define: 0x1000",
                    assertThrows(IllegalArgumentException.class, () -> pa.allocPages(Gfp.GFP_ATOMIC | 0x1000, 0)).getMessage());
        }
    }

    @Test
    void procBuddyinfo_matchesLinuxLayout() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1000);
            assertEquals("Node 0, zone   Normal      0      0      0      1      0      1      1      1      1      1      0 \n",
                    pa.procBuddyinfo());
            assertEquals(1000, pa.totalPages());
        }
    }

    @Test
    void gfpFlags_haveLinuxValuesAndNames() {
        assertEquals(0xcc0, Gfp.GFP_KERNEL);
        assertEquals(0x820, Gfp.GFP_ATOMIC);
        assertEquals(0x800, Gfp.GFP_NOWAIT);
        assertTrue(Gfp.allowsBlocking(Gfp.GFP_KERNEL));
        assertFalse(Gfp.allowsBlocking(Gfp.GFP_ATOMIC));
        assertFalse(Gfp.allowsBlocking(Gfp.GFP_NOWAIT));
        assertEquals("GFP_KERNEL", Gfp.toString(Gfp.GFP_KERNEL));
        assertEquals("GFP_ATOMIC|__GFP_NOWARN", Gfp.toString(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN));
        assertEquals("__GFP_IO|__GFP_DIRECT_RECLAIM|0x1000", Gfp.toString(Gfp.__GFP_IO | Gfp.__GFP_DIRECT_RECLAIM | 0x1000));
        // include/linux/gfp_types.h (6.6): ___GFP_ZERO 0x100, ___GFP_NOFAIL 0x8000; mmflags.h prints NOFAIL before ZERO
        assertEquals(0x100, Gfp.__GFP_ZERO);
        assertEquals(0x8000, Gfp.__GFP_NOFAIL);
        assertEquals("GFP_KERNEL|__GFP_NOWARN|__GFP_NOFAIL|__GFP_ZERO",
                Gfp.toString(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO | Gfp.__GFP_NOFAIL | Gfp.__GFP_NOWARN));
        assertEquals("GFP_NOIO", Gfp.toString(Gfp.__GFP_RECLAIM)); // the same bits
    }

    @Test
    void perBundle_blocksNotFreed_areHeldByOrder_andReleaseGivesThemBack() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            PageAllocatorImpl pa = Mem.pages(m, 1024);
            PageAllocator leakyView = pa.open(new Holder(42, "kernel.driver.leaky", "1.0.0"));
            PageAllocator tidyView = pa.open(new Holder(43, "kernel.driver.tidy", "1.0.0"));
            PageAllocator leaky = m.boundary().wrap(PageAllocator.class, leakyView);
            PageAllocator tidy = m.boundary().wrap(PageAllocator.class, tidyView);
            long before = pa.nrFreePages();
            long a = leaky.allocPages(Gfp.GFP_KERNEL, 0);
            leaky.allocPages(Gfp.GFP_KERNEL, 2);
            leaky.allocPages(Gfp.GFP_KERNEL, 0);
            long freed = leaky.allocPages(Gfp.GFP_KERNEL, 1);
            leaky.freePages(freed, 1);
            long handed = leaky.allocPages(Gfp.GFP_KERNEL, 3);
            tidy.freePages(handed, 3); // freed by another bundle it was handed to: no longer held
            long kept = tidy.allocPages(Gfp.GFP_KERNEL, 1);
            assertEquals(before - 6 - 2, pa.nrFreePages());

            List<LeakDTO> held = pa.held(leakyView);
            assertEquals(List.of("2 blocks of order 0 (2 pages)", "1 block of order 2 (4 pages)"), held.stream().map(l -> l.object).toList());
            assertEquals("__free_pages()", held.get(0).released);
            assertEquals(List.of("1 block of order 1 (2 pages)"), pa.held(tidyView).stream().map(l -> l.object).toList());

            pa.release(leakyView);
            assertEquals(before - 2, pa.nrFreePages(), "the leaked 6 pages are back");
            assertEquals(List.of(), pa.held(leakyView));
            assertNull(pa.check());
            tidy.freePages(kept, 1);
            assertEquals(before, pa.nrFreePages());
            assertTrue(a >= 0);
        }
    }
}
