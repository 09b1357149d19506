package org.kernellab.policy.cfs;

import java.util.Comparator;
import java.util.TreeSet;

import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.PerCpuPlacement;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedMath;
import org.kernellab.api.sched.SchedTask;

/**
 * The Completely Fair Scheduler as Linux 6.5 had it in kernel/sched/fair.c, the last release
 * before EEVDF, without group scheduling, bandwidth control or load tracking.
 *
 * <ul>
 * <li>Each CPU has a cfs_rq: a timeline ordered by (vruntime, queue order), its summed load
 *     weight, nr_running and min_vruntime; the running task (curr) is not in the timeline
 *     but counts in load and nr_running.</li>
 * <li>update_curr(): vruntime += calc_delta_fair(delta_exec), delta_exec being the growth of
 *     sum_exec_runtime ({@link SchedTask#sumExecNs}) since the last update; it runs at the
 *     tick, when the task stops, before a wakeup preemption check and before enqueues.</li>
 * <li>sched_slice(): period = latency, or nr_running × min_granularity above nr_latency; slice
 *     = period × weight / cfs_rq load (__calc_delta), at least min_granularity (BASE_SLICE).
 *     sched_vslice() is that slice in vruntime.</li>
 * <li>check_preempt_tick() at every tick (CFS without HRTICK): resched when the task ran more
 *     than ideal_runtime = min(sched_slice, latency) since it was picked; not before
 *     min_granularity; or when it is ahead of the leftmost task by more than ideal_runtime.</li>
 * <li>check_preempt_wakeup(): a waking SCHED_NORMAL task preempts when
 *     wakeup_preempt_entity() is 1, i.e. curr's vruntime exceeds the woken task's by more
 *     than wakeup_gran (the wakeup granularity in the woken task's vruntime units); SCHED_IDLE
 *     tasks are always preempted by others; BATCH and IDLE wakers never preempt.</li>
 * <li>place_entity(): a new task starts at min_vruntime + sched_vslice (START_DEBIT); a waking
 *     task at max(its vruntime, min_vruntime − latency/2) (GENTLE_FAIR_SLEEPERS; SCHED_IDLE
 *     tasks get min_granularity/2).</li>
 * <li>Buddies: the skip buddy of sched_yield() and the last buddy of a wakeup preemption
 *     (LAST_BUDDY, from nr_latency tasks on); pick_next_entity() takes them when that is not
 *     unfair by more than wakeup_gran. NEXT_BUDDY is off by default in 6.5 and left out.</li>
 * <li>Tunables: latency 6 ms, min_granularity 0.75 ms, wakeup_granularity 1 ms, each
 *     multiplied by {@link SchedMath#tunableFactor} (SCHED_TUNABLESCALING_LOG); nr_latency =
 *     ceil(latency / min_granularity) = 8; the SCHED_IDLE minimum granularity, 0.75 ms, is not
 *     scaled.</li>
 * <li>Vruntime moves between CPUs relative to min_vruntime, as dequeue_entity() and
 *     enqueue_entity() renormalize it (and migrate_task_rq_fair() for a waking task).</li>
 * </ul>
 *
 * <p>Per CPU, as all KernelLab per-CPU policies: a wakeup goes to the previous CPU if idle,
 * else an idle allowed CPU, else the allowed CPU with the least load weight; a CPU whose
 * timeline is empty takes the rightmost allowed task of the busiest other CPU in {@link #pick}
 * (Linux's newidle balance detaches from the tail of the busiest cfs_tasks list). A new task
 * is placed with the target CPU's min_vruntime and load (Linux places it on the forking CPU
 * and renormalizes, and there is no parent's vruntime to start from here).
 */
final class CfsPolicy implements Policy {
    /** sysctl_sched_idle_min_granularity: 0.75 ms, not scaled. */
    static final long IDLE_MIN_GRANULARITY_NS = 750_000L;

    /** A task's sched_entity ({@code policyData}). */
    static final class Se {
        final SchedTask p;
        long vruntime;
        /**
         * True while vruntime is relative to a min_vruntime (dequeued without sleeping, or new):
         * the next enqueue adds the new queue's min_vruntime.
         */
        boolean relative = true;
        int weight;
        long invWeight;
        /** Counted in a cfs_rq's load and nr_running (se->on_rq). */
        boolean onRq;
        /** Counted in idle_nr_running (a SCHED_IDLE task when it was counted). */
        boolean idleCounted;
        boolean inTree;
        /** The CPU whose cfs_rq counts it or, asleep, whose min_vruntime its vruntime is measured against; -1 for none. */
        int cpu = -1;
        /** sum_exec_runtime at the last update_curr. */
        long execSeen;
        /** sum_exec_runtime when it was picked (prev_sum_exec_runtime). */
        long prevSumExec;
        long seq;

        Se(SchedTask p) { this.p = p; }

        boolean idlePolicy() { return p.policy() == SchedPolicy.IDLE; }
    }

    /** struct cfs_rq, the parts CFS scheduling uses. */
    static final class CfsRq {
        final int cpu;
        final TreeSet<Se> timeline = new TreeSet<>(ENTITY_BEFORE);
        long minVruntime;
        long load;
        int nrRunning;
        int idleNrRunning;
        Se curr;
        Se last;
        Se skip;

        CfsRq(int cpu) { this.cpu = cpu; }
    }

    /** entity_before(), with queue order for equal vruntimes (Linux's rbtree puts equals to the right). */
    private static final Comparator<Se> ENTITY_BEFORE =
            Comparator.<Se>comparingLong(s -> s.vruntime).thenComparingLong(s -> s.seq);

    private final PolicyHost host;
    private final long latency;
    private final long minGranularity;
    private final long wakeupGranularity;
    private final long nrLatency;
    private final boolean startDebit;
    private final boolean gentleFairSleepers;
    private final CfsRq[] rqs;
    /** Wakeup placement and idle kicks over the per-CPU queues. */
    private final PerCpuPlacement placement;
    private long seq;

    CfsPolicy(PolicyHost host, CfsProvider.Settings s) {
        this.host = host;
        int factor = SchedMath.tunableFactor(host.nrCpus());
        this.latency = s.latencyNs() * factor;
        this.minGranularity = s.minGranularityNs() * factor;
        this.wakeupGranularity = s.wakeupGranularityNs() * factor;
        // sched_update_scaling(): DIV_ROUND_UP(latency, min_granularity)
        this.nrLatency = (latency + minGranularity - 1) / minGranularity;
        this.startDebit = s.startDebit();
        this.gentleFairSleepers = s.gentleFairSleepers();
        this.rqs = new CfsRq[host.nrCpus()];
        for (int c = 0; c < rqs.length; c++) rqs[c] = new CfsRq(c);
        this.placement = new PerCpuPlacement(host, this::idle, this::load);
    }

    @Override public String name() { return CfsProvider.NAME; }

    long latencyNs() { return latency; }
    long minGranularityNs() { return minGranularity; }
    long wakeupGranularityNs() { return wakeupGranularity; }
    long nrLatency() { return nrLatency; }
    CfsRq rq(int cpu) { return rqs[cpu]; }

    static Se se(SchedTask p) {
        return (Se) p.policyData();
    }

    private Se entity(SchedTask p) {
        if (p.policyData() == null) enable(p);
        return se(p);
    }

    // ---- fair.c arithmetic --------------------------------------------------------------

    /** calc_delta_fair(): delta × NICE_0_LOAD / weight. */
    static long calcDeltaFair(long delta, Se se) {
        return SchedMath.calcDeltaFair(delta, se.weight, se.invWeight);
    }

    /** __sched_period(). */
    long schedPeriod(long nrRunning) {
        return nrRunning > nrLatency ? nrRunning * minGranularity : latency;
    }

    /** sched_slice(): the wall-clock slice of {@code se} on {@code rq}, counting it if it is not queued. */
    long schedSlice(CfsRq rq, Se se) {
        long nr = rq.nrRunning + (se.onRq ? 0 : 1);
        long load = rq.load + (se.onRq ? 0 : se.weight);
        long slice = schedPeriod(nr);
        slice = SchedMath.calcDelta(slice, se.weight, SchedMath.inverseOf(load));
        boolean idleRq = rq.nrRunning > 0 && rq.nrRunning == rq.idleNrRunning;
        long minGran = se.idlePolicy() && !idleRq ? IDLE_MIN_GRANULARITY_NS : minGranularity;
        return Math.max(slice, minGran);
    }

    /** sched_vslice(). */
    long schedVslice(CfsRq rq, Se se) {
        return calcDeltaFair(schedSlice(rq, se), se);
    }

    /** wakeup_gran(): the wakeup granularity in {@code se}'s vruntime units. */
    long wakeupGran(Se se) {
        return calcDeltaFair(wakeupGranularity, se);
    }

    /** wakeup_preempt_entity(): should {@code se} preempt {@code curr}? -1 no, 0 not by enough, 1 yes. */
    int wakeupPreemptEntity(Se curr, Se se) {
        long vdiff = curr.vruntime - se.vruntime;
        if (vdiff <= 0) return -1;
        return vdiff > wakeupGran(se) ? 1 : 0;
    }

    /** update_curr(). */
    void updateCurr(CfsRq rq) {
        Se curr = rq.curr;
        if (curr == null) return;
        long exec = curr.p.sumExecNs();
        long delta = exec - curr.execSeen;
        if (delta <= 0) return;
        curr.execSeen = exec;
        curr.vruntime += calcDeltaFair(delta, curr);
        updateMinVruntime(rq);
    }

    /** update_min_vruntime(): never backwards. */
    private static void updateMinVruntime(CfsRq rq) {
        long v = rq.minVruntime;
        Se curr = rq.curr != null && rq.curr.onRq ? rq.curr : null;
        if (curr != null) v = curr.vruntime;
        if (!rq.timeline.isEmpty()) {
            long left = rq.timeline.first().vruntime;
            v = curr == null ? left : Math.min(v, left);
        }
        rq.minVruntime = Math.max(rq.minVruntime, v);
    }

    /** place_entity(). */
    void placeEntity(CfsRq rq, Se se, boolean initial) {
        long v = rq.minVruntime;
        if (initial && startDebit) v += schedVslice(rq, se);
        if (!initial) {
            long thresh = se.idlePolicy() ? minGranularity : latency;
            if (gentleFairSleepers) thresh >>= 1;
            v -= thresh;
        }
        se.vruntime = Math.max(se.vruntime, v);
    }

    private static void accountEnqueue(CfsRq rq, Se se) {
        rq.load += se.weight;
        rq.nrRunning++;
        se.idleCounted = se.idlePolicy();
        if (se.idleCounted) rq.idleNrRunning++;
        se.onRq = true;
        se.cpu = rq.cpu;
    }

    private static void accountDequeue(CfsRq rq, Se se) {
        rq.load -= se.weight;
        rq.nrRunning--;
        if (se.idleCounted) rq.idleNrRunning--;
        se.onRq = false;
    }

    private void insert(CfsRq rq, Se se) {
        se.seq = seq++;
        rq.timeline.add(se);
        se.inTree = true;
    }

    private static void remove(CfsRq rq, Se se) {
        if (se.inTree) rq.timeline.remove(se);
        se.inTree = false;
    }

    private static void clearBuddies(CfsRq rq, Se se) {
        if (rq.last == se) rq.last = null;
        if (rq.skip == se) rq.skip = null;
    }

    /** The weight the task has now (set_load_weight()), with its inverse. */
    private static void reweight(Se se) {
        SchedTask p = se.p;
        se.weight = p.weight();
        if (p.policy() == SchedPolicy.IDLE && se.weight == SchedMath.WEIGHT_IDLEPRIO) se.invWeight = SchedMath.WMULT_IDLEPRIO;
        else if (se.weight == SchedMath.weight(p.nice())) se.invWeight = SchedMath.inverseWeight(p.nice());
        else se.invWeight = SchedMath.inverseOf(se.weight);
    }

    /**
     * enqueue_entity() for a task that is not yet counted on {@code rq}: renormalize, account,
     * place (a new or waking task) and insert.
     */
    private void join(CfsRq rq, Se se, Enqueue why) {
        if (se.onRq) leave(se, false);
        reweight(se);
        if (why == Enqueue.NEW) {
            // task_fork_fair(): place_entity(initial) with the task not yet counted
            updateCurr(rq);
            se.vruntime = 0;
            placeEntity(rq, se, true);
            se.relative = false;
            accountEnqueue(rq, se);
        } else {
            if (!se.relative && se.cpu >= 0 && se.cpu != rq.cpu) {
                // migrate_task_rq_fair(): a waking task that changes CPU
                se.vruntime -= rqs[se.cpu].minVruntime;
                se.relative = true;
            }
            updateCurr(rq);
            if (se.relative) {
                se.vruntime += rq.minVruntime;
                se.relative = false;
            }
            accountEnqueue(rq, se);
            if (why == Enqueue.WAKEUP) placeEntity(rq, se, false);
        }
        insert(rq, se);
    }

    /**
     * dequeue_entity() without sleeping: out of the timeline and the counts, vruntime made
     * relative to min_vruntime so that it can go to another queue.
     */
    private void leave(Se se, boolean save) {
        CfsRq rq = rqs[se.cpu];
        updateCurr(rq);
        clearBuddies(rq, se);
        remove(rq, se);
        if (rq.curr == se) rq.curr = null;
        accountDequeue(rq, se);
        se.vruntime -= rq.minVruntime;
        se.relative = true;
        if (!save) updateMinVruntime(rq);
    }

    // ---- ops ----------------------------------------------------------------------------

    @Override
    public void enable(SchedTask p) {
        Se se = new Se(p);
        reweight(se);
        p.policyData(se);
    }

    @Override
    public void disable(SchedTask p) {
        Se se = se(p);
        if (se == null || se.cpu < 0) return;
        CfsRq rq = rqs[se.cpu];
        if (se.onRq) leave(se, false);
        if (rq.curr == se) rq.curr = null;
        clearBuddies(rq, se);
    }

    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        return placement.selectCpu(p, prevCpu);
    }

    private boolean idle(int cpu) {
        return host.isIdle(cpu) && rqs[cpu].timeline.isEmpty();
    }

    /** The cfs_rq's load weight, plus NICE_0_LOAD if a task of another class holds the CPU. */
    private long load(int cpu) {
        CfsRq rq = rqs[cpu];
        boolean otherClass = !host.isIdle(cpu) && host.current(cpu) == null;
        return rq.load + (otherClass ? SchedMath.NICE_0_LOAD : 0);
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        Se se = entity(p);
        CfsRq rq = rqs[cpu];
        if (se.onRq && se.cpu == cpu) {
            insert(rq, se); // put_prev_entity(): a preempted or yielding task back in the timeline
        } else {
            join(rq, se, why);
        }
        // a task waits on a busy CPU while an allowed CPU idles: that CPU balances in pick
        if (why != Enqueue.NEW && why != Enqueue.WAKEUP && !host.isIdle(cpu)) placement.kickIdleFor(p, cpu);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        Se se = entity(p);
        if (se.onRq) leave(se, why == Dequeue.SAVE);
    }

    /** pick_next_task_fair(): pick_next_entity() with the buddies, then set_next_entity(). */
    @Override
    public SchedTask pick(int cpu) {
        CfsRq rq = rqs[cpu];
        if (rq.timeline.isEmpty() && !pull(cpu)) return null;
        Se se = pickNextEntity(rq);
        if (!se.p.allowed(cpu)) {
            se = null;
            for (Se s : rq.timeline) {
                if (s.p.allowed(cpu)) {
                    se = s;
                    break;
                }
            }
            if (se == null) return null;
        }
        clearBuddies(rq, se);
        remove(rq, se);
        rq.curr = se;
        return se.p;
    }

    /** pick_next_entity() with no curr (it was put back before the pick). */
    private Se pickNextEntity(CfsRq rq) {
        Se left = rq.timeline.first();
        Se se = left;
        if (rq.skip == se) {
            Se second = rq.timeline.higher(se);
            if (second != null && wakeupPreemptEntity(second, left) < 1) se = second;
        }
        if (rq.last != null && rq.last.inTree && wakeupPreemptEntity(rq.last, left) < 1) se = rq.last;
        return se;
    }

    /** Idle balancing: the rightmost allowed task of the busiest other CPU comes here. */
    private boolean pull(int cpu) {
        long tried = 0;
        while (true) {
            int busiest = -1;
            for (int c = 0; c < rqs.length; c++) {
                if (c == cpu || (tried & (1L << c)) != 0 || rqs[c].timeline.isEmpty()) continue;
                if (busiest < 0 || rqs[c].timeline.size() > rqs[busiest].timeline.size()) busiest = c;
            }
            if (busiest < 0) return false;
            Se t = null;
            for (Se s : rqs[busiest].timeline.descendingSet()) {
                if (s.p.allowed(cpu)) {
                    t = s;
                    break;
                }
            }
            if (t == null) {
                tried |= 1L << busiest;
                continue;
            }
            leave(t, false);           // detach_task(): dequeue, vruntime made relative
            join(rqs[cpu], t, Enqueue.MIGRATED); // attach_task(): renormalized to this CPU
            return true;
        }
    }

    @Override
    public void running(int cpu, SchedTask p) {
        Se se = entity(p);
        CfsRq rq = rqs[cpu];
        if (!se.onRq || se.cpu != cpu) join(rq, se, Enqueue.RESTORE); // it was running when the policy came in
        remove(rq, se);
        rq.curr = se;
        se.execSeen = p.sumExecNs();
        se.prevSumExec = se.execSeen;
    }

    @Override
    public void stopping(int cpu, SchedTask p, boolean runnable) {
        Se se = entity(p);
        CfsRq rq = rqs[cpu];
        if (rq.curr != se) return;
        updateCurr(rq);
        rq.curr = null;
        if (!runnable) {
            // dequeue_entity(DEQUEUE_SLEEP): vruntime stays absolute for place_entity() at wakeup
            clearBuddies(rq, se);
            accountDequeue(rq, se);
            updateMinVruntime(rq);
        }
    }

    @Override
    public boolean tick(int cpu, SchedTask curr) {
        CfsRq rq = rqs[cpu];
        Se se = se(curr);
        if (se == null || rq.curr != se) return false;
        updateCurr(rq);
        return rq.nrRunning > 1 && checkPreemptTick(rq, se);
    }

    /** check_preempt_tick(). */
    boolean checkPreemptTick(CfsRq rq, Se curr) {
        // many light tasks can blow up the period: the slice is capped at the latency
        long idealRuntime = Math.min(schedSlice(rq, curr), latency);
        long deltaExec = curr.p.sumExecNs() - curr.prevSumExec;
        if (deltaExec > idealRuntime) {
            clearBuddies(rq, curr); // it ran long enough: no buddy favour
            return true;
        }
        // a task that just missed wakeup preemption need not wait a whole slice
        if (deltaExec < minGranularity) return false;
        if (rq.timeline.isEmpty()) return false;
        long delta = curr.vruntime - rq.timeline.first().vruntime;
        if (delta < 0) return false;
        return delta > idealRuntime;
    }

    /** check_preempt_wakeup(). */
    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        Se se = se(curr);
        Se pse = se(woken);
        if (se == null || pse == null || se == pse) return false;
        CfsRq rq = rqs[cpu];
        boolean scale = rq.nrRunning >= nrLatency;
        boolean currIdle = se.idlePolicy();
        boolean preempt;
        if (currIdle && !pse.idlePolicy()) {
            preempt = true; // idle tasks are by definition preempted by non-idle tasks
        } else if (woken.policy() != SchedPolicy.NORMAL) {
            return false;   // batch and idle tasks do not preempt: the tick does it
        } else {
            updateCurr(rq);
            preempt = wakeupPreemptEntity(se, pse) == 1;
        }
        if (preempt && scale && se.onRq && !currIdle) rq.last = se; // LAST_BUDDY
        return preempt;
    }

    /** yield_task_fair(): the skip buddy. */
    @Override
    public void yield(int cpu, SchedTask p) {
        CfsRq rq = rqs[cpu];
        Se se = entity(p);
        if (rq.nrRunning == 1) return;
        clearBuddies(rq, se);
        if (p.policy() != SchedPolicy.BATCH) updateCurr(rq);
        rq.skip = se;
    }

    /** reweight_entity(): the queue's load follows a nice change (6.5 leaves vruntime alone). */
    @Override
    public void setWeight(SchedTask p, int weight) {
        Se se = se(p);
        if (se == null) return;
        if (se.onRq) {
            CfsRq rq = rqs[se.cpu];
            if (rq.curr == se) updateCurr(rq);
            rq.load += weight - se.weight;
        }
        reweight(se);
    }
}
