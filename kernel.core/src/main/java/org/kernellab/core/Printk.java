package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.LogLevel;
import org.kernellab.api.dto.LogLineDTO;

/**
 * The printk ring buffer (kernel/printk/printk.c): records with a sequence number, a virtual
 * timestamp and a level. When full, the oldest records are overwritten, as in Linux.
 * Guarded by its own monitor, because the console reads it from outside the simulation.
 */
final class Printk {
    private final LogLineDTO[] ring;
    private long nextSeq;

    Printk(int capacity) {
        this.ring = new LogLineDTO[capacity];
    }

    synchronized void log(long timeNs, LogLevel level, String text) {
        for (String line : text.split("\n", -1)) {
            LogLineDTO r = new LogLineDTO();
            r.seq = nextSeq;
            r.timeNs = timeNs;
            r.level = level.level();
            r.text = line;
            ring[(int) (nextSeq++ % ring.length)] = r;
        }
    }

    synchronized List<LogLineDTO> since(long seq) {
        long first = Math.max(seq, Math.max(0, nextSeq - ring.length));
        List<LogLineDTO> out = new ArrayList<>((int) (nextSeq - first));
        for (long s = first; s < nextSeq; s++) out.add(ring[(int) (s % ring.length)]);
        return out;
    }

    synchronized long nextSeq() { return nextSeq; }

    /** Linux's console timestamp prefix: {@code [%5lu.%06lu]} (kernel/printk/printk.c print_time). */
    static String timestamp(long ns) {
        return String.format("[%5d.%06d]", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }

    static String format(LogLineDTO r) {
        return timestamp(r.timeNs) + " " + r.text;
    }
}
