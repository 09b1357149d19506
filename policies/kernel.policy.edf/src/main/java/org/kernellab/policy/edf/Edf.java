package org.kernellab.policy.edf;

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
 * Earliest deadline first, as SimSo's EDF counts it (SCHED-MODELS.md, "Periodic real-time
 * tasks"; SimSo's {@code EDF_mono}): the job with the earliest absolute deadline runs; a tie
 * goes to the job released earlier, then to the lower task index, which is the lower pid.
 * Fully preemptive: a job that comes first by these rules preempts the running one as soon as
 * it is released. Switches cost nothing, as in SimSo.
 *
 * <p>A job is what the core reports of a task: it is released when the task wakes up (or is
 * created), {@link SchedTask#jobReleaseNs()}, and is due a relative deadline (or a period)
 * later, {@link SchedTask#jobDeadlineNs()}. A task without a deadline ({@code Long.MAX_VALUE})
 * runs after every periodic job, in FIFO order. A late job is not dropped: it runs on, as with
 * SimSo's {@code continue}. A task that starts its next job without sleeping keeps the late
 * job's release and deadline until it next wakes up.
 *
 * <p>One global queue for every CPU (global EDF): a CPU takes the first job it may run. A
 * released job goes to an idle CPU if there is one, else to the CPU whose job comes last, and
 * preempts that job if it comes first. On one CPU this is SimSo's uniprocessor EDF.
 *
 * <p>The queues ({@link DispatchQueue}), the choice of the CPU to preempt ({@link GlobalPlacement})
 * and the report of a miss ({@link DeadlineMiss}) are the API's, shared with rm; what is written
 * here is EDF's own: its order, its key, and which tasks have jobs. (The enqueue, dequeue and pick
 * that remain alike in rm name that queue and key; a class for them would be a policy skeleton
 * with the one differing line passed in, not a general idea.)
 */
final class Edf implements Policy {
    /** SimSo's tie rules after the deadline: the release, then the task index (pid). */
    private static final Comparator<SchedTask> TIES = Comparator.comparingLong(SchedTask::jobReleaseNs)
            .thenComparingInt(SchedTask::pid);

    private final PolicyHost host;
    private final boolean logMisses;
    /**
     * Periodic jobs by absolute deadline, then {@link #TIES}. A queued task's job (its release,
     * hence its deadline) changes only when it wakes, which a queued task does not.
     */
    private final DispatchQueue jobs = DispatchQueue.ordered(TIES);
    private final DispatchQueue background = DispatchQueue.fifo();
    private final GlobalPlacement placement;

    Edf(PolicyHost host, boolean logMisses) {
        this.host = host;
        this.logMisses = logMisses;
        this.placement = new GlobalPlacement(host, Edf::before);
    }

    @Override public String name() { return EdfProvider.NAME; }

    private static boolean periodic(SchedTask p) { return p.jobDeadlineNs() != Long.MAX_VALUE; }

    /** True if {@code a}'s job runs before {@code b}'s: periodic jobs by deadline then {@link #TIES}, both before any other task. */
    private static boolean before(SchedTask a, SchedTask b) {
        if (!periodic(a)) return false;
        if (!periodic(b)) return true;
        int byDeadline = Long.compare(a.jobDeadlineNs(), b.jobDeadlineNs());
        return (byDeadline != 0 ? byDeadline : TIES.compare(a, b)) < 0;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (periodic(p)) {
            jobs.insertOrdered(p, p.jobDeadlineNs());
        } else if (why == Enqueue.PREEMPTED) {
            background.insertHead(p); // a preempted FIFO task keeps its place (kernel/sched/rt.c does the same)
        } else {
            background.insertTail(p);
        }
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        if (!jobs.remove(p)) background.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        placement.picked(cpu);
        SchedTask p = jobs.take(cpu);
        return p != null ? p : background.take(cpu);
    }

    /**
     * Global EDF's placement ({@link GlobalPlacement}): an idle CPU (the previous one first), else
     * the CPU whose job comes last; {@link #wakeupPreempt} then preempts it if the new job comes
     * first. A job sent to a CPU at this same instant counts as that CPU's job, so that jobs
     * released together spread.
     */
    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        return placement.selectCpu(p, prevCpu);
    }

    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        return before(woken, curr);
    }

    /** A job that ends (its task sleeps or exits) after its deadline missed it; say so, as SimSo reports misses. */
    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        if (logMisses) DeadlineMiss.report(host, p);
    }
}
