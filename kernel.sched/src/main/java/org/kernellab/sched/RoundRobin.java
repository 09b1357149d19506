package org.kernellab.sched;

import java.util.ArrayDeque;

import org.kernellab.api.sched.SchedClass;
import org.kernellab.api.sched.SchedCore;
import org.kernellab.api.sched.SchedTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Round robin with per-CPU queues and timeslices scaled by nice as in the 2.6 O(1)
 * scheduler's task_timeslice() (kernel/sched.c, 2.6.x): below nice 0 the slice is
 * (140 - static_prio) * 4 * base / 20, otherwise (140 - static_prio) * base / 20, so that
 * nice 0 gets the base (100 ms, DEF_TIMESLICE), nice -20 gets 800 ms and nice 19 gets 5 ms.
 * A task whose slice is used up at a tick is preempted if another task waits on its CPU.
 * Wakeups go to an idle CPU if there is one, else to the shortest queue.
 *
 * <p>Registered at the lowest ranking, so that any policy bundle replaces it and it takes over
 * again when that bundle leaves.
 */
@Component(service = SchedClass.class, configurationPid = "org.kernellab.sched.rr",
        property = {"service.ranking:Integer=-1000", "sched.class=rr"})
@Designate(ocd = RoundRobin.Config.class)
public final class RoundRobin implements SchedClass {
    @ObjectClassDefinition(name = "KernelLab round-robin class", description = "The built-in fallback scheduling class.")
    public @interface Config {
        @AttributeDefinition(description = "Timeslice of a nice-0 task in ms (the O(1) scheduler's DEF_TIMESLICE is 100 ms); nice scales it.", min = "1")
        long timeslice_ms() default 100;
    }

    /** Per-task state: the task's slice and how much CPU time it had when the slice began. */
    private static final class Slice {
        long startExecNs;
        long lengthNs;
    }

    private final long baseSliceNs;
    private ArrayDeque<SchedTask>[] queues;
    private SchedCore core;

    @Activate
    public RoundRobin(Config config) {
        this(config.timeslice_ms() * 1_000_000L);
    }

    RoundRobin(long baseSliceNs) {
        if (baseSliceNs <= 0) throw new IllegalArgumentException("timeslice " + baseSliceNs + " ns must be positive");
        this.baseSliceNs = baseSliceNs;
    }

    @Override public String name() { return "rr"; }

    @Override
    @SuppressWarnings("unchecked")
    public void attach(SchedCore core) {
        this.core = core;
        queues = new ArrayDeque[core.nrCpus()];
        for (int i = 0; i < queues.length; i++) queues[i] = new ArrayDeque<>();
    }

    /** task_timeslice() of the O(1) scheduler, scaled to the configured base. */
    long timeslice(int staticPrio) {
        long s = staticPrio < 120 ? (140 - staticPrio) * 4 * baseSliceNs / 20 : (140 - staticPrio) * baseSliceNs / 20;
        return Math.max(s, baseSliceNs / 20);
    }

    @Override
    public void enqueue(int cpu, SchedTask p, int flags) {
        queues[cpu].addLast(p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, int flags) {
        queues[cpu].remove(p);
    }

    @Override
    public SchedTask pickNext(int cpu) {
        SchedTask p = queues[cpu].pollFirst();
        if (p == null) p = steal(cpu);
        if (p != null) {
            Slice s = p.policyData() instanceof Slice old ? old : new Slice();
            s.startExecNs = p.sumExecNs();
            s.lengthNs = timeslice(p.staticPrio());
            p.policyData(s);
        }
        return p;
    }

    /** Idle balancing: take the oldest waiter from the longest other queue that may run here. */
    private SchedTask steal(int cpu) {
        int victim = -1;
        for (int i = 0; i < queues.length; i++) {
            if (i != cpu && queues[i].size() > (victim < 0 ? 0 : queues[victim].size())) victim = i;
        }
        if (victim < 0) return null;
        for (var it = queues[victim].iterator(); it.hasNext();) {
            SchedTask t = it.next();
            if (t.boundCpu() < 0) {
                it.remove();
                return t;
            }
        }
        return null;
    }

    @Override
    public boolean tick(int cpu, SchedTask curr) {
        if (!(curr.policyData() instanceof Slice s)) return false;
        return curr.sumExecNs() - s.startExecNs >= s.lengthNs && !queues[cpu].isEmpty();
    }

    @Override public int nrQueued(int cpu) { return queues[cpu].size(); }

    /** A waking task preempts a running one of lower priority (a larger static_prio, i.e. a higher nice). */
    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        return woken.staticPrio() < curr.staticPrio();
    }

    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu) {
        if (core.isIdle(prevCpu) && queues[prevCpu].isEmpty()) return prevCpu;
        int best = prevCpu;
        for (int i = 0; i < queues.length; i++) {
            if (core.isIdle(i) && queues[i].isEmpty()) return i;
            if (queues[i].size() < queues[best].size()) best = i;
        }
        return best;
    }
}
