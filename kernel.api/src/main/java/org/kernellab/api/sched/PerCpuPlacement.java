package org.kernellab.api.sched;

import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * Where a waking task goes in a policy with a queue per CPU (cfs, o1, stride), and which idle CPU
 * to kick when a task waits on a busy one. The placement is Linux's plainest
 * {@code select_task_rq_fair()}: the previous CPU if it is idle, else the first idle CPU the task
 * may use ({@code select_idle_sibling()}), else the allowed CPU with the least load
 * ({@code sched_balance_find_dst_cpu()}), ties to the previous CPU, then to the lowest number.
 * What is idle and what load is are the policy's: an idle CPU with nothing queued, a load of
 * queued tasks or of weight.
 *
 * <p>The kick is for the ways a task comes to wait on a busy CPU other than a wakeup or a fork,
 * which the core already places (a preempted or yielding task, a changed affinity): an idle CPU
 * the task may use is kicked, and balances in its {@code pick}.
 *
 * <h2>Calling context</h2>
 * Made with the policy, for its host; {@link #selectCpu} is called from the policy's
 * {@code selectCpu} op and {@link #kickIdleFor} from its {@code enqueue}, on the simulation's
 * single execution, never sleeping and without locks (see {@link Policy}). Both look at the CPUs
 * in a fixed order, so they are deterministic, and both are O(CPUs) calls of {@code idle} and
 * {@code load}, which must only read.
 */
public final class PerCpuPlacement {
    private final PolicyHost host;
    private final IntPredicate idle;
    private final IntToLongFunction load;

    /**
     * @param host the policy's host
     * @param idle true if a CPU is idle for the policy (typically: it runs its idle task and its
     *             queue is empty)
     * @param load a CPU's load, lower is better (used only when no allowed CPU is idle)
     */
    public PerCpuPlacement(PolicyHost host, IntPredicate idle, IntToLongFunction load) {
        this.host = host;
        this.idle = idle;
        this.load = load;
    }

    /**
     * The CPU for {@code p}: {@code prevCpu} if it is allowed and idle, else the first allowed idle
     * CPU, else the allowed CPU of least load (ties to {@code prevCpu}, then the lowest number);
     * -1 if no CPU is allowed. Call it from the policy's {@code selectCpu} and return what it returns.
     */
    public int selectCpu(SchedTask p, int prevCpu) {
        int n = host.nrCpus();
        if (prevCpu >= 0 && prevCpu < n && p.allowed(prevCpu) && idle.test(prevCpu)) return prevCpu;
        for (int c = 0; c < n; c++) if (p.allowed(c) && idle.test(c)) return c;
        int best = -1;
        long bestLoad = Long.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (!p.allowed(c)) continue;
            long l = load.applyAsLong(c);
            if (l < bestLoad || (l == bestLoad && c == prevCpu)) {
                best = c;
                bestLoad = l;
            }
        }
        return best;
    }

    /**
     * {@code p} waits on {@code cpu}: kicks the first idle CPU other than {@code cpu} that
     * {@code p} may use ({@link PolicyHost#kick}), so that it picks and balances. Returns the CPU
     * kicked, or -1.
     */
    public int kickIdleFor(SchedTask p, int cpu) {
        for (int c = 0; c < host.nrCpus(); c++) {
            if (c != cpu && p.allowed(c) && idle.test(c)) {
                host.kick(c);
                return c;
            }
        }
        return -1;
    }
}
