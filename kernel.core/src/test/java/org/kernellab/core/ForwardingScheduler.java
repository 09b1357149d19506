package org.kernellab.core;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.sched.core.KTask;
import org.kernellab.api.sched.core.Put;
import org.kernellab.api.sched.core.Scheduler;

/** A scheduler that forwards every call, for tests that change one of them. */
class ForwardingScheduler implements Scheduler {
    private final Scheduler d;

    ForwardingScheduler(Scheduler d) { this.d = d; }

    @Override public String name() { return d.name(); }
    @Override public int wakeUpNew(KTask p) { return d.wakeUpNew(p); }
    @Override public int wakeUp(KTask p, int wakerCpu) { return d.wakeUp(p, wakerCpu); }
    @Override public boolean onRq(KTask p) { return d.onRq(p); }
    @Override public KTask pickNext(int cpu, KTask prev, Put how) { return d.pickNext(cpu, prev, how); }
    @Override public void tick(int cpu) { d.tick(cpu); }
    @Override public void yieldTask(int cpu, KTask p) { d.yieldTask(cpu, p); }
    @Override public int setAttr(KTask p, SchedAttr attr) { return d.setAttr(p, attr); }
    @Override public int setAffinity(KTask p, long mask) { return d.setAffinity(p, mask); }
    @Override public String className(KTask p) { return d.className(p); }
    @Override public boolean anyQueued() { return d.anyQueued(); }
    @Override public void shutdown() { d.shutdown(); }
}
