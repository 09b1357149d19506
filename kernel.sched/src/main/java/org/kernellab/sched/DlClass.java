package org.kernellab.sched;

import java.util.Comparator;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;

/**
 * The deadline class (kernel/sched/deadline.c): SCHED_DEADLINE tasks scheduled EDF per CPU,
 * each served by a constant bandwidth server (CBS): a task that uses up its runtime is
 * throttled until its next period, where it is replenished (runtime += dl_runtime, deadline +=
 * dl_period); a waking task whose deadline passed or whose remaining bandwidth would overflow
 * gets a fresh deadline (update_dl_entity / dl_entity_overflow). Admission control refuses a
 * task whose bandwidth would take the total over 95% of every CPU (the global rt bandwidth,
 * 950000/1000000) with -EBUSY. KernelLab does not push or pull deadline tasks between CPUs.
 */
final class DlClass extends SchedClassImpl {
    /** BW_SHIFT (kernel/sched/sched.h) and DL_SCALE (deadline.c). */
    static final int BW_SHIFT = 20;
    static final int DL_SCALE = 10;

    static final Comparator<Entity> ORDER = (a, b) -> {
        long d = a.dlDeadline - b.dlDeadline;
        if (d != 0) return d < 0 ? -1 : 1;
        return Long.compare(a.seq, b.seq);
    };

    /** The bandwidth the machine's tasks hold, and what it may hold (dl_b->total_bw, cpus × to_ratio(period, runtime)). */
    private long totalBw;
    private final long capBw;

    DlClass(Core core) {
        super(core);
        this.capBw = core.rqs.length * toRatio(RtClass.RT_PERIOD_NS, RtClass.RT_RUNTIME_NS);
    }

    @Override String name() { return "dl"; }

    /** to_ratio() (kernel/sched/core.c). */
    static long toRatio(long period, long runtime) {
        if (period == 0) return 0;
        return (runtime << BW_SHIFT) / period;
    }

    /** __dl_overflow(): would {@code attr} fit with what is already admitted (this task's current share given back)? */
    boolean fits(Entity e, SchedAttr attr) {
        long bw = toRatio(attr.periodNs, attr.runtimeNs);
        return totalBw - e.dlBw + bw <= capBw;
    }

    void admit(Entity e, SchedAttr attr) {
        totalBw -= e.dlBw;
        e.dlBw = toRatio(attr.periodNs, attr.runtimeNs);
        totalBw += e.dlBw;
        e.dlRuntime = 0;
        e.dlDeadline = 0;
        e.dlThrottled = false;
        e.dlNew = true;
    }

    void release(Entity e) {
        totalBw -= e.dlBw;
        e.dlBw = 0;
        if (e.dlTimer >= 0) {
            core.m.cancel(e.dlTimer);
            e.dlTimer = -1;
        }
        e.dlThrottled = false;
    }

    @Override
    void enqueue(Rq rq, Entity e, Enqueue why) {
        if (why == Enqueue.NEW || why == Enqueue.WAKEUP || why == Enqueue.RESTORE) updateEntity(e, core.m.now());
        if (e.dlThrottled) return; // off the tree until the replenishment timer (enqueue_task_dl)
        rq.dlQueue.add(e);
        rq.dlQueued++;
    }

    /** update_dl_entity(): a fresh deadline and runtime when the old deadline passed or the CBS rule says so. */
    private void updateEntity(Entity e, long now) {
        if (e.dlThrottled) return;
        SchedAttr a = e.task.attr();
        if (e.dlNew) {
            // setup_new_dl_entity(): the first activation after fork or sched_setattr
            e.dlNew = false;
            e.dlDeadline = now + a.deadlineNs;
            e.dlRuntime = a.runtimeNs;
            return;
        }
        if (e.dlDeadline - now < 0 || overflow(e, a, now)) {
            e.dlDeadline = now + a.deadlineNs;
            e.dlRuntime = a.runtimeNs;
        }
    }

    /** dl_entity_overflow(): runtime / (deadline - t) > dl_runtime / dl_period, in DL_SCALE fixed point. */
    private static boolean overflow(Entity e, SchedAttr a, long t) {
        long left = (a.periodNs >> DL_SCALE) * (e.dlRuntime >> DL_SCALE);
        long right = ((e.dlDeadline - t) >> DL_SCALE) * (a.runtimeNs >> DL_SCALE);
        return right - left < 0;
    }

    @Override
    void dequeue(Rq rq, Entity e, Dequeue why) {
        if (rq.dlQueue.remove(e)) rq.dlQueued--;
    }

    @Override
    Entity pick(Rq rq) {
        Entity e = rq.dlQueue.pollFirst();
        if (e != null) rq.dlQueued--;
        return e;
    }

    @Override
    void setCurr(Rq rq, Entity e) {
        e.execSeen = e.task.sumExecNs();
    }

    @Override
    void putCurr(Rq rq, Entity e, boolean runnable) {
        updateCurr(rq, e);
    }

    /** update_curr_dl(): spends runtime; at zero the task is throttled and a replenishment timer armed. */
    private void updateCurr(Rq rq, Entity e) {
        long exec = e.task.sumExecNs();
        long delta = exec - e.execSeen;
        e.execSeen = exec;
        if (delta > 0) e.dlRuntime -= delta;
        if (e.dlRuntime > 0 || e.dlThrottled) return;
        e.dlThrottled = true;
        SchedAttr a = e.task.attr();
        long next = e.dlDeadline - a.deadlineNs + a.periodNs; // dl_next_period()
        long now = core.m.now();
        Entity target = e;
        e.dlTimer = core.m.timer(Math.max(next, now), () -> replenish(target));
        core.m.reschedCurr(rq.cpu);
    }

    /** dl_task_timer() → replenish_dl_entity(), then back on the runqueue if the task still waits there. */
    private void replenish(Entity e) {
        e.dlTimer = -1;
        if (!e.dlThrottled) return;
        SchedAttr a = e.task.attr();
        while (e.dlRuntime <= 0) {
            e.dlDeadline += a.periodNs;
            e.dlRuntime += a.runtimeNs;
        }
        long now = core.m.now();
        if (e.dlDeadline - now < 0) {
            e.dlDeadline = now + a.deadlineNs;
            e.dlRuntime = a.runtimeNs;
        }
        e.dlThrottled = false;
        if (e.onRq && e.cls == this) {
            Rq rq = core.rqs[e.rqCpu];
            rq.dlQueue.add(e);
            rq.dlQueued++;
            core.wakeupPreempt(rq, e);
        }
    }

    @Override
    void tick(Rq rq, Entity curr) {
        updateCurr(rq, curr);
        Entity first = rq.dlQueue.isEmpty() ? null : rq.dlQueue.first();
        if (first != null && first.dlDeadline - curr.dlDeadline < 0) core.m.reschedCurr(rq.cpu);
    }

    /** wakeup_preempt_dl(): an earlier deadline preempts. */
    @Override
    boolean preempts(Rq rq, Entity curr, Entity woken) {
        return woken.dlDeadline - curr.dlDeadline < 0;
    }

    /** yield_task_dl(): the job is done; the task sleeps off the rest of its runtime until the next period. */
    @Override
    void yieldTask(Rq rq, Entity e) {
        e.dlRuntime = 0;
        e.execSeen = e.task.sumExecNs();
    }

    /** select_task_rq_dl(): the previous CPU unless a deadline task with an earlier deadline runs there. */
    @Override
    int selectCpu(Entity e, int prev, int waker, Enqueue why) {
        Rq[] rqs = core.rqs;
        if (prev >= 0 && prev < rqs.length && e.allowed(prev) && !busyWithEarlier(rqs[prev], e)) return prev;
        for (Rq r : rqs) if (e.allowed(r.cpu) && r.curr == null) return r.cpu;
        for (Rq r : rqs) if (e.allowed(r.cpu) && !busyWithEarlier(r, e)) return r.cpu;
        return -1;
    }

    private boolean busyWithEarlier(Rq r, Entity e) {
        Entity c = r.curr;
        return c != null && c.cls == this && c.dlDeadline - e.dlDeadline <= 0;
    }

    @Override int nrQueued(Rq rq) { return rq.dlQueued; }
}
