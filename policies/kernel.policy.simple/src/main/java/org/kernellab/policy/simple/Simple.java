package org.kernellab.policy.simple;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * sched_ext's {@code scx_simple} (tools/sched_ext/scx_simple.bpf.c), op for op, and the worked
 * example of docs/sched-spi.md. One queue shared by every CPU (scx_simple's SHARED_DSQ),
 * ordered by weighted virtual time, or FIFO with {@code fifo=true}. A task runs for at most a
 * slice (SCX_SLICE_DFL, 20 ms; parameter {@code slice}) and then queues again. A waking task never
 * preempts: scx_simple has no preemption.
 *
 * <p>Weights are sched_ext's: 100 is nice 0 (see {@link #scxWeight}).
 *
 * <p>Where KernelLab's core differs from sched_ext, the policy does sched_ext's part itself:
 * the per-CPU local queues (SCX_DSQ_LOCAL), the idle-CPU claim of scx_bpf_select_cpu_dfl(),
 * and the slice bookkeeping ({@code p->scx.slice}).
 */
final class Simple implements Policy {
    /** The fields of {@code p->scx} that scx_simple uses; kept in {@link SchedTask#policyData()}. */
    private static final class Scx {
        long vtime;      // dsq_vtime
        long slice;      // slice: what is left of the task's slice, ns
        long runStart;   // the CPU clock when it started running
        boolean direct;  // selectCpu() inserted it into an idle CPU's local queue
    }

    private final PolicyHost host;
    private final long sliceNs;
    private final boolean fifo;
    /** SHARED_DSQ: FIFO, or ordered by vtime, equal vtimes in arrival order. */
    private final DispatchQueue shared;
    /** SCX_DSQ_LOCAL of each CPU: a CPU runs these before it looks at the shared queue. */
    private final DispatchQueue[] local;
    /** vtime_now: the largest vtime a task has started running with. */
    private long vtimeNow;
    /** Idle CPUs already given a task by selectCpu() and not yet picking (sched_ext's idle mask, inverted). */
    private long claimed;

    Simple(PolicyHost host, long sliceNs, boolean fifo) {
        this.host = host;
        this.sliceNs = sliceNs;
        this.fifo = fifo;
        this.shared = fifo ? DispatchQueue.fifo() : DispatchQueue.ordered();
        this.local = new DispatchQueue[host.nrCpus()];
        for (int cpu = 0; cpu < local.length; cpu++) local[cpu] = DispatchQueue.fifo();
    }

    @Override public String name() { return SimpleProvider.NAME; }

    private static Scx scx(SchedTask p) { return (Scx) p.policyData(); }

    /**
     * sched_ext's weight, p->scx.weight: the fair weight (1024 = nice 0) on the cgroup scale
     * (100 = nice 0), rounded and clamped to 1..10000, as sched_weight_to_cgroup() does
     * (kernel/sched/sched.h). Nice 5 (335) is 33; SCHED_IDLE (3) is 1.
     */
    static long scxWeight(int weight) {
        return Math.clamp((weight * 100L + 512) / 1024, 1, 10_000);
    }

    /** simple_enable: a new task starts at the current vtime. */
    @Override
    public void enable(SchedTask p) {
        Scx s = new Scx();
        s.vtime = vtimeNow;
        p.policyData(s);
    }

    /** simple_select_cpu: an idle CPU (the previous one first) gets the task straight into its local queue. */
    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        int cpu = idle(p, prevCpu) ? prevCpu : -1;
        for (int c = 0; cpu < 0 && c < host.nrCpus(); c++) if (idle(p, c)) cpu = c;
        if (cpu < 0) return -1; // no idle CPU: the core's choice, and enqueue() queues it
        claimed |= 1L << cpu;
        scx(p).direct = true;
        return cpu;
    }

    private boolean idle(SchedTask p, int cpu) {
        return cpu >= 0 && cpu < host.nrCpus() && p.allowed(cpu) && host.isIdle(cpu) && (claimed & 1L << cpu) == 0;
    }

    /** simple_enqueue, with sched_ext's own cases first. */
    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        Scx s = scx(p);
        if (why == Enqueue.PREEMPTED && s.slice > 0) {
            local[cpu].insertHead(p); // put_prev_task_scx(): preempted by a higher class, slice left: runs next here
            return;
        }
        s.slice = sliceNs; // every insert gives a full slice
        if (s.direct) {
            s.direct = false;
            local[cpu].insertTail(p);
            return;
        }
        if (fifo) {
            shared.insertTail(p);
        } else {
            s.vtime = Math.max(s.vtime, vtimeNow - sliceNs); // a sleeper's credit is one slice at most
            shared.insertOrdered(p, s.vtime);
        }
    }

    /** Wherever it waits: a queue finds a task by identity. */
    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        for (DispatchQueue q : local) if (q.remove(p)) return;
        shared.remove(p);
    }

    /**
     * The core's local queue first (it holds only tasks allowed on this CPU: the core enqueues a
     * task on an allowed CPU), then simple_dispatch: the first task of the shared queue this CPU may run.
     */
    @Override
    public SchedTask pick(int cpu) {
        claimed &= ~(1L << cpu);
        SchedTask p = local[cpu].take(cpu);
        return p != null ? p : shared.take(cpu);
    }

    /** simple_running: vtime_now follows the tasks that start running; the slice is enforced to the ns. */
    @Override
    public void running(int cpu, SchedTask p) {
        Scx s = scx(p);
        if (!fifo) vtimeNow = Math.max(vtimeNow, s.vtime);
        s.runStart = host.clock(cpu);
        host.preemptAfter(cpu, s.slice);
    }

    /** simple_stopping: charge the slice used, scaled by 100 / weight, exactly as scx_simple writes it. */
    @Override
    public void stopping(int cpu, SchedTask p, boolean runnable) {
        Scx s = scx(p);
        s.slice -= Math.min(s.slice, host.clock(cpu) - s.runStart); // update_curr_scx()
        if (!fifo) s.vtime += (sliceNs - s.slice) * 100 / scxWeight(p.weight());
    }

    /** sched_ext's default yield: the slice is gone, so stopping() charges all of it. */
    @Override
    public void yield(int cpu, SchedTask p) {
        scx(p).slice = 0;
    }
}
