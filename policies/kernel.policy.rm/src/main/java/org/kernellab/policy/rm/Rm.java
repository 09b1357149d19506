package org.kernellab.policy.rm;

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
 */
final class Rm implements Policy {
    /** SimSo's RM order: period, then task index (pid). The period is read at enqueue and kept. */
    private record Prio(SchedTask task, long period) {}

    private static final Comparator<Prio> ORDER = Comparator.comparingLong(Prio::period)
            .thenComparingInt(q -> q.task().pid());

    private final PolicyHost host;
    private final boolean logMisses;
    private final TreeSet<Prio> periodic = new TreeSet<>(ORDER);
    private final ArrayDeque<SchedTask> background = new ArrayDeque<>();
    /** The task {@link #selectCpu} sent to each CPU at instant {@link #incomingAt}, until that CPU picks. */
    private final SchedTask[] incoming;
    private final long[] incomingAt;

    Rm(PolicyHost host, boolean logMisses) {
        this.host = host;
        this.logMisses = logMisses;
        this.incoming = new SchedTask[host.nrCpus()];
        this.incomingAt = new long[host.nrCpus()];
    }

    @Override public String name() { return RmProvider.NAME; }

    private static boolean periodic(SchedTask p) { return p.periodNs() > 0; }

    /** True if {@code a} has the higher priority: periodic tasks by {@link #ORDER}, both before any other task. */
    private static boolean before(SchedTask a, SchedTask b) {
        if (!periodic(a)) return false;
        if (!periodic(b)) return true;
        return ORDER.compare(new Prio(a, a.periodNs()), new Prio(b, b.periodNs())) < 0;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (periodic(p)) {
            Prio q = new Prio(p, p.periodNs());
            p.policyData(q);
            periodic.add(q);
        } else if (why == Enqueue.PREEMPTED) {
            background.addFirst(p); // a preempted FIFO task keeps its place (kernel/sched/rt.c does the same)
        } else {
            background.addLast(p);
        }
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        if (p.policyData() instanceof Prio q) {
            periodic.remove(q);
            p.policyData(null);
        } else {
            background.remove(p);
        }
    }

    @Override
    public SchedTask pick(int cpu) {
        incoming[cpu] = null;
        for (Iterator<Prio> it = periodic.iterator(); it.hasNext();) {
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
     * Global placement: an idle CPU (the previous one first), else the CPU whose task has the
     * lowest priority; {@link #wakeupPreempt} then preempts it if the new task comes first. A task
     * sent to a CPU at this same instant counts as that CPU's task, so that tasks released
     * together spread.
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
