package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.leak.Leaks;
import org.kernellab.api.leak.dto.LeakReportDTO;

class LeakCommandsTest {
    private static LeakReportDTO report(String bsn, long timeNs, String... lines) {
        LeakReportDTO r = new LeakReportDTO();
        r.symbolicName = bsn;
        r.version = "1.0.0";
        r.timeNs = timeNs;
        r.lines = List.of(lines);
        return r;
    }

    private static Leaks leaks(List<LeakReportDTO> all) {
        return new Leaks() {
            @Override public List<LeakReportDTO> reports() { return all; }

            @Override
            public List<LeakReportDTO> reports(String symbolicName) {
                List<LeakReportDTO> out = new ArrayList<>();
                for (LeakReportDTO r : all) if (r.symbolicName.equals(symbolicName)) out.add(r);
                return out;
            }
        };
    }

    @Test
    void leaks_printsEveryReportsLinesWithItsVirtualTime_andFiltersByBundle() {
        LeakCommands c = new LeakCommands(leaks(List.of(
                report("a.drv", 50_000_000L, "KernelLab: leak: bundle a.drv 1.0.0 released Timers still holding 1 object", "KernelLab: leak: a.drv 1.0.0: timer t"),
                report("b.drv", 1_250_000_000L, "KernelLab: leak: bundle b.drv 1.0.0 released IrqController still holding 1 object"))));
        assertEquals("[    0.050000] KernelLab: leak: bundle a.drv 1.0.0 released Timers still holding 1 object\n"
                + "[    0.050000] KernelLab: leak: a.drv 1.0.0: timer t\n"
                + "[    1.250000] KernelLab: leak: bundle b.drv 1.0.0 released IrqController still holding 1 object", c.leaks());
        assertEquals("[    1.250000] KernelLab: leak: bundle b.drv 1.0.0 released IrqController still holding 1 object", c.leaks("b.drv"));
        assertEquals("no leak reports for c.drv (a bundle is reported when it releases a kernel service still holding something)", c.leaks("c.drv"));
    }

    @Test
    void leaks_noneAndNoKernel_sayWhy() {
        assertEquals("no leak reports: every bundle that released a kernel service gave back what it held", new LeakCommands(leaks(List.of())).leaks());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LeakCommands(null).leaks());
        assertEquals("dev:leaks: the kernel is not running (no Leaks service); start kernel.core", e.getMessage());
    }
}
