package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.console.dto.ModuleDTO;
import org.kernellab.console.dto.VersionDTO;

class ConsoleFormatTest {

    @Test
    void timestamp_zero_isLinuxBootPrefix() {
        assertEquals("[    0.000000]", ConsoleFormat.timestamp(0));
    }

    @Test
    void timestamp_nanoseconds_truncatedToMicroseconds() {
        assertEquals("[    1.234567]", ConsoleFormat.timestamp(1_234_567_891L));
    }

    @Test
    void timestamp_moreThanFiveDigitsOfSeconds_widensLikePrintk() {
        assertEquals("[123456.000001]", ConsoleFormat.timestamp(123_456_000_001_000L));
    }

    @Test
    void dmesg_twoLines_eachPrefixedAndJoinedByNewline() {
        LogLineDTO a = line(0, "Booting");
        LogLineDTO b = line(2_500_000L, "Calibrating delay loop");
        assertEquals("[    0.000000] Booting\n[    0.002500] Calibrating delay loop",
            ConsoleFormat.dmesg(new LogLineDTO[] {a, b}));
    }

    @Test
    void dmesg_empty_isEmptyText() {
        assertEquals("", ConsoleFormat.dmesg(new LogLineDTO[0]));
    }

    @Test
    void lsmod_rows_alignedUnderHeader() {
        String table = ConsoleFormat.lsmod(new ModuleDTO[] {
            module(3, "kernel.api", "0.1.0.SNAPSHOT", "api", "ACTIVE"),
            module(12, "kernel.console", "0.1.0.SNAPSHOT", "console", "RESOLVED")});
        assertEquals(String.join("\n",
            "Id  Module          Version         Role     State",
            " 3  kernel.api      0.1.0.SNAPSHOT  api      ACTIVE",
            "12  kernel.console  0.1.0.SNAPSHOT  console  RESOLVED"), table);
    }

    @Test
    void version_fields_oneLineEach() {
        VersionDTO v = new VersionDTO();
        v.release = "6.6.0-kernellab-0.1.0";
        v.framework = "Apache Felix Framework";
        v.frameworkVersion = "7.0.5";
        v.javaVersion = "25.0.3+9-LTS";
        v.javaVendor = "Eclipse Adoptium";
        v.javaVm = "OpenJDK 64-Bit Server VM";
        assertEquals("KernelLab version 6.6.0-kernellab-0.1.0\n"
            + "Framework: Apache Felix Framework 7.0.5\n"
            + "Java:      25.0.3+9-LTS (Eclipse Adoptium; OpenJDK 64-Bit Server VM)", ConsoleFormat.version(v));
        v.jit = "quick";
        assertTrue(ConsoleFormat.version(v).endsWith("\nJIT:       quick (C1 only: a fast start; for long simulations start with ./kernel --jit=full)"),
            ConsoleFormat.version(v));
        v.jit = "full";
        assertTrue(ConsoleFormat.version(v).endsWith("\nJIT:       full (C1, then C2 for hot code)"), ConsoleFormat.version(v));
    }

    @Test
    void moduleLine_module_nameVersionRoleState() {
        assertEquals("kernel.mm 0.1.0 [mm] ACTIVE",
            ConsoleFormat.moduleLine(module(7, "kernel.mm", "0.1.0", "mm", "ACTIVE")));
    }

    private static LogLineDTO line(long ns, String text) {
        LogLineDTO l = new LogLineDTO();
        l.timeNs = ns;
        l.text = text;
        return l;
    }

    private static ModuleDTO module(long id, String name, String version, String role, String state) {
        ModuleDTO m = new ModuleDTO();
        m.id = id;
        m.name = name;
        m.version = version;
        m.role = role;
        m.state = state;
        return m;
    }
}
