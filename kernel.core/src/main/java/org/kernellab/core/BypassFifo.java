package org.kernellab.core;

import java.util.ArrayDeque;

import org.kernellab.api.Errno;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.sched.core.KTask;
import org.kernellab.api.sched.core.Put;
import org.kernellab.api.sched.core.SchedMachine;
import org.kernellab.api.sched.core.Scheduler;

/**
 * The machine's own last-resort scheduler, for a machine with no scheduler bundle (unit tests of
 * the core, or kernel.sched absent), modelled on sched_ext's bypass mode: one global FIFO and
 * a 5 ms slice (kernel/sched/ext.c SCX_SLICE_BYPASS). Priorities and policies are ignored.
 */
final class BypassFifo implements Scheduler {
    static final long SLICE_NS = 5_000_000L;

    /** The per-task state: queued, and when the current slice began. */
    private static final class Entry {
        boolean queued;
        long sliceStart;
    }

    private final ArrayDeque<KTask> queue = new ArrayDeque<>();
    private final SchedMachine m;

    BypassFifo(SchedMachine m) {
        this.m = m;
    }

    private static Entry entry(KTask p) {
        Entry e = (Entry) p.se();
        if (e == null) {
            e = new Entry();
            p.se(e);
        }
        return e;
    }

    @Override public String name() { return "bypass"; }

    @Override
    public int wakeUpNew(KTask p) {
        return wakeUp(p, p.cpu());
    }

    @Override
    public int wakeUp(KTask p, int wakerCpu) {
        int cpu = select(p);
        p.setCpu(cpu);
        entry(p).queued = true;
        queue.addLast(p);
        if (m.current(cpu).isIdle()) m.reschedCurr(cpu);
        return cpu;
    }

    /** The previous CPU if idle, else any idle allowed CPU, else the previous one (or the first allowed). */
    private int select(KTask p) {
        int prev = p.cpu();
        long allowed = p.affinity();
        if ((allowed & (1L << prev)) == 0) prev = Long.numberOfTrailingZeros(allowed);
        if (prev >= m.nrCpus()) prev = 0;
        if (m.current(prev).isIdle()) return prev;
        for (int i = 0; i < m.nrCpus(); i++) if ((allowed & (1L << i)) != 0 && m.current(i).isIdle()) return i;
        return prev;
    }

    @Override public boolean onRq(KTask p) { return p.se() instanceof Entry e && e.queued; }

    @Override
    public KTask pickNext(int cpu, KTask prev, Put how) {
        if (how == Put.PREEMPT || how == Put.YIELD) {
            entry(prev).queued = true;
            queue.addLast(prev);
        }
        for (var it = queue.iterator(); it.hasNext();) {
            KTask t = it.next();
            if ((t.affinity() & (1L << cpu)) != 0) {
                it.remove();
                Entry e = entry(t);
                e.queued = false;
                e.sliceStart = m.clock(cpu);
                t.setCpu(cpu);
                return t;
            }
        }
        return m.idleTask(cpu);
    }

    @Override
    public void tick(int cpu) {
        KTask curr = m.current(cpu);
        if (curr.isIdle()) return;
        if (m.clock(cpu) - entry(curr).sliceStart >= SLICE_NS && !queue.isEmpty()) m.reschedCurr(cpu);
    }

    @Override public void yieldTask(int cpu, KTask p) {}

    @Override
    public int setAttr(KTask p, SchedAttr attr) {
        p.attr(attr);
        return 0;
    }

    @Override
    public int setAffinity(KTask p, long mask) {
        long valid = m.nrCpus() >= 64 ? mask : mask & ((1L << m.nrCpus()) - 1);
        if (valid == 0) return -Errno.EINVAL;
        p.affinity(mask);
        if (!onRq(p) && p.onCpu() && (mask & (1L << p.cpu())) == 0) m.reschedCurr(p.cpu());
        return 0;
    }

    @Override public String className(KTask p) { return p.isIdle() ? "idle" : "bypass"; }
    @Override public boolean anyQueued() { return !queue.isEmpty(); }
    @Override public void shutdown() {}
}
