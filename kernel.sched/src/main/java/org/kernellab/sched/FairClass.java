package org.kernellab.sched;

import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.SchedMath;

/**
 * The fair class: EEVDF as Linux 6.6 has it (kernel/sched/fair.c). Each runqueue keeps its
 * entities in a tree ordered by vruntime and augmented with the subtree's earliest virtual
 * deadline, so the pick is O(log n): the eligible entity (lag ≥ 0, vruntime ≤ the weighted
 * average V) with the earliest virtual deadline. Features as in 6.6's defaults: PLACE_LAG,
 * PLACE_DEADLINE_INITIAL, RUN_TO_PARITY, WAKEUP_PREEMPTION. The base slice is 0.75 ms scaled
 * by 1 + ilog2(min(ncpus, 8)).
 *
 * <p>KernelLab keeps the running entity out of the tree (as Linux does) and puts a preempted one
 * back before the pick; there are no task groups, so every entity is a task.
 */
final class FairClass extends SchedClassImpl {
    /** sysctl_sched_base_slice: 0.75 ms (kernel/sched/fair.c, Linux 6.6). */
    static final long BASE_SLICE_NS = 750_000L;

    final long baseSlice;
    private final long tickNs;
    /** Ticks between periodic balance passes on a CPU (sd->balance_interval, in jiffies here). */
    private final int balanceTicks;
    private long balanceCount;
    /** The nodes of every runqueue's tree. */
    private final EevdfTree tree = new EevdfTree();

    FairClass(Core core) {
        super(core);
        this.baseSlice = BASE_SLICE_NS * SchedMath.tunableFactor(core.rqs.length);
        this.tickNs = core.m.tickNs();
        this.balanceTicks = Math.max(1, (int) (4_000_000L / Math.max(1, tickNs)));
    }

    @Override String name() { return "fair"; }

    // ---- avg_vruntime and eligibility ----

    private static long key(Rq rq, Entity e) {
        return e.vruntime - rq.minVruntime;
    }

    /** Σ (v_i - min_vruntime) · w_i over the queued entities and the running one (cfs_rq->avg_vruntime with curr). */
    private static long avgSum(Rq rq) {
        Entity curr = rq.fairCurr;
        return curr == null ? rq.avgVruntime : rq.avgVruntime + key(rq, curr) * curr.weight;
    }

    /** Σ w_i over the queued entities and the running one (cfs_rq->avg_load with curr). */
    private static long avgLoad(Rq rq) {
        Entity curr = rq.fairCurr;
        return curr == null ? rq.avgLoad : rq.avgLoad + curr.weight;
    }

    /** avg_vruntime(): V, the load-weighted average vruntime, the running entity included. */
    long avgVruntime(Rq rq) {
        long avg = avgSum(rq);
        long load = avgLoad(rq);
        if (load != 0) {
            if (avg < 0) avg -= load - 1; // sign-flips effective floor division
            avg /= load;
        }
        return rq.minVruntime + avg;
    }

    /** entity_eligible(): V ≥ v_e, computed without the division as Linux does. */
    private static boolean eligible(Rq rq, Entity e) {
        return avgSum(rq) >= key(rq, e) * avgLoad(rq);
    }

    /** update_min_vruntime(): monotonic, following the running entity and the leftmost queued one. */
    private void updateMinVruntime(Rq rq) {
        Entity curr = rq.fairCurr;
        Entity left = rq.fairLeftmost;
        long v = rq.minVruntime;
        if (curr != null) v = curr.vruntime;
        if (left != null) v = curr == null ? left.vruntime : Math.min(v, left.vruntime);
        long delta = v - rq.minVruntime;
        if (delta > 0) {
            rq.avgVruntime -= rq.avgLoad * delta; // avg_vruntime_update()
            rq.minVruntime = v;
        }
    }

    private int nrRunning(Rq rq) {
        return rq.fairQueued + (rq.fairCurr != null ? 1 : 0);
    }

    /** update_curr(): charges the running entity's new CPU time to its vruntime, then update_deadline(). */
    void updateCurr(Rq rq) {
        Entity curr = rq.fairCurr;
        if (curr == null) return;
        long exec = curr.task.sumExecNs();
        long delta = exec - curr.execSeen;
        if (delta <= 0) return;
        curr.execSeen = exec;
        curr.vruntime += SchedMath.calcDeltaFair(delta, curr.weight, curr.invWeight);
        // update_deadline(): a new slice once the virtual deadline is reached
        if (curr.vruntime - curr.deadline >= 0) {
            curr.slice = baseSlice;
            curr.deadline = curr.vruntime + SchedMath.calcDeltaFair(curr.slice, curr.weight, curr.invWeight);
            if (nrRunning(rq) > 1) core.m.reschedCurr(rq.cpu);
        }
        updateMinVruntime(rq);
    }

    /** place_entity(): V minus the entity's lag, scaled for the load it joins; half a slice for a new one. */
    private void place(Rq rq, Entity e, boolean initial) {
        long v = avgVruntime(rq);
        long lag = 0;
        e.slice = baseSlice;
        long vslice = SchedMath.calcDeltaFair(e.slice, e.weight, e.invWeight);
        if (nrRunning(rq) > 0) {
            lag = e.vlag;
            long load = avgLoad(rq);
            lag *= load + e.weight;
            if (load == 0) load = 1;
            lag /= load;
        }
        e.vruntime = v - lag;
        if (initial) vslice /= 2;
        e.deadline = e.vruntime + vslice;
    }

    /** update_entity_lag(): vlag = V - v, clamped to ± one slice's worth (at least a tick). */
    private void updateLag(Rq rq, Entity e) {
        long lag = avgVruntime(rq) - e.vruntime;
        long limit = SchedMath.calcDeltaFair(Math.max(2 * e.slice, tickNs), e.weight, e.invWeight);
        e.vlag = Math.max(-limit, Math.min(limit, lag));
    }

    /** The earliest eligible deadline in {@code rq}'s tree, against V with the running entity included. */
    private Entity earliestEligible(Rq rq) {
        return tree.earliestEligible(rq.fairRoot, avgSum(rq), avgLoad(rq), rq.minVruntime);
    }

    /** A dead task's entity gives its tree slot back. */
    void release(Entity e) {
        tree.release(e);
    }

    private void insert(Rq rq, Entity e) {
        rq.fairRoot = tree.insert(rq.fairRoot, e);
        if (rq.fairLeftmost == null || tree.before(e, rq.fairLeftmost)) rq.fairLeftmost = e;
        rq.avgVruntime += key(rq, e) * e.weight;
        rq.avgLoad += e.weight;
        rq.fairQueued++;
    }

    private void remove(Rq rq, Entity e) {
        rq.fairRoot = tree.remove(rq.fairRoot, e);
        if (rq.fairLeftmost == e) rq.fairLeftmost = tree.leftmost(rq.fairRoot);
        rq.avgVruntime -= key(rq, e) * e.weight;
        rq.avgLoad -= e.weight;
        rq.fairQueued--;
    }

    // ---- the class ----

    @Override
    void enqueue(Rq rq, Entity e, Enqueue why) {
        updateCurr(rq);
        // a preempted or yielding task never left the runqueue in Linux: it goes back as it is
        if (why != Enqueue.PREEMPTED && why != Enqueue.YIELD) place(rq, e, why == Enqueue.NEW);
        insert(rq, e);
    }

    @Override
    void dequeue(Rq rq, Entity e, Dequeue why) {
        updateCurr(rq);
        updateLag(rq, e);
        remove(rq, e);
        if (why != Dequeue.SAVE) updateMinVruntime(rq);
    }

    @Override
    Entity pick(Rq rq) {
        if (rq.fairQueued == 0) return null;
        Entity best = earliestEligible(rq);
        if (best == null) best = rq.fairLeftmost; // "EEVDF scheduling fail, picking leftmost"
        remove(rq, best);
        return best;
    }

    /** pick_eevdf() with the running entity {@code curr} competing, as the wakeup check uses it. */
    private Entity pickWithCurr(Rq rq, Entity curr) {
        if (curr != null && !eligible(rq, curr)) curr = null;
        if (curr != null && curr.vlag == curr.deadline) return curr; // RUN_TO_PARITY
        Entity best = earliestEligible(rq);
        if (best == null || (curr != null && best.deadline - curr.deadline > 0)) best = curr;
        return best;
    }

    @Override
    void setCurr(Rq rq, Entity e) {
        rq.fairCurr = e;
        e.execSeen = e.task.sumExecNs();
        e.vlag = e.deadline; // set_next_entity(): the RUN_TO_PARITY mark
    }

    @Override
    void putCurr(Rq rq, Entity e, boolean runnable) {
        updateCurr(rq);
        // the lag at the moment it stops running: what a sleep keeps, and what a task that leaves
        // the class while running (a swap, sched_setattr) brings back when it is placed again;
        // it also replaces set_next_entity()'s RUN_TO_PARITY mark, which means nothing off the CPU
        updateLag(rq, e);
        rq.fairCurr = null;
        if (!runnable) updateMinVruntime(rq);
    }

    @Override
    void tick(Rq rq, Entity curr) {
        updateCurr(rq); // entity_tick(): update_curr() reschedules once the slice is used
    }

    /** check_preempt_wakeup_fair() (Linux 6.6). */
    @Override
    boolean preempts(Rq rq, Entity curr, Entity woken) {
        SchedPolicy cp = curr.task.attr().policy;
        SchedPolicy wp = woken.task.attr().policy;
        if (cp == SchedPolicy.IDLE && wp != SchedPolicy.IDLE) return true;
        if (wp != SchedPolicy.NORMAL) return false; // batch and idle tasks never preempt on wakeup
        updateCurr(rq);
        return pickWithCurr(rq, rq.fairCurr) == woken;
    }

    /** yield_task_fair(): the running entity's deadline moves one slice on. */
    @Override
    void yieldTask(Rq rq, Entity e) {
        updateCurr(rq);
        e.deadline += SchedMath.calcDeltaFair(e.slice, e.weight, e.invWeight);
    }

    @Override
    void joined(Entity e) {
        e.reweight();
    }

    @Override int nrQueued(Rq rq) { return rq.fairQueued; }

    // ---- balancing (kernel/sched/fair.c, much simplified: one task at a time) ----

    /** newidle_balance(): an idle CPU pulls a waiting fair task from the busiest runqueue. */
    boolean newidleBalance(Rq rq) {
        return pullFromBusiest(rq, 0);
    }

    /** The periodic balance pass: pull when the busiest runqueue runs at least two more tasks. */
    void periodicBalance(Rq rq) {
        if (core.rqs.length < 2 || ++balanceCount % balanceTicks != 0) return;
        pullFromBusiest(rq, 2);
    }

    private boolean pullFromBusiest(Rq rq, int imbalance) {
        Rq[] rqs = core.rqs;
        if (rqs.length < 2) return false;
        Rq busiest = null;
        for (Rq r : rqs) {
            if (r == rq || r.fairQueued == 0) continue;
            if (busiest == null || r.nrRunning() > busiest.nrRunning()) busiest = r;
        }
        if (busiest == null || busiest.nrRunning() - rq.nrRunning() < Math.max(1, imbalance)) return false;
        Entity e = tree.firstMatching(busiest.fairRoot, x -> x.allowed(rq.cpu), 32);
        if (e == null) return false;
        core.dequeue(busiest, e, Dequeue.MIGRATE);
        core.moveTo(e, rq.cpu);
        core.enqueue(rq, e, Enqueue.MIGRATED);
        if (imbalance > 0) core.wakeupPreempt(rq, e);
        return true;
    }
}
