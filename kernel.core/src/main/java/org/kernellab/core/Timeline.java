package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.run.Slice;
import org.kernellab.core.TraceBuffer.Rec;
import org.kernellab.core.TraceBuffer.Type;

/**
 * The per-CPU slices of a recorded run, read off its trace: a task's slice runs from the
 * sched_switch that put it on a CPU to the one that took it off; an interrupt's from
 * irq_handler_entry to irq_handler_exit. Idle time makes no slice. When the trace buffer has
 * dropped its oldest records, each CPU's first slice starts at its first recorded switch.
 */
final class Timeline {
    private Timeline() {}

    static List<Slice> of(Engine e, long end) {
        List<Slice> out = new ArrayList<>();
        TaskImpl[] cur = new TaskImpl[e.nrCpus];
        long[] since = new long[e.nrCpus];
        long[] irqSince = new long[e.nrCpus];
        List<Rec> recs = e.trace.records();
        boolean full = recs.size() < e.trace.count();
        for (int c = 0; c < e.nrCpus; c++) cur[c] = full ? null : e.cpus[c].idle;
        for (Rec r : recs) {
            int c = r.cpu;
            if (r.type == Type.SCHED_SWITCH) {
                if (cur[c] != null) close(out, c, since[c], r.time, cur[c]);
                cur[c] = (TaskImpl) r.b;
                since[c] = r.time;
            } else if (r.type == Type.IRQ_HANDLER_ENTRY) {
                irqSince[c] = r.time;
            } else if (r.type == Type.IRQ_HANDLER_EXIT) {
                TaskImpl t = r.current;
                out.add(new Slice(c, irqSince[c], r.time, t == null || t.idle ? 0 : t.pid, "irq " + r.x, r.x));
            }
        }
        for (int c = 0; c < e.nrCpus; c++) {
            if (cur[c] != null) close(out, c, since[c], end, cur[c]);
        }
        out.sort(java.util.Comparator.comparingInt(Slice::cpu).thenComparingLong(Slice::startNs));
        return out;
    }

    private static void close(List<Slice> out, int cpu, long from, long to, TaskImpl t) {
        if (t.idle || to <= from) return;
        out.add(new Slice(cpu, from, to, t.pid, t.comm, -1));
    }
}
