package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.console.dto.ModuleDTO;
import org.kernellab.console.dto.VersionDTO;

/**
 * Renders the console's DTOs as text. Commands return values; this class is the separate
 * formatting step, so it holds no state and touches no service.
 */
final class ConsoleFormat {

    private static final long NS_PER_SEC = 1_000_000_000L;
    private static final long NS_PER_USEC = 1_000L;

    private ConsoleFormat() {
    }

    /** printk's time prefix: {@code [%5lu.%06lu]}, seconds and microseconds of virtual time. */
    static String timestamp(long timeNs) {
        return String.format("[%5d.%06d]", timeNs / NS_PER_SEC, (timeNs % NS_PER_SEC) / NS_PER_USEC);
    }

    static String dmesgLine(LogLineDTO line) {
        return timestamp(line.timeNs) + " " + line.text;
    }

    static String dmesg(LogLineDTO[] lines) {
        StringBuilder sb = new StringBuilder();
        for (LogLineDTO line : lines) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(dmesgLine(line));
        }
        return sb.toString();
    }

    static String version(VersionDTO v) {
        return "KernelLab version " + v.release + "\n"
            + "Framework: " + v.framework + " " + v.frameworkVersion + "\n"
            + "Java:      " + v.javaVersion + " (" + v.javaVendor + "; " + v.javaVm + ")"
            + (v.jit == null ? "" : "\nJIT:       " + ("quick".equals(v.jit)
                ? "quick (C1 only: a fast start; for long simulations start with ./kernel --jit=full)"
                : "full (C1, then C2 for hot code)"));
    }

    /** One module, as {@code kernel.api 0.1.0 [api] ACTIVE}, for single-line contexts. */
    static String moduleLine(ModuleDTO m) {
        return m.name + " " + m.version + " [" + m.role + "] " + m.state;
    }

    /** The lsmod table: a header and one aligned row per module, in the order given. */
    static String lsmod(ModuleDTO[] modules) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Id", "Module", "Version", "Role", "State"});
        for (ModuleDTO m : modules) {
            rows.add(new String[] {Long.toString(m.id), m.name, m.version, m.role, m.state});
        }
        return table(rows, true);
    }

    /** {@link #tableLines} joined by newlines. */
    static String table(List<String[]> rows, boolean numericFirstColumn) {
        return String.join("\n", tableLines(rows, numericFirstColumn));
    }

    /**
     * Aligned columns, two spaces apart, one line per row (the first is the header). The last
     * column is not padded; the first is right-aligned when it holds numbers.
     */
    static List<String> tableLines(List<String[]> rows, boolean numericFirstColumn) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                if (c > 0) {
                    sb.append("  ");
                }
                if (c == 0 && numericFirstColumn) {
                    sb.append(pad).append(row[c]);
                } else {
                    sb.append(row[c]);
                    if (c < row.length - 1) {
                        sb.append(pad);
                    }
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
