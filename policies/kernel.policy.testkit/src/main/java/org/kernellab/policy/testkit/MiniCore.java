package org.kernellab.policy.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedTask;

/**
 * A small deterministic stand-in for the scheduler core, so that the policy alone can be unit
 * tested: it calls the ops in the order the {@link Policy} Javadoc gives (enable, selectCpu,
 * runnable, enqueue, pick, running, stopping, quiescent, tick, wakeupPreempt) and checks what
 * pick returns. Virtual time only; switches and interrupts cost nothing. The machine tests
 * ({@code *MachineTest}, with {@link PolicyMachine}) run the real core.
 */
public final class MiniCore extends FakeHost {
    /** A task: computes {@code burstNs}, sleeps {@code sleepNs}, again, until {@code totalNs} of CPU, then exits. */
    public static final class Task extends FakeTask {
        public long burstNs = Long.MAX_VALUE;
        public long sleepNs;
        public long totalNs = Long.MAX_VALUE;
        public long left;
        public long wakeAt = -1;
        public boolean queued;
        public boolean exited;

        public Task(int pid, String comm) {
            super(pid, comm);
        }

        /** Its job is released when it is created. */
        @Override public long jobReleaseNs() { return start; }
    }

    /** One switch: at {@code timeNs} CPU {@code cpu} starts running {@code task} (null: idle). */
    public record Switch(long timeNs, int cpu, Task task) {}

    /** One pick-to-stop stretch of a task on a CPU (a task picked again right away makes two). */
    public record Run(long startNs, long endNs, int cpu, Task task) {
        public long lengthNs() { return endNs - startNs; }
    }

    public boolean periodicTick = true;
    public Policy policy;
    private int nextPid = 1;
    public final List<Task> tasks = new ArrayList<>();
    public final List<Switch> switches = new ArrayList<>();
    public final List<Run> runs = new ArrayList<>();
    private final long[] runStart;
    public final Task[] curr;
    public final long[] preemptAt;
    public final boolean[] resched;

    public MiniCore(int nrCpus, int hz) {
        super(nrCpus, org.kernellab.api.workload.Machine.tickNs(hz));
        this.curr = new Task[nrCpus];
        this.preemptAt = new long[nrCpus];
        this.resched = new boolean[nrCpus];
        this.runStart = new long[nrCpus];
        java.util.Arrays.fill(preemptAt, -1);
    }

    /** {@code nrCpus} CPUs at {@code hz}, driving the policy {@code provider} makes with {@code params}. */
    public MiniCore(int nrCpus, int hz, PolicyProvider provider, Map<String, String> params) {
        this(nrCpus, hz);
        this.policy = provider.create(this, params);
    }

    // ---- PolicyHost ---------------------------------------------------------------------

    @Override public boolean isIdle(int cpu) { return curr[cpu] == null; }
    @Override public SchedTask current(int cpu) { return curr[cpu]; }
    @Override public void kick(int cpu) { resched[cpu] = true; }
    @Override public void preemptAfter(int cpu, long ns) { preemptAt[cpu] = now + ns; }
    @Override public SplittableRandom random() { return new SplittableRandom(42); }

    // ---- driving ------------------------------------------------------------------------

    public Task task(String comm) {
        Task t = new Task(nextPid++, comm);
        tasks.add(t);
        return t;
    }

    /** Creates {@code t} now: enable, selectCpu, runnable, enqueue(NEW). */
    public Task spawn(Task t) {
        t.start = now;
        t.left = Math.min(t.burstNs, t.totalNs);
        policy.enable(t);
        activate(t, Enqueue.NEW);
        return t;
    }

    private void activate(Task t, Enqueue why) {
        int cpu = policy.selectCpu(t, t.cpu, -1, why);
        if (cpu < 0) cpu = t.cpu >= 0 ? t.cpu : 0;
        if (!t.allowed(cpu)) throw new AssertionError("selectCpu chose CPU " + cpu + " for " + t + ", not allowed");
        t.cpu = cpu;
        policy.runnable(t, why);
        policy.enqueue(cpu, t, why);
        t.queued = true;
        if (curr[cpu] == null) resched[cpu] = true;
        else if (policy.wakeupPreempt(cpu, curr[cpu], t)) resched[cpu] = true;
    }

    /** Runs until {@code untilNs} of virtual time. */
    public void runUntil(long untilNs) {
        while (true) {
            for (int c = 0; c < nrCpus; c++) if (resched[c]) schedule(c);
            long next = untilNs;
            if (periodicTick) next = Math.min(next, (now / tickNs + 1) * tickNs);
            for (int c = 0; c < nrCpus; c++) {
                if (preemptAt[c] > now) next = Math.min(next, preemptAt[c]);
                if (curr[c] != null && curr[c].left < next - now) next = now + curr[c].left;
            }
            for (Task t : tasks) if (t.wakeAt > now) next = Math.min(next, t.wakeAt);
            if (next > untilNs || now >= untilNs) break;
            long dt = next - now;
            for (int c = 0; c < nrCpus; c++) {
                if (curr[c] != null) {
                    curr[c].sumExec += dt;
                    curr[c].left -= dt;
                }
            }
            now = next;
            events();
        }
    }

    private void events() {
        for (int c = 0; c < nrCpus; c++) {
            Task t = curr[c];
            if (t == null || t.left > 0) continue;
            boolean exit = t.sumExec >= t.totalNs;
            runs.add(new Run(runStart[c], now, c, t));
            policy.stopping(c, t, false);
            policy.quiescent(t, exit ? Dequeue.EXIT : Dequeue.SLEEP);
            curr[c] = null;
            preemptAt[c] = -1;
            resched[c] = true;
            if (exit) t.exited = true;
            else {
                t.wakeAt = now + t.sleepNs;
                t.left = Math.min(t.burstNs, t.totalNs - t.sumExec);
            }
        }
        for (int c = 0; c < nrCpus; c++) {
            if (preemptAt[c] == now) {
                preemptAt[c] = -1;
                if (curr[c] != null) resched[c] = true;
            }
        }
        if (periodicTick && now % tickNs == 0) {
            for (int c = 0; c < nrCpus; c++) if (curr[c] != null && policy.tick(c, curr[c])) resched[c] = true;
        }
        for (Task t : tasks) {
            if (t.wakeAt == now) {
                t.wakeAt = -1;
                activate(t, Enqueue.WAKEUP);
            }
        }
    }

    /** __schedule() on {@code cpu}: the running task goes back (PREEMPTED), then pick. */
    public void schedule(int cpu) {
        resched[cpu] = false;
        Task prev = curr[cpu];
        if (prev != null) {
            runs.add(new Run(runStart[cpu], now, cpu, prev));
            policy.stopping(cpu, prev, true);
            policy.enqueue(cpu, prev, Enqueue.PREEMPTED);
            prev.queued = true;
            curr[cpu] = null;
        }
        preemptAt[cpu] = -1;
        Task next = (Task) policy.pick(cpu);
        if (next != null) {
            if (!next.queued) throw new AssertionError("pick(" + cpu + ") returned " + next + ", which is not queued");
            if (!next.allowed(cpu)) throw new AssertionError("pick(" + cpu + ") returned " + next + ", not allowed there");
            next.queued = false;
            next.cpu = cpu;
        }
        if (next != prev) switches.add(new Switch(now, cpu, next));
        curr[cpu] = next;
        runStart[cpu] = now;
        if (next != null) policy.running(cpu, next);
    }

    /** The task that runs on {@code cpu} at each switch, as comm names, from {@code fromNs} on. */
    public List<String> order(int cpu, long fromNs, long toNs) {
        List<String> out = new ArrayList<>();
        for (Switch s : switches) {
            if (s.cpu() == cpu && s.timeNs() >= fromNs && s.timeNs() < toNs) out.add(s.task() == null ? "idle" : s.task().comm);
        }
        return out;
    }
}
