package org.kernellab.policy.stride;

import java.util.Comparator;
import java.util.TreeSet;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.PerCpuPlacement;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Stride scheduling, after C. A. Waldspurger and W. E. Weihl, "Stride Scheduling:
 * Deterministic Proportional-Share Resource Management" (MIT/LCS/TM-528, 1995), and
 * Waldspurger's thesis (MIT/LCS/TR-667, 1995), with one queue per CPU.
 *
 * <ul>
 * <li>{@code stride = STRIDE1 / tickets}, with {@code STRIDE1 = 1 << 20}.</li>
 * <li>The queued task with the lowest {@code pass} runs; equal passes run in the order they
 *     were queued.</li>
 * <li>A task's pass advances by {@code stride × ns run / quantum}: the paper's fractional
 *     quanta, so a task that blocks early pays only for what it used. The remainder of the
 *     division is carried, so no nanosecond is lost.</li>
 * <li>Each queue has a {@code global_pass} that advances by
 *     {@code STRIDE1 × ns run / (quantum × global_tickets)}, global_tickets being the tickets
 *     of the tasks on that CPU (queued or running).</li>
 * <li>A task leaving a queue (sleep, exit, move) keeps {@code remain = pass − global_pass};
 *     joining one it starts at {@code global_pass + remain} (the paper's client_leave and
 *     client_join). Here remain is clamped to {@code [0, stride]}: a new task starts at the
 *     queue's global pass, and a task back from a sleep never brings credit it could use to
 *     monopolise the CPU, while it keeps up to one stride of debt.</li>
 * <li>The quantum (default 10 ms) is enforced with {@link PolicyHost#preemptAfter}, exactly,
 *     whatever HZ is; the tick is not used.</li>
 * <li>{@code sched_yield()} charges the rest of the quantum, so the yielder goes behind its
 *     peers.</li>
 * <li>Waking tasks do not preempt (allocation is per quantum, as in the paper).</li>
 * </ul>
 *
 * <p>Per CPU: a wakeup goes to the previous CPU if it is idle, else to an idle allowed CPU, else
 * to the least loaded allowed one (waiting tasks, plus one if the CPU is busy); a CPU whose
 * queue is empty takes the best allowed task of the busiest other queue in {@link #pick}.
 *
 * <p>All state is confined to one machine's single execution: no locking.
 */
final class StridePolicy implements Policy {
    /** The paper's stride1: a large constant so that STRIDE1 / tickets keeps precision. */
    static final long STRIDE1 = 1L << 20;
    /** More tickets than STRIDE1 would give a stride of 0: they count as STRIDE1. */
    static final int MAX_TICKETS = (int) STRIDE1;

    /** A task's stride state ({@code policyData}). */
    static final class StrideTask {
        final SchedTask p;
        int tickets;
        long stride;
        long pass;
        /** stride × ns not yet turned into pass (less than one quantum's worth). */
        long passRem;
        /** pass − global_pass when it left its last queue; the paper's {@code remain}. */
        long remain;
        /** The CPU whose queue counts it (queued or running), or -1. */
        int cpu = -1;
        boolean queued;
        /** Orders equal passes: the order of insertion. */
        long seq;
        /** sumExecNs already charged to pass. */
        long chargedTo;
        /** sumExecNs when it started running. */
        long runStart;
        boolean yielded;

        StrideTask(SchedTask p) { this.p = p; }
    }

    /** One CPU's queue. */
    static final class Rq {
        final int cpu;
        final TreeSet<StrideTask> queue = new TreeSet<>(BY_PASS);
        long globalPass;
        long globalRem;
        long globalTickets;
        StrideTask curr;

        Rq(int cpu) { this.cpu = cpu; }
    }

    private static final Comparator<StrideTask> BY_PASS =
            Comparator.<StrideTask>comparingLong(t -> t.pass).thenComparingLong(t -> t.seq);

    private final PolicyHost host;
    private final long quantum;
    private final Rq[] rqs;
    /** Wakeup placement and idle kicks over the per-CPU queues. */
    private final PerCpuPlacement placement;
    private long seq;

    StridePolicy(PolicyHost host, StrideProvider.Settings settings) {
        this.host = host;
        this.quantum = settings.quantumNs();
        this.rqs = new Rq[host.nrCpus()];
        for (int c = 0; c < rqs.length; c++) rqs[c] = new Rq(c);
        this.placement = new PerCpuPlacement(host, this::idle, this::load);
    }

    @Override public String name() { return StrideProvider.NAME; }

    long quantumNs() { return quantum; }

    Rq rq(int cpu) { return rqs[cpu]; }

    static StrideTask data(SchedTask p) {
        StrideTask t = (StrideTask) p.policyData();
        if (t == null) {
            t = new StrideTask(p);
            p.policyData(t);
        }
        return t;
    }

    // ---- pass arithmetic ----------------------------------------------------------------

    /** Charges the CPU time the running task of {@code rq} used since the last charge. */
    private void charge(Rq rq) {
        StrideTask t = rq.curr;
        if (t == null) return;
        long ran = t.p.sumExecNs() - t.chargedTo;
        if (ran <= 0) return;
        t.chargedTo += ran;
        advance(t, ran);
        advanceGlobal(rq, ran);
    }

    /**
     * pass += stride × ns / quantum, carrying the remainder; whole quanta and the rest are
     * multiplied separately so that a long run (under preempt=none) cannot overflow.
     */
    private void advance(StrideTask t, long ns) {
        t.pass += t.stride * (ns / quantum);
        t.passRem += t.stride * (ns % quantum);
        t.pass += t.passRem / quantum;
        t.passRem %= quantum;
    }

    /** global_pass += STRIDE1 × ns / (quantum × global_tickets), carrying the remainder. */
    private void advanceGlobal(Rq rq, long ns) {
        long tickets = rq.globalTickets;
        if (tickets <= 0) return;
        long whole = ns / quantum;
        rq.globalPass += STRIDE1 * whole / tickets;
        if (tickets > Long.MAX_VALUE / 4 / quantum) return; // the remainder cannot be carried: drop it
        long denom = quantum * tickets;
        rq.globalRem += STRIDE1 * whole % tickets * quantum + STRIDE1 * (ns % quantum);
        rq.globalPass += rq.globalRem / denom;
        rq.globalRem %= denom;
    }

    /** client_join: the task is counted on {@code rq} and starts at global_pass + remain. */
    private void join(Rq rq, StrideTask t) {
        charge(rq);
        setTickets(t, t.p.tickets());
        long remain = Math.max(0, Math.min(t.remain, t.stride));
        t.pass = rq.globalPass + remain;
        t.passRem = 0;
        t.cpu = rq.cpu;
        rq.globalTickets += t.tickets;
    }

    /** client_leave: the task is no longer counted on its queue; it keeps its remain. */
    private void leave(StrideTask t) {
        if (t.cpu < 0) return;
        Rq rq = rqs[t.cpu];
        charge(rq);
        if (rq.curr == t) rq.curr = null;
        t.remain = t.pass - rq.globalPass;
        rq.globalTickets -= t.tickets;
        t.cpu = -1;
    }

    /** Tickets may change while a task is counted (sched_setattr): the queue's sum follows. */
    private void setTickets(StrideTask t, int tickets) {
        if (t.cpu >= 0) rqs[t.cpu].globalTickets += Math.min(tickets, MAX_TICKETS) - t.tickets;
        t.tickets = Math.min(tickets, MAX_TICKETS);
        t.stride = STRIDE1 / t.tickets;
    }

    private void insert(Rq rq, StrideTask t) {
        t.seq = seq++;
        rq.queue.add(t);
        t.queued = true;
    }

    // ---- ops ----------------------------------------------------------------------------

    @Override
    public void enable(SchedTask p) {
        p.policyData(new StrideTask(p));
    }

    @Override
    public void disable(SchedTask p) {
        StrideTask t = (StrideTask) p.policyData();
        if (t == null) return;
        if (t.queued && t.cpu >= 0) rqs[t.cpu].queue.remove(t);
        t.queued = false;
        leave(t);
    }

    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        return placement.selectCpu(p, prevCpu);
    }

    /** Idle: running its idle task with nothing waiting. */
    private boolean idle(int cpu) {
        return host.isIdle(cpu) && rqs[cpu].queue.isEmpty();
    }

    /** Waiting tasks, plus one if the CPU is busy. */
    private long load(int cpu) {
        return rqs[cpu].queue.size() + (host.isIdle(cpu) ? 0 : 1);
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        StrideTask t = data(p);
        Rq rq = rqs[cpu];
        if (t.cpu != cpu) {
            // NEW, WAKEUP, RESTORE, MIGRATED, or a task that was running when the policy came in
            leave(t);
            join(rq, t);
        }
        insert(rq, t);
        // a task waits on a busy CPU while an allowed CPU idles: that CPU balances in pick (the
        // core does this itself after a wakeup or fork; this is for a preempted or yielding task
        // and a changed affinity)
        if (why != Enqueue.NEW && why != Enqueue.WAKEUP && !host.isIdle(cpu)) placement.kickIdleFor(p, cpu);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        StrideTask t = data(p);
        if (t.queued && t.cpu >= 0) rqs[t.cpu].queue.remove(t);
        t.queued = false;
        leave(t);
    }

    @Override
    public SchedTask pick(int cpu) {
        Rq rq = rqs[cpu];
        StrideTask t = first(rq, cpu);
        if (t == null && pull(cpu)) t = first(rq, cpu);
        if (t == null) return null;
        rq.queue.remove(t);
        t.queued = false;
        return t.p;
    }

    /** The lowest-pass task of {@code rq} that may run on {@code cpu}. */
    private static StrideTask first(Rq rq, int cpu) {
        for (StrideTask t : rq.queue) if (t.p.allowed(cpu)) return t;
        return null;
    }

    /** Idle balancing: move the best allowed task of the busiest other queue to {@code cpu}. */
    private boolean pull(int cpu) {
        long tried = 0; // CPUs with nothing for us
        while (true) {
            int busiest = -1;
            for (int c = 0; c < rqs.length; c++) {
                if (c == cpu || (tried & (1L << c)) != 0 || rqs[c].queue.isEmpty()) continue;
                if (busiest < 0 || rqs[c].queue.size() > rqs[busiest].queue.size()) busiest = c;
            }
            if (busiest < 0) return false;
            StrideTask t = first(rqs[busiest], cpu);
            if (t == null) {
                tried |= 1L << busiest;
                continue;
            }
            rqs[busiest].queue.remove(t);
            leave(t);
            join(rqs[cpu], t);
            insert(rqs[cpu], t);
            return true;
        }
    }

    @Override
    public void running(int cpu, SchedTask p) {
        StrideTask t = data(p);
        Rq rq = rqs[cpu];
        if (t.cpu != cpu) {
            leave(t);
            join(rq, t);
        }
        if (Math.min(p.tickets(), MAX_TICKETS) != t.tickets) setTickets(t, p.tickets());
        rq.curr = t;
        t.chargedTo = p.sumExecNs();
        t.runStart = t.chargedTo;
        t.yielded = false;
        host.preemptAfter(cpu, quantum);
    }

    @Override
    public void stopping(int cpu, SchedTask p, boolean runnable) {
        StrideTask t = data(p);
        Rq rq = rqs[cpu];
        if (rq.curr != t) return; // it was running when the policy came in
        charge(rq);
        if (t.yielded) {
            // sched_yield(): the rest of the quantum is charged as if used
            long used = p.sumExecNs() - t.runStart;
            if (used < quantum) advance(t, quantum - used);
            t.yielded = false;
        }
        rq.curr = null;
        if (!runnable) leave(t);
    }

    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        StrideTask t = data(p);
        if (!t.queued) leave(t);
    }

    @Override
    public void yield(int cpu, SchedTask p) {
        data(p).yielded = true;
    }
}
