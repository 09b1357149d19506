package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.Leaks;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.leak.dto.LeakReportDTO;
import org.kernellab.api.mm.PageAllocator;

class LeakLogTest {
    private static final Holder DRV = new Holder(42, "kernel.driver.leaky", "1.2.0");

    @Test
    void report_writesAHeaderAndOneLinePerObject_namingBundleKindObjectReleaseAndFix() {
        List<String> log = new ArrayList<>();
        LeakLog leaks = new LeakLog(log::add, () -> 5_000_000L);
        LeakReportDTO r = leaks.report(DRV, IrqController.class, List.of(
                new LeakDTO("irq", "10 (leaky)", "requested", "synchronize_irq(10) + free_irq(10)", "call free_irq() in your deactivate")));
        assertEquals(List.of(
                "KernelLab: leak: bundle kernel.driver.leaky 1.2.0 released IrqController still holding 1 object; the kernel reports and releases each",
                "KernelLab: leak: kernel.driver.leaky 1.2.0: irq 10 (leaky) requested: released with synchronize_irq(10) + free_irq(10);"
                        + " fix: call free_irq() in your deactivate"), log);
        assertEquals(log, r.lines);
        assertEquals("org.kernellab.api.irq.IrqController", r.service);
        assertEquals(42, r.bundleId);
        assertEquals("kernel.driver.leaky", r.symbolicName);
        assertEquals("1.2.0", r.version);
        assertEquals(5_000_000L, r.timeNs);
    }

    @Test
    void reports_keepTheLastOnes_andFilterByBundle() {
        LeakLog leaks = new LeakLog(line -> { }, () -> 0L);
        LeakDTO pages = new LeakDTO("pages", "1 block of order 0 (1 page)", "allocated", "__free_pages()", "free it");
        Holder other = new Holder(7, "kernel.driver.other", "1.0.0");
        for (int i = 0; i < Leaks.KEPT + 3; i++) leaks.report(i % 2 == 0 ? DRV : other, PageAllocator.class, List.of(pages));
        assertEquals(Leaks.KEPT, leaks.reports().size());
        assertEquals(Leaks.KEPT / 2, leaks.reports("kernel.driver.other").size());
        assertEquals("2 objects", LeakLog.lines(DRV, PageAllocator.class, List.of(pages, pages)).get(0).replaceAll(".* holding (\\d+ \\w+);.*", "$1"));
    }
}
