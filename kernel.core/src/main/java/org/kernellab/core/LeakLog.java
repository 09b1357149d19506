package org.kernellab.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.Leaks;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.leak.dto.LeakReportDTO;

/**
 * Safe unload's report (issue 9 §5, KernelLab's addition to Linux; docs/leaks.md): writes what a
 * bundle still held through a per-bundle kernel service, one line per object in one format, and
 * keeps the last {@link Leaks#KEPT} reports for {@link Leaks}.
 *
 * <p>{@link #report} runs at a safe point (the machine's thread or a caller holding the machine);
 * the reads run on any thread. The kept reports are guarded by {@link #kept}'s lock.
 */
final class LeakLog implements Leaks {
    private final Consumer<String> printk;
    private final LongSupplier now;
    private final ArrayDeque<LeakReportDTO> kept = new ArrayDeque<>();
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    /** {@code printk} writes one line at KERN_WARNING; {@code now} reads virtual time. */
    LeakLog(Consumer<String> printk, LongSupplier now) {
        this.printk = printk;
        this.now = now;
    }

    /** Writes and keeps the report of {@code holder} releasing {@code service} while holding {@code leaks} (not empty). */
    LeakReportDTO report(Holder holder, Class<?> service, List<LeakDTO> leaks) {
        LeakReportDTO r = new LeakReportDTO();
        r.bundleId = holder.bundleId();
        r.symbolicName = holder.symbolicName();
        r.version = holder.version();
        r.service = service.getName();
        r.timeNs = now.getAsLong();
        r.leaks = List.copyOf(leaks);
        r.lines = lines(holder, service, leaks);
        for (String line : r.lines) printk.accept(line);
        lock.lock();
        try {
            if (kept.size() == KEPT) kept.removeFirst();
            kept.addLast(r);
        } finally {
            lock.unlock();
        }
        return r;
    }

    /**
     * The report's lines: a header naming the bundle, the service and the count, then one line
     * per object: its kind, name and state, what the kernel did, and the fix.
     */
    static List<String> lines(Holder holder, Class<?> service, List<LeakDTO> leaks) {
        List<String> out = new ArrayList<>(leaks.size() + 1);
        int n = leaks.size();
        out.add("KernelLab: leak: bundle " + holder.label() + " released " + service.getSimpleName() + " still holding " + n
                + (n == 1 ? " object" : " objects") + "; the kernel reports and releases each");
        for (LeakDTO l : leaks) {
            out.add("KernelLab: leak: " + holder.label() + ": " + l.kind + " " + l.object + " " + l.state
                    + ": released with " + l.released + "; fix: " + l.fix);
        }
        return out;
    }

    @Override
    public List<LeakReportDTO> reports() {
        lock.lock();
        try {
            return new ArrayList<>(kept);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<LeakReportDTO> reports(String symbolicName) {
        List<LeakReportDTO> out = new ArrayList<>();
        for (LeakReportDTO r : reports()) if (r.symbolicName.equals(symbolicName)) out.add(r);
        return out;
    }
}
