package org.kernellab.sched;

import java.util.ArrayDeque;

import org.kernellab.api.LogLevel;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;

/**
 * The rt class (kernel/sched/rt.c): SCHED_FIFO and SCHED_RR at priorities 1..99, one list per
 * priority with a bitmap for the O(1) pick, the RR timeslice of 100 ms (RR_TIMESLICE), RT
 * throttling (950 ms of every 1 s per CPU: sysctl_sched_rt_runtime / _period), wakeup placement
 * on the CPU running the lowest priority (find_lowest_rq) and pulling from other CPUs when this
 * one would drop below rt (pull_rt_task).
 */
final class RtClass extends SchedClassImpl {
    /** sched_rr_timeslice: RR_TIMESLICE = 100 ms (include/linux/sched/rt.h). */
    static final long RR_TIMESLICE_NS = 100_000_000L;
    /** sysctl_sched_rt_period and sysctl_sched_rt_runtime (kernel/sched/rt.c). */
    static final long RT_PERIOD_NS = 1_000_000_000L;
    static final long RT_RUNTIME_NS = 950_000_000L;

    private final long tickNs;
    private boolean throttleReported;
    /** rt tasks queued on all runqueues: pull looks only when some are queued elsewhere. */
    private int queuedTotal;

    RtClass(Core core) {
        super(core);
        this.tickNs = core.m.tickNs();
    }

    @Override String name() { return "rt"; }

    /** The index of a task's list: its prio, 99 - rt_priority (0 is the highest). */
    private static int idx(Entity e) {
        return 99 - e.task.attr().rtPriority;
    }

    @Override
    void enqueue(Rq rq, Entity e, Enqueue why) {
        int i = idx(e);
        ArrayDeque<Entity> q = rq.rtQueues[i];
        if (q == null) q = rq.rtQueues[i] = new ArrayDeque<>();
        // a preempted task keeps its place at the head of its list (Linux never takes rq->curr off it);
        // one whose RR slice ran out goes to the tail (requeue_task_rt)
        if (why == Enqueue.PREEMPTED && e.rtSliceLeft > 0) q.addFirst(e);
        else q.addLast(e);
        if (i < 64) rq.rtBits0 |= 1L << i;
        else rq.rtBits1 |= 1L << (i - 64);
        rq.rtQueued++;
        queuedTotal++;
    }

    @Override
    void dequeue(Rq rq, Entity e, Dequeue why) {
        int i = idx(e);
        ArrayDeque<Entity> q = rq.rtQueues[i];
        q.remove(e);
        if (q.isEmpty()) clearBit(rq, i);
        rq.rtQueued--;
        queuedTotal--;
    }

    private static void clearBit(Rq rq, int i) {
        if (i < 64) rq.rtBits0 &= ~(1L << i);
        else rq.rtBits1 &= ~(1L << (i - 64));
    }

    /** sched_find_first_bit(): the highest priority with a queued task, or -1. */
    private static int first(Rq rq) {
        if (rq.rtBits0 != 0) return Long.numberOfTrailingZeros(rq.rtBits0);
        if (rq.rtBits1 != 0) return 64 + Long.numberOfTrailingZeros(rq.rtBits1);
        return -1;
    }

    @Override
    Entity pick(Rq rq) {
        if (rq.rtQueued == 0 || rq.rtThrottled) return null;
        int i = first(rq);
        ArrayDeque<Entity> q = rq.rtQueues[i];
        Entity e = q.pollFirst();
        if (q.isEmpty()) clearBit(rq, i);
        rq.rtQueued--;
        queuedTotal--;
        return e;
    }

    @Override
    void setCurr(Rq rq, Entity e) {
        e.execSeen = e.task.sumExecNs();
        if (e.rtSliceLeft <= 0) e.rtSliceLeft = RR_TIMESLICE_NS;
        push(rq); // set_next_task_rt() → rt_queue_push_tasks()
    }

    /**
     * push_rt_tasks(): while the highest waiting rt task here cannot run (a higher or equal one
     * runs), move it to the CPU running the lowest priority below it.
     */
    void push(Rq rq) {
        for (int n = 0; n < 8 && rq.rtQueued > 0; n++) {
            Entity c = rq.curr;
            int i = first(rq);
            if (c == null || (c.cls != this && c.cls != core.dl) || (c.cls == this && idx(c) > i)) return;
            Entity e = rq.rtQueues[i].peekFirst();
            int target = lowest(e, rq.cpu);
            if (target < 0) return;
            core.dequeue(rq, e, Dequeue.MIGRATE);
            core.moveTo(e, target);
            core.enqueue(core.rqs[target], e, Enqueue.MIGRATED);
            core.wakeupPreempt(core.rqs[target], e);
        }
    }

    /** find_lowest_rq(): the allowed CPU (not {@code except}) running the lowest priority below {@code e}'s, or -1. */
    private int lowest(Entity e, int except) {
        int best = -1;
        int bestRank = idx(e);
        for (Rq r : core.rqs) {
            if (r.cpu == except || !e.allowed(r.cpu)) continue;
            int rk = rank(r);
            if (rk > bestRank) {
                best = r.cpu;
                bestRank = rk;
            }
        }
        return best;
    }

    @Override
    void putCurr(Rq rq, Entity e, boolean runnable) {
        updateCurr(rq, e);
    }

    /** update_curr_rt(): charges the time to the runqueue's rt_time and throttles past the runtime. */
    private void updateCurr(Rq rq, Entity e) {
        long exec = e.task.sumExecNs();
        long delta = exec - e.execSeen;
        if (delta <= 0) return;
        e.execSeen = exec;
        rq.rtTimeNs += delta;
        if (!rq.rtThrottled && rq.rtTimeNs > RT_RUNTIME_NS) {
            rq.rtThrottled = true;
            if (!throttleReported) {
                throttleReported = true; // printk_deferred_once (kernel/sched/rt.c sched_rt_runtime_exceeded)
                core.m.log(LogLevel.WARNING, "sched: RT throttling activated");
            }
            core.m.reschedCurr(rq.cpu);
        }
    }

    /** task_tick_rt(): RR tasks lose a tick of their slice; a used-up slice goes to the tail. */
    @Override
    void tick(Rq rq, Entity curr) {
        updateCurr(rq, curr);
        if (curr.task.attr().policy != SchedPolicy.RR) return;
        curr.rtSliceLeft -= tickNs;
        if (curr.rtSliceLeft > 0) return;
        ArrayDeque<Entity> q = rq.rtQueues[idx(curr)];
        if (q != null && !q.isEmpty()) {
            curr.rtSliceLeft = 0; // tail on the next put, fresh slice when it runs again
            core.m.reschedCurr(rq.cpu);
        } else {
            curr.rtSliceLeft = RR_TIMESLICE_NS;
        }
    }

    /** do_sched_rt_period_timer(), run from each CPU's tick: a new period gives back the runtime. */
    void periodTick(Rq rq) {
        long clock = core.m.clock(rq.cpu);
        if (rq.rtPeriodEnd == 0) rq.rtPeriodEnd = RT_PERIOD_NS;
        while (clock >= rq.rtPeriodEnd) {
            rq.rtPeriodEnd += RT_PERIOD_NS;
            rq.rtTimeNs -= Math.min(rq.rtTimeNs, RT_RUNTIME_NS);
            if (rq.rtThrottled && rq.rtTimeNs < RT_RUNTIME_NS) {
                rq.rtThrottled = false;
                if (rq.rtQueued > 0) core.m.reschedCurr(rq.cpu);
            }
        }
    }

    /** wakeup_preempt_rt(): a strictly higher priority preempts. */
    @Override
    boolean preempts(Rq rq, Entity curr, Entity woken) {
        return idx(woken) < idx(curr);
    }

    /** select_task_rq_rt(): stay unless a higher or equal rt task runs there; then the CPU running the lowest priority. */
    @Override
    int selectCpu(Entity e, int prev, int waker, Enqueue why) {
        Rq[] rqs = core.rqs;
        if (prev >= 0 && prev < rqs.length && e.allowed(prev) && rank(rqs[prev]) > idx(e)) return prev;
        return lowest(e, -1);
    }

    /** How low this CPU runs: 100 for fair, a policy or idle (the lower the better for an rt task), else the rt prio; -1 for deadline. */
    private int rank(Rq r) {
        Entity c = r.curr;
        if (c == null || (c.cls != this && c.cls != core.dl)) return 100 + (c == null ? 1 : 0);
        if (c.cls == core.dl) return -1;
        return idx(c);
    }

    /** pull_rt_task(): before this CPU drops below rt, take the highest waiting rt task queued elsewhere. */
    boolean pull(Rq rq) {
        if (queuedTotal == 0 || rq.rtThrottled) return false;
        Entity best = null;
        Rq from = null;
        for (Rq r : core.rqs) {
            if (r == rq || r.rtQueued == 0) continue;
            int i = first(r);
            // only a task that its own CPU is not about to run: not the head when that CPU is idle or below it
            for (int j = i; j < 100 && j >= 0; j = nextBit(r, j + 1)) {
                for (Entity e : r.rtQueues[j]) {
                    if (e.allowed(rq.cpu) && (best == null || idx(e) < idx(best))) {
                        best = e;
                        from = r;
                    }
                    break;
                }
                if (best != null) break;
            }
        }
        if (best == null) return false;
        core.dequeue(from, best, Dequeue.MIGRATE);
        core.moveTo(best, rq.cpu);
        core.enqueue(rq, best, Enqueue.MIGRATED);
        return true;
    }

    private static int nextBit(Rq r, int from) {
        for (int j = from; j < 100; j++) {
            long bits = j < 64 ? r.rtBits0 : r.rtBits1;
            if ((bits & (1L << (j & 63))) != 0) return j;
        }
        return -1;
    }

    @Override
    void joined(Entity e) {
        e.rtSliceLeft = RR_TIMESLICE_NS;
    }

    @Override int nrQueued(Rq rq) { return rq.rtQueued; }
}
