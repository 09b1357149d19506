package org.kernellab.policy.mlfq;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.SchedTask;
import org.kernellab.policy.testkit.FakeHost;
import org.kernellab.policy.testkit.FakeTask;

/**
 * Drives a policy through the SPI, on one CPU, with mlfq.py's workload model: jobs arrive at
 * whole time units, run one unit per tick, issue an I/O every {@code ioFreq} units of their
 * run and wait {@code ioTime} units for it. One unit is 1 ms. The driver calls the ops in the
 * order a core does (stopping, enqueue, pick, running; wakeupPreempt after a wakeup's enqueue;
 * tick on every tick; the hrtick at the instant preemptAfter asked for) and records which job
 * ran each tick at which level. It lets a test feed one instant's events in several orders.
 */
final class TickDriver extends FakeHost {
    static final long UNIT = 1_000_000L;

    /** The order of the events of one instant. */
    enum Order {
        /** mlfq.py's: the running job's I/O or exit, the quantum end, arrivals by id, completions in issue order. */
        OSTEP,
        /** The same instant's events backwards: completions last-issued first, arrivals by descending id, the hrtick last. */
        REVERSED,
        /** The quantum-end preemption before the job's own I/O or exit, which it then does when it next runs. */
        HRTICK_FIRST
    }

    record JobSpec(int start, int run, int ioFreq) {}

    private final class Job extends FakeTask {
        final int id;
        final JobSpec spec;
        int done;
        /** 'I' (I/O) or 'X' (exit) when its run ended a burst and it has not acted yet; 0 otherwise. */
        char pending;

        Job(int id, JobSpec spec) {
            super(id + 1, "job" + id);
            this.id = id;
            this.spec = spec;
            affinity = 1;
            cpu = 0;
            start = spec.start() * UNIT;
        }

        @Override public long sumExecNs() { return done * UNIT; }
    }

    private long hrtickAt = Long.MAX_VALUE;
    private Job current;

    TickDriver() {
        super(1, UNIT);
    }

    @Override public boolean isIdle(int cpu) { return current == null; }
    @Override public SchedTask current(int cpu) { return current; }
    @Override public void preemptAfter(int cpu, long ns) {
        if (ns <= 0) throw new IllegalArgumentException("preemptAfter " + ns);
        hrtickAt = now + ns;
    }

    /** Runs the jobs to completion; returns the run of every tick as "job@level*ticks" runs, "-" for idle. */
    String run(Policy p, List<JobSpec> specs, int ioTime, Order order) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) jobs.add(new Job(i, specs.get(i)));
        // completions by instant, in issue order
        TreeMap<Integer, List<Job>> completions = new TreeMap<>();
        List<String> ticks = new ArrayList<>();
        p.init();
        int finished = 0;
        for (int t = 0; finished < jobs.size(); t++) {
            if (t > 1_000_000) throw new AssertionError("no end after " + t + " ticks: " + ticks.size());
            now = t * UNIT;
            if (order == Order.HRTICK_FIRST) hrtick(p);
            if (current != null && current.pending != 0) finished += act(p, current, completions, t, ioTime);
            if (finished == jobs.size()) break;
            if (order == Order.OSTEP) hrtick(p);
            List<Job> arrivals = new ArrayList<>();
            for (Job j : jobs) if (j.spec.start() == t) arrivals.add(j);
            List<Job> done = completions.getOrDefault(t, List.of());
            if (order == Order.REVERSED) {
                for (int i = done.size() - 1; i >= 0; i--) wake(p, done.get(i), Enqueue.WAKEUP);
                for (int i = arrivals.size() - 1; i >= 0; i--) arrive(p, arrivals.get(i));
                hrtick(p);
            } else {
                for (Job j : arrivals) arrive(p, j);
                for (Job j : done) wake(p, j, Enqueue.WAKEUP);
            }
            if (current != null && p.tick(0, current)) preempt(p);
            while (current == null) {
                SchedTask next = p.pick(0);
                if (next == null) break;
                Job j = (Job) next;
                current = j;
                p.running(0, j);
                // a job preempted before it acted does its I/O or exit now, taking no time
                if (j.pending != 0) finished += act(p, j, completions, t, ioTime);
            }
            if (finished == jobs.size()) break;
            if (current == null) {
                ticks.add("-");
                continue;
            }
            Job j = current;
            ticks.add(j.id + "@" + ((Mlfq.Job) j.data).level());
            j.done++;
            if (j.done == j.spec.run()) j.pending = 'X';
            else if (j.spec.ioFreq() > 0 && j.done % j.spec.ioFreq() == 0) j.pending = 'I';
        }
        return runs(ticks);
    }

    private void arrive(Policy p, Job j) {
        p.enable(j);
        p.runnable(j, Enqueue.NEW);
        wake(p, j, Enqueue.NEW);
    }

    private void wake(Policy p, Job j, Enqueue why) {
        if (why == Enqueue.WAKEUP) p.runnable(j, why);
        p.enqueue(0, j, why);
        if (current != null && p.wakeupPreempt(0, current, j)) preempt(p);
    }

    private void hrtick(Policy p) {
        if (current != null && hrtickAt <= now) preempt(p);
    }

    private void preempt(Policy p) {
        Job j = current;
        p.stopping(0, j, true);
        p.enqueue(0, j, Enqueue.PREEMPTED);
        current = null;
        hrtickAt = Long.MAX_VALUE;
    }

    /** The running job's I/O start or exit at this instant; returns 1 for an exit. */
    private int act(Policy p, Job j, TreeMap<Integer, List<Job>> completions, int t, int ioTime) {
        char what = j.pending;
        j.pending = 0;
        p.stopping(0, j, false);
        current = null;
        hrtickAt = Long.MAX_VALUE;
        if (what == 'X') {
            p.quiescent(j, Dequeue.EXIT);
            p.disable(j);
            return 1;
        }
        p.quiescent(j, Dequeue.SLEEP);
        completions.computeIfAbsent(t + ioTime, k -> new ArrayList<>()).add(j);
        return 0;
    }

    private static String runs(List<String> ticks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ticks.size();) {
            int k = i;
            while (k < ticks.size() && ticks.get(k).equals(ticks.get(i))) k++;
            if (sb.length() > 0) sb.append(' ');
            sb.append(ticks.get(i)).append('*').append(k - i);
            i = k;
        }
        return sb.toString();
    }
}
