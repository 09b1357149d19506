package org.kernellab.policy.stcf;

import java.util.Comparator;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Shortest time to completion first, the preemptive SJF of OSTEP's chapter "Scheduling:
 * Introduction" (scheduler.py has no STCF; its SJF rules are in /work/shared/SCHED-MODELS.md).
 * A task's remaining time is max(0, expectedRunNs - sumExecNs); a task with no hint (0) counts
 * as longer than every hinted one. The next task is the waiting one with the least remaining
 * time, ties to the earlier arrival. Arrival is when the core enqueues a new, waking, yielding
 * or migrated task; a task that is preempted, or comes back after an attribute change, keeps
 * its arrival.
 *
 * <p>Preemptive at arrivals only, since a waiting task's remaining time does not change and the
 * running one's only shrinks: a new or waking task with less remaining time than the running
 * one preempts it ({@link #wakeupPreempt}); on a tie the running task, the earlier arrival,
 * keeps the CPU.
 *
 * <p>One global queue for every CPU (any CPU takes the best task allowed on it), so that one
 * CPU behaves as the textbook's, as sched_ext's global DSQ (SCX_DSQ_GLOBAL) does.
 */
final class Stcf implements Policy {
    /** Per-task data (policyData): its arrival number, and its clock and CPU time when it last started running. */
    private static final class Job {
        long arrival;
        long ranAtNs;
        long execAtRunNs;
    }

    private final PolicyHost host;
    /**
     * The waiting tasks by remaining time, then arrival. A waiting task's remaining time does not
     * change: it does not run, so its sum_exec stays (the core accounts a preempted task's time
     * before it enqueues it), and its hint changes only while it is dequeued. So the key it is
     * queued with is the one a scan at pick time would read. Touched only inside ops.
     */
    private final DispatchQueue queue = DispatchQueue.ordered(Comparator.comparingLong(p -> ((Job) p.policyData()).arrival));
    private long arrivals;

    Stcf(PolicyHost host) {
        this.host = host;
    }

    @Override public String name() { return "stcf"; }

    private Job job(SchedTask p) {
        if (p.policyData() instanceof Job j) return j;
        Job j = new Job();
        j.arrival = arrivals++;
        p.policyData(j);
        return j;
    }

    /**
     * max(0, expected - used). For the task running on {@code runningOn} (-1: a waiting task) it
     * counts its time since running() too, as sum_exec_runtime is brought up to date only when
     * the CPU's burst is split (a remote wakeup does not split it).
     */
    private long remaining(SchedTask p, int runningOn) {
        long expected = p.expectedRunNs();
        if (expected == 0) return Long.MAX_VALUE;
        long used = p.sumExecNs();
        if (runningOn >= 0) used = Math.max(used, job(p).execAtRunNs + host.clock(runningOn) - job(p).ranAtNs);
        return Math.max(0, expected - used);
    }

    /** True if {@code a} goes before {@code b}: less remaining time, then the earlier arrival. */
    private boolean before(SchedTask a, long remA, SchedTask b, long remB) {
        return remA != remB ? remA < remB : job(a).arrival < job(b).arrival;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        Job j = job(p);
        if (why != Enqueue.PREEMPTED && why != Enqueue.RESTORE) j.arrival = arrivals++;
        queue.insertOrdered(p, remaining(p, -1));
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        queue.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        return queue.take(cpu);
    }

    @Override
    public void running(int cpu, SchedTask p) {
        Job j = job(p);
        j.ranAtNs = host.clock(cpu);
        j.execAtRunNs = p.sumExecNs();
    }

    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        return before(woken, remaining(woken, -1), curr, remaining(curr, cpu));
    }
}
