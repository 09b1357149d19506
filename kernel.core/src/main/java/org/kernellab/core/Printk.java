package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.kernellab.api.LogLevel;
import org.kernellab.api.dto.LogLineDTO;

/**
 * The printk ring buffer (kernel/printk/printk.c): records with a sequence number, a virtual
 * timestamp and a level. When full, the oldest records are overwritten, as in Linux.
 * Guarded by a lock of its own, because the console reads it from outside the simulation and
 * DS activations print from theirs; a lock held only while copying, never while waiting, and
 * not a monitor (bundle code has no {@code synchronized}: see docs/safe-points.md).
 */
final class Printk {
    private final LogLineDTO[] ring;
    private long nextSeq;
    private final ReentrantLock lock = new ReentrantLock();

    Printk(int capacity) {
        this.ring = new LogLineDTO[capacity];
    }

    void log(long timeNs, LogLevel level, String text) {
        lock.lock();
        try {
            for (String line : text.split("\n", -1)) {
                LogLineDTO r = new LogLineDTO();
                r.seq = nextSeq;
                r.timeNs = timeNs;
                r.level = level.level();
                r.text = line;
                ring[(int) (nextSeq++ % ring.length)] = r;
            }
        } finally {
            lock.unlock();
        }
    }

    List<LogLineDTO> since(long seq) {
        lock.lock();
        try {
            long first = Math.max(seq, Math.max(0, nextSeq - ring.length));
            List<LogLineDTO> out = new ArrayList<>((int) (nextSeq - first));
            for (long s = first; s < nextSeq; s++) out.add(ring[(int) (s % ring.length)]);
            return out;
        } finally {
            lock.unlock();
        }
    }

    long nextSeq() {
        lock.lock();
        try {
            return nextSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Linux's console timestamp prefix: {@code [%5lu.%06lu]} (kernel/printk/printk.c print_time). */
    static String timestamp(long ns) {
        return String.format("[%5d.%06d]", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }

    static String format(LogLineDTO r) {
        return timestamp(r.timeNs) + " " + r.text;
    }
}
