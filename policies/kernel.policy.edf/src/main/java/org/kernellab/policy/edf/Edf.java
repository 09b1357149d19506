package org.kernellab.policy.edf;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.TreeSet;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
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
 */
final class Edf implements Policy {
    /** A queued job under the key it was queued with, so that its place cannot change while it waits. */
    private record Job(SchedTask task, long deadline, long release) {}

    /** SimSo's EDF order: absolute deadline, then release, then task index (pid). */
    private static final Comparator<Job> ORDER = Comparator.comparingLong(Job::deadline)
            .thenComparingLong(Job::release)
            .thenComparingInt(j -> j.task().pid());

    private final PolicyHost host;
    private final boolean logMisses;
    private final TreeSet<Job> jobs = new TreeSet<>(ORDER);
    private final ArrayDeque<SchedTask> background = new ArrayDeque<>();
    /** The job {@link #selectCpu} sent to each CPU at instant {@link #incomingAt}, until that CPU picks. */
    private final SchedTask[] incoming;
    private final long[] incomingAt;

    Edf(PolicyHost host, boolean logMisses) {
        this.host = host;
        this.logMisses = logMisses;
        this.incoming = new SchedTask[host.nrCpus()];
        this.incomingAt = new long[host.nrCpus()];
    }

    @Override public String name() { return EdfProvider.NAME; }

    private static boolean periodic(SchedTask p) { return p.jobDeadlineNs() != Long.MAX_VALUE; }

    private static Job job(SchedTask p) { return new Job(p, p.jobDeadlineNs(), p.jobReleaseNs()); }

    /** True if {@code a}'s job runs before {@code b}'s: periodic jobs by {@link #ORDER}, both before any other task. */
    private static boolean before(SchedTask a, SchedTask b) {
        if (!periodic(a)) return false;
        if (!periodic(b)) return true;
        return ORDER.compare(job(a), job(b)) < 0;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (periodic(p)) {
            Job j = job(p);
            p.policyData(j);
            jobs.add(j);
        } else if (why == Enqueue.PREEMPTED) {
            background.addFirst(p); // a preempted FIFO task keeps its place (kernel/sched/rt.c does the same)
        } else {
            background.addLast(p);
        }
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        if (p.policyData() instanceof Job j) {
            jobs.remove(j);
            p.policyData(null);
        } else {
            background.remove(p);
        }
    }

    @Override
    public SchedTask pick(int cpu) {
        incoming[cpu] = null;
        for (Iterator<Job> it = jobs.iterator(); it.hasNext();) {
            SchedTask p = it.next().task();
            if (p.allowed(cpu)) {
                it.remove();
                p.policyData(null);
                return p;
            }
        }
        for (Iterator<SchedTask> it = background.iterator(); it.hasNext();) {
            SchedTask p = it.next();
            if (p.allowed(cpu)) {
                it.remove();
                return p;
            }
        }
        return null;
    }

    /**
     * Global EDF's placement: an idle CPU (the previous one first), else the CPU whose job comes
     * last; {@link #wakeupPreempt} then preempts it if the new job comes first. A job sent to a
     * CPU at this same instant counts as that CPU's job, so that jobs released together spread.
     */
    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        long now = host.now();
        int target = -1;
        SchedTask last = null;
        for (int i = -1; i < host.nrCpus(); i++) {
            int cpu = i < 0 ? prevCpu : i;
            if (cpu < 0 || cpu >= host.nrCpus() || !p.allowed(cpu)) continue;
            SchedTask there = incoming[cpu] != null && incomingAt[cpu] == now ? incoming[cpu] : null;
            if (there == null && host.isIdle(cpu)) {
                target = cpu;
                last = null;
                break;
            }
            if (there == null) there = host.current(cpu);
            if (there == null) continue; // a task of a higher class runs there
            if (target < 0 || before(last, there)) {
                target = cpu;
                last = there;
            }
        }
        if (target >= 0 && (last == null || before(p, last))) {
            incoming[target] = p;
            incomingAt[target] = now;
        }
        return target;
    }

    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        return before(woken, curr);
    }

    /**
     * A job that ends (its task sleeps or exits) after its deadline missed it; say so, as SimSo
     * reports misses. (SimSo counts the miss at the deadline; the core tells a policy only when the job ends.)
     */
    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        if (logMisses && periodic(p) && host.now() > p.jobDeadlineNs()) {
            host.log(p.comm() + "[" + p.pid() + "] missed a deadline: job released at " + ms(p.jobReleaseNs())
                    + " ms, due " + ms(p.jobDeadlineNs()) + " ms, finished at " + ms(host.now()) + " ms");
        }
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%d.%03d", ns / 1_000_000, ns / 1_000 % 1_000);
    }
}
