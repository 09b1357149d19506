package org.kernellab.api.sched;

import java.util.function.BiPredicate;

/**
 * Where a waking task of a global, fully preemptive policy goes: a policy with one queue for
 * every CPU and a strict order between tasks (global EDF by deadline, global rate monotonic or
 * any fixed priority). The task goes to an idle CPU if there is one, the previous CPU first;
 * else to the CPU whose running task comes last in the policy's order, which the policy's
 * {@code wakeupPreempt} then preempts if the new task comes first. This is what Linux's
 * {@code find_later_rq()} (cpudl, kernel/sched/deadline.c) and {@code find_lowest_rq()} (cpupri,
 * kernel/sched/rt.c) do for the deadline and rt classes.
 *
 * <p>Tasks woken at one instant must spread: the core enqueues each before any CPU picks, so a
 * CPU that was just sent a task that will preempt its current one counts as running that task
 * until it picks. The policy reports the pick with {@link #picked}.
 *
 * <h2>Calling context</h2>
 * Made with the policy (one per policy instance, for its host); {@link #selectCpu} is called
 * from the policy's {@code selectCpu} op and {@link #picked} from its {@code pick} op, on the
 * simulation's single execution, never sleeping and without locks (see {@link Policy}). Both
 * are deterministic: CPUs are tried in a fixed order and ties go to the earlier one.
 * {@code selectCpu} is O(CPUs); {@code picked} is O(1).
 */
public final class GlobalPlacement {
    private final PolicyHost host;
    private final BiPredicate<SchedTask, SchedTask> before;
    /** The task {@link #selectCpu} sent to each CPU at instant {@link #incomingAt}, until that CPU picks. */
    private final SchedTask[] incoming;
    private final long[] incomingAt;

    /**
     * @param host   the policy's host
     * @param before the policy's order: true if {@code a} should run before {@code b} (it would
     *               preempt it); false both ways for tasks of equal rank
     */
    public GlobalPlacement(PolicyHost host, BiPredicate<SchedTask, SchedTask> before) {
        this.host = host;
        this.before = before;
        this.incoming = new SchedTask[host.nrCpus()];
        this.incomingAt = new long[host.nrCpus()];
    }

    /**
     * The CPU for {@code p}, waking or new: an idle allowed CPU ({@code prevCpu} first, then by
     * number), else the allowed CPU whose task (the one it runs, or the one sent to it at this
     * instant) comes last by {@code before}, the first such CPU on a tie; -1 (the core's default
     * placement) when every allowed CPU runs a task of a higher class. If {@code p} will preempt
     * there, the CPU counts as running {@code p} until it picks. Call it from the policy's
     * {@code selectCpu} and return what it returns.
     */
    public int selectCpu(SchedTask p, int prevCpu) {
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
            if (target < 0 || before.test(last, there)) {
                target = cpu;
                last = there;
            }
        }
        if (target >= 0 && (last == null || before.test(p, last))) {
            incoming[target] = p;
            incomingAt[target] = now;
        }
        return target;
    }

    /** {@code cpu} picks: what {@link #selectCpu} sent it is now queued like any task. Call it first thing in the policy's {@code pick}. */
    public void picked(int cpu) {
        incoming[cpu] = null;
    }
}
