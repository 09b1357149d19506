package org.kernellab.policy.rm;

import java.util.Comparator;

import org.kernellab.api.sched.DeadlineMiss;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.GlobalPlacement;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Rate monotonic, as SimSo's RM counts it (SCHED-MODELS.md, "Periodic real-time tasks";
 * SimSo's {@code RM_mono}): a fixed priority per task, the shorter period first, a tie to the
 * lower task index, which is the lower pid. Fully preemptive: a released job of a
 * shorter-period task preempts the running one at once. Switches cost nothing, as in SimSo.
 *
 * <p>The period is the task's hint {@link SchedTask#periodNs()}; a job is released when the
 * task wakes up (or is created). A task without a period runs after every periodic task, in
 * FIFO order. A late job is not dropped: it runs on, as with SimSo's {@code continue}.
 *
 * <p>One global queue for every CPU (global RM): a CPU takes the first task it may run. A
 * waking task goes to an idle CPU if there is one, else to the CPU whose task has the lowest
 * priority, and preempts it if its own priority is higher. On one CPU this is SimSo's
 * uniprocessor RM.
 *
 * <p>The queues ({@link DispatchQueue}), the choice of the CPU to preempt ({@link GlobalPlacement})
 * and the report of a miss ({@link DeadlineMiss}) are the API's, shared with edf; what is written
 * here is RM's own: its order, its key (the period), and which tasks are periodic.
 */
final class Rm implements Policy {
    /** SimSo's tie rule after the period: the task index (pid). */
    private static final Comparator<SchedTask> TIES = Comparator.comparingInt(SchedTask::pid);

    private final PolicyHost host;
    private final boolean logMisses;
    /** Periodic tasks by period, then pid. A period is a hint, which changes only while the task is dequeued. */
    private final DispatchQueue periodic = DispatchQueue.ordered(TIES);
    private final DispatchQueue background = DispatchQueue.fifo();
    private final GlobalPlacement placement;

    Rm(PolicyHost host, boolean logMisses) {
        this.host = host;
        this.logMisses = logMisses;
        this.placement = new GlobalPlacement(host, Rm::before);
    }

    @Override public String name() { return RmProvider.NAME; }

    private static boolean periodic(SchedTask p) { return p.periodNs() > 0; }

    /** True if {@code a} has the higher priority: periodic tasks by period then pid, both before any other task. */
    private static boolean before(SchedTask a, SchedTask b) {
        if (!periodic(a)) return false;
        if (!periodic(b)) return true;
        int byPeriod = Long.compare(a.periodNs(), b.periodNs());
        return (byPeriod != 0 ? byPeriod : TIES.compare(a, b)) < 0;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (periodic(p)) {
            periodic.insertOrdered(p, p.periodNs());
        } else if (why == Enqueue.PREEMPTED) {
            background.insertHead(p); // a preempted FIFO task keeps its place (kernel/sched/rt.c does the same)
        } else {
            background.insertTail(p);
        }
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        if (!periodic.remove(p)) background.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        placement.picked(cpu);
        SchedTask p = periodic.take(cpu);
        return p != null ? p : background.take(cpu);
    }

    /**
     * Global placement ({@link GlobalPlacement}): an idle CPU (the previous one first), else the
     * CPU whose task has the lowest priority; {@link #wakeupPreempt} then preempts it if the new
     * task comes first. A task sent to a CPU at this same instant counts as that CPU's task, so
     * that tasks released together spread.
     */
    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        return placement.selectCpu(p, prevCpu);
    }

    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        return before(woken, curr);
    }

    /** A job of a periodic task that ends (it sleeps or exits) after its deadline missed it; say so, as SimSo reports misses. */
    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        if (logMisses && periodic(p)) DeadlineMiss.report(host, p);
    }
}
