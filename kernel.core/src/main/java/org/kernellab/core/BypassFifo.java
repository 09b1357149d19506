package org.kernellab.core;

import java.util.ArrayDeque;

import org.kernellab.api.sched.SchedClass;
import org.kernellab.api.sched.SchedTask;

/**
 * The core's own last-resort class, modelled on sched_ext's bypass mode: one global FIFO and
 * a 5 ms slice (kernel/sched/ext.c SCX_SLICE_BYPASS). It runs while no scheduling class is
 * bound, and takes over when a bound class is ejected.
 */
final class BypassFifo implements SchedClass {
    static final long SLICE_NS = 5_000_000L;

    private final ArrayDeque<TaskImpl> queue = new ArrayDeque<>();
    private Engine engine;
    private final int nrCpus;

    BypassFifo(int nrCpus) {
        this.nrCpus = nrCpus;
    }

    void bind(Engine e) { this.engine = e; }

    @Override public String name() { return "bypass"; }

    @Override
    public void enqueue(int cpu, SchedTask p, int flags) {
        queue.addLast((TaskImpl) p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, int flags) {
        queue.remove(p);
    }

    @Override
    public SchedTask pickNext(int cpu) {
        for (var it = queue.iterator(); it.hasNext();) {
            TaskImpl t = it.next();
            if (t.boundCpu < 0 || t.boundCpu == cpu) {
                it.remove();
                Engine e = engine;
                t.sliceStartNs = e != null ? e.cpus[cpu].clock : 0;
                return t;
            }
        }
        return null;
    }

    @Override
    public boolean tick(int cpu, SchedTask curr) {
        Engine e = engine;
        TaskImpl t = (TaskImpl) curr;
        return e != null && e.cpus[cpu].clock - t.sliceStartNs >= SLICE_NS && !queue.isEmpty();
    }

    @Override
    public int nrQueued(int cpu) {
        int n = 0;
        for (TaskImpl t : queue) if (t.boundCpu < 0 || t.boundCpu == cpu) n++;
        return n;
    }

    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu) {
        Engine e = engine;
        if (e == null) return prevCpu;
        if (e.cpus[prevCpu].current.idle) return prevCpu;
        for (int i = 0; i < nrCpus; i++) if (e.cpus[i].current.idle) return i;
        return prevCpu;
    }
}
