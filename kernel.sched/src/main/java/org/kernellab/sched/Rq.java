package org.kernellab.sched;

import java.util.ArrayDeque;
import java.util.TreeSet;

/**
 * One CPU's runqueue (struct rq, kernel/sched/sched.h) with its per-class parts. Guarded by
 * the machine's baton: the scheduler runs on the simulation's single execution.
 */
final class Rq {
    final int cpu;
    /** rq->curr's entity, or null while the CPU runs its idle task. */
    Entity curr;

    // ---- fair (struct cfs_rq) ----
    /** The root slot of the fair tree (EevdfTree), or -1. */
    int fairRoot = EevdfTree.NIL;
    /** The tree's leftmost entity (rb_leftmost), kept with every insert and remove. */
    Entity fairLeftmost;
    int fairQueued;
    Entity fairCurr;
    long minVruntime;
    /** Σ (v_i - min_vruntime) · w_i and Σ w_i over the queued entities (avg_vruntime, avg_load). */
    long avgVruntime;
    long avgLoad;

    // ---- rt (struct rt_rq) ----
    @SuppressWarnings("unchecked")
    final ArrayDeque<Entity>[] rtQueues = new ArrayDeque[100];
    /** Bit i set while rtQueues[i] is not empty (rt_prio_array.bitmap). */
    long rtBits0, rtBits1;
    int rtQueued;
    long rtTimeNs;
    boolean rtThrottled;
    long rtPeriodEnd;

    // ---- deadline (struct dl_rq) ----
    final TreeSet<Entity> dlQueue = new TreeSet<>(DlClass.ORDER);
    int dlQueued;

    // ---- the swappable policy ----
    /** The virtual instant of the last pick that found nothing while tasks waited, and how many in a row. */
    long extIdleClock = -1;
    int extIdlePicks;

    // ---- how often __schedule() ran at one virtual instant (the livelock check) ----
    long pickClock = -1;
    int picksAtClock;

    // ---- hrtick (preemptAfter) ----
    long hrtickTimer = -1;

    Rq(int cpu) {
        this.cpu = cpu;
    }

    /** Tasks that want this CPU: queued ones of the core's own classes, plus the running one. */
    int nrRunning() {
        return fairQueued + rtQueued + dlQueued + (curr != null ? 1 : 0);
    }
}
