package org.kernellab.core;

import java.util.Collection;
import java.util.SplittableRandom;

import org.kernellab.api.LogLevel;
import org.kernellab.api.sched.core.KTask;
import org.kernellab.api.sched.core.SchedMachine;
import org.kernellab.core.TraceBuffer.Type;

/**
 * The machine as its scheduler sees it (the seam of {@code org.kernellab.api.sched.core}), in
 * the spirit of what kernel/sched/core.c asks of the architecture: CPUs, clocks, the current
 * task, need_resched, timers. Guarded by the baton like the engine it reads.
 */
final class SchedSeam implements SchedMachine {
    private final Engine e;

    SchedSeam(Engine e) {
        this.e = e;
    }

    @Override public int nrCpus() { return e.nrCpus; }
    @Override public String label() { return e.label; }
    @Override public int hz() { return e.config.hz(); }
    @Override public long tickNs() { return e.tickNs; }
    @Override public long now() { return e.now(); }
    @Override public long clock(int cpu) { return e.cpus[cpu].clock; }

    @Override
    public int thisCpu() {
        Cpu c = e.cpuOrNull();
        return c == null ? -1 : c.id;
    }

    @Override public KTask current(int cpu) { return e.cpus[cpu].current; }
    @Override public KTask idleTask(int cpu) { return e.cpus[cpu].idle; }
    @Override public void reschedCurr(int cpu) { e.sw.reschedCurr(e.cpus[cpu]); }
    @Override public Collection<? extends KTask> tasks() { return e.tasks().values(); }

    @Override
    public long timer(long atNs, Runnable fn) {
        return e.atLate(atNs, now -> fn.run());
    }

    @Override public boolean cancel(long timerId) { return e.events.cancel(timerId); }

    @Override
    public void migrated(KTask p, int fromCpu, int toCpu) {
        TaskImpl t = (TaskImpl) p;
        t.migrations++;
        Cpu c = e.running != null ? e.running : e.cpus[toCpu];
        // include/trace/events/sched.h sched_migrate_task: comm, pid, prio, orig_cpu, dest_cpu
        e.emit(c, Type.SCHED_MIGRATE_TASK, t, fromCpu, t.prio(), toCpu, 'R');
    }

    @Override public void log(LogLevel level, String message) { e.log(level, message); }
    @Override public SplittableRandom random(String stream) { return e.random(stream); }
    @Override public void post(Runnable action) { e.rc.post(action); }
    @Override public long generation() { return e.generation; }
}
