package org.kernellab.softirq.impl;

import java.util.List;

import org.kernellab.api.softirq.dto.SoftirqStatDTO;

/** Renders /proc/softirqs (fs/proc/softirqs.c show_softirqs) from the DTOs. */
final class ProcSoftirqs {
    private ProcSoftirqs() {}

    static String format(List<SoftirqStatDTO> rows, int nrCpus) {
        StringBuilder sb = new StringBuilder(64 + rows.size() * (13 + 11 * nrCpus));
        sb.append("                    ");
        for (int c = 0; c < nrCpus; c++) sb.append(String.format("CPU%-8d", c));
        sb.append('\n');
        for (SoftirqStatDTO r : rows) {
            sb.append(String.format("%12s:", r.name));
            // %10u of an unsigned int counter: it wraps at 2^32 as in Linux
            for (long v : r.perCpu) sb.append(String.format(" %10d", v & 0xffff_ffffL));
            sb.append('\n');
        }
        return sb.toString();
    }
}
