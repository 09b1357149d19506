package org.kernellab.policy.mlfq;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * OSTEP's multi-level feedback queue, with the rules of {@code mlfq.py} as
 * /work/shared/SCHED-MODELS.md states them, in virtual time (1 OSTEP time unit = whatever
 * duration the quanta are given in; 1 ms for a comparison).
 *
 * <h2>The rules, as this policy applies them</h2>
 * <ul>
 * <li>Levels 0..n-1; level n-1 is the highest and runs first. One global queue per level,
 *     shared by every CPU (a CPU takes the first queued task it may run).</li>
 * <li>A task joins at the highest level with a full quantum and allotment, at the tail
 *     (rule 2: "arrivals").</li>
 * <li>The running task stays in its queue, at the head, as in mlfq.py. A task ahead of it in
 *     priority order (a higher level, or the head of its own level with {@code iobump})
 *     preempts it at once ({@link #wakeupPreempt}); the preempted task keeps its place and
 *     the rest of its quantum (rule 3).</li>
 * <li>Quantum end (rule 5c), at the exact instant through {@link PolicyHost#preemptAfter}:
 *     one allotment is used; at 0 the task moves down a level (it stays at the bottom) with
 *     fresh counters, otherwise it gets a fresh quantum at its level; it goes to the tail of
 *     its queue. An allotment of 0 is never reached again, so {@code allotment=0} never
 *     demotes (as {@code -a 0}).</li>
 * <li>I/O is a sleep (rule 5b): the task leaves its queue keeping its level, partly used
 *     quantum and allotment; with {@code stay} both are refilled at its level. If its quantum
 *     ended at that same instant, 5b comes before 5c, and 5c charges the refilled counters:
 *     with allotment 1 the task is demoted despite {@code stay} (mlfq.py's quirk, kept).</li>
 * <li>An I/O completion is a wakeup (rule 2): tail of its level, or head with {@code iobump}.
 *     Among tasks placed at one instant the order is mlfq.py's whatever order the core
 *     delivers them in: arrivals first (by pid), then completions in issue order (the
 *     instant each task went to sleep, then pid); with {@code iobump} the later completion
 *     ends up nearer the head, as repeated insertions at the head leave them.</li>
 * <li>Boost every {@code boost} of virtual time, at k × boost for k ≥ 1 (rule 1): the
 *     queued and running tasks of each level from the lowest up to the one below the top move,
 *     in order, to the tail of the top queue (top-level tasks keep their places), and every
 *     task of the policy, sleeping or not, gets the top level with a full quantum and
 *     allotment. A boost instant is an {@code preemptAfter} instant too, so that the new
 *     order takes effect at once (the same task may be picked again).</li>
 * <li>Within one instant the order is mlfq.py's: the running task's quantum end (5c) first,
 *     then the boost, then arrivals and completions, then the pick. Every op first brings the
 *     policy's state up to {@code now} in that order ({@link #advance}), whatever order the
 *     core's events at that instant come in.</li>
 * </ul>
 *
 * <h2>What only OSTEP's tick loop has</h2>
 * <ul>
 * <li>Whether a task that finishes its CPU burst exactly when its quantum ends gets to start
 *     its I/O (or exit) before the quantum-end preemption is the machine's order, not the
 *     policy's: mlfq.py does the I/O first (5b before 5c). KernelLab's machine delivers the
 *     preemption first (timers before a task's next step at one instant), so this policy
 *     applies 5c; if the task is picked again at that instant and sleeps at once, the policy
 *     redoes the instant in mlfq.py's order (5b, then 5c on the refilled counters), which is
 *     exact; if another task is ahead of it, that task runs and the I/O starts later than in
 *     mlfq.py. A comparison with I/O on quantum boundaries needs the machine to let the task's
 *     sleep come first.</li>
 * <li>IDLE ticks, and I/O lasting exactly {@code -i} units, belong to the workload (a sleep of
 *     that length), not to the policy.</li>
 * <li>mlfq.py accepts {@code -q 0} (a quantum that never ends); quanta here are positive.</li>
 * <li>{@code sched_yield()} (mlfq.py has none) puts the task at the tail of its level with
 *     the rest of its quantum; a task taken back for an attribute change or a migration keeps
 *     its place.</li>
 * </ul>
 */
final class Mlfq implements Policy {
    /** Rule-2 placements, in mlfq.py's order within one instant. */
    private static final int ARRIVAL = 0;
    private static final int COMPLETION = 1;

    private final PolicyHost host;
    private final MlfqProvider.Settings s;
    /** {@code queues.get(level)}, level {@code s.top()} the highest; the running tasks are in them too. */
    private final List<List<Job>> queues = new ArrayList<>();
    /** Every task of the policy, sleeping or not, for the boost. */
    private final Set<Job> jobs = new LinkedHashSet<>();
    /** The task running on each CPU, or null. */
    private Job[] running = new Job[0];
    /** The next boost instant; Long.MAX_VALUE without boost. */
    private long nextBoost;
    /** The latest {@code now} seen, so that time never goes backwards between CPUs. */
    private long now;

    /** A task's MLFQ state (its {@code policyData}). */
    static final class Job {
        final SchedTask task;
        int level;
        /** Quantum left, ns, as of {@link #since} while running. */
        long quantumLeft;
        int allotLeft;
        /** In {@code queues.get(level)}. */
        boolean inQueue;
        /** Handed to the policy by enqueue and not yet picked or taken back: pick may return it. */
        boolean queued;
        int cpu = -1;
        long since;
        /** A rule-2 placement at {@code placedAt}: ARRIVAL or COMPLETION, and at the head or the tail. */
        long placedAt = -1;
        int placedKind;
        boolean placedAtHead;
        /** When it last started an I/O (went to sleep): completions are ordered by it. */
        long ioAt;
        /** The instant of its last quantum end (-1: none since), and its level before it. */
        long expiredAt = -1;
        int levelBeforeExpiry;

        Job(SchedTask task) {
            this.task = task;
        }

        /** mlfq.py's "Run JOB j at PRIORITY p", for tests. */
        int level() {
            return level;
        }
    }

    Mlfq(PolicyHost host, MlfqProvider.Settings settings) {
        this.host = host;
        this.s = settings;
        for (int l = 0; l < s.levels(); l++) queues.add(new ArrayList<>());
        this.nextBoost = s.boostNs() > 0 ? s.boostNs() : Long.MAX_VALUE;
    }

    @Override
    public String name() {
        return MlfqProvider.NAME;
    }

    @Override
    public void init() {
        running = new Job[host.nrCpus()];
    }

    @Override
    public void enable(SchedTask p) {
        advance();
        job(p);
    }

    @Override
    public void disable(SchedTask p) {
        Job j = (Job) p.policyData();
        if (j == null) return;
        unqueue(j);
        if (j.cpu >= 0) running[j.cpu] = null;
        jobs.remove(j);
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        advance();
        Job j = job(p);
        switch (why) {
            case NEW -> place(j, ARRIVAL, false);
            case WAKEUP -> place(j, COMPLETION, s.iobump());
            case YIELD -> { unqueue(j); append(j); }
            // PREEMPTED keeps its place (the head, or the tail after its quantum ended);
            // RESTORE and MIGRATED keep theirs too: dequeue left them in their queue
            default -> { if (!j.inQueue) append(j); }
        }
        j.queued = true;
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        advance();
        Job j = job(p);
        j.queued = false;
        if (why == Dequeue.SWAP) unqueue(j);
    }

    @Override
    public SchedTask pick(int cpu) {
        advance();
        Job j = first(cpu);
        if (j == null) return null;
        j.queued = false;
        return j.task;
    }

    @Override
    public void running(int cpu, SchedTask p) {
        advance();
        Job j = job(p);
        j.cpu = cpu;
        j.since = now;
        running[cpu] = j;
        // the quantum end, or the next boost if it comes first; both are > now after advance()
        host.preemptAfter(cpu, Math.min(j.quantumLeft, nextBoost - now));
    }

    @Override
    public void stopping(int cpu, SchedTask p, boolean runnable) {
        advance();
        Job j = job(p);
        j.quantumLeft -= now - j.since;
        j.since = now;
        j.cpu = -1;
        running[cpu] = null;
    }

    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        advance();
        Job j = job(p);
        unqueue(j);
        if (why == Dequeue.SLEEP) startIo(j);
    }

    @Override
    public boolean tick(int cpu, SchedTask curr) {
        advance();
        return behindFirst(cpu, job(curr));
    }

    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        advance();
        return behindFirst(cpu, job(curr));
    }

    // ---- the rules --------------------------------------------------------------------------

    /**
     * Brings the state up to now, in mlfq.py's order within an instant: every quantum that ended
     * (5c), then the boost (1), earliest first, a quantum end before a boost at the same instant.
     */
    private void advance() {
        now = Math.max(now, host.now());
        for (;;) {
            Job first = null;
            for (Job r : running) if (r != null && (first == null || end(r) < end(first))) first = r;
            long end = first == null ? Long.MAX_VALUE : end(first);
            if (end <= now && end <= nextBoost) {
                expire(first, end);
            } else if (nextBoost <= now) {
                boost(nextBoost);
                // with nothing running, the boosts up to now are one boost
                nextBoost = first == null ? (now / s.boostNs() + 1) * s.boostNs() : nextBoost + s.boostNs();
            } else {
                return;
            }
        }
    }

    private static long end(Job r) {
        return r.since + r.quantumLeft;
    }

    /** Rule 5c for a running task whose quantum ended at {@code at}: charge it, then the tail of its queue. */
    private void expire(Job j, long at) {
        unqueue(j);
        j.levelBeforeExpiry = j.level;
        j.expiredAt = at;
        quantumEnd(j);
        j.since = at;
        append(j);
    }

    /** 5c's counters: one allotment used; at 0, down a level (not below 0) with fresh counters. */
    private void quantumEnd(Job j) {
        j.allotLeft--;
        if (j.allotLeft == 0) {
            if (j.level > 0) j.level--;
            j.allotLeft = s.allotment()[j.level];
        }
        j.quantumLeft = s.quantumNs()[j.level];
    }

    /** Rule 5b: the task starts an I/O (it went to sleep); it is out of the queues already. */
    private void startIo(Job j) {
        j.ioAt = now;
        if (j.expiredAt == now) {
            // its quantum ended at this same instant and advance() charged 5c first; mlfq.py does
            // 5b first, so with stay redo the instant: refill, then 5c on the refilled counters
            if (s.stay()) {
                j.level = j.levelBeforeExpiry;
                refill(j);
                quantumEnd(j);
            }
        } else if (s.stay()) {
            refill(j);
        }
        j.expiredAt = -1;
    }

    /** Rule 1 at instant {@code at}. */
    private void boost(long at) {
        List<Job> top = queues.get(s.top());
        for (int l = 0; l < s.top(); l++) {
            for (Job j : queues.get(l)) {
                j.placedAt = -1;
                top.add(j);
            }
            queues.get(l).clear();
        }
        for (Job j : jobs) {
            j.level = s.top();
            refill(j);
            j.expiredAt = -1;
            if (j.cpu >= 0) j.since = at;
        }
    }

    private void refill(Job j) {
        j.quantumLeft = s.quantumNs()[j.level];
        j.allotLeft = s.allotment()[j.level];
    }

    /**
     * Rule 2: an arrival at the tail, a completion at the tail (or the head with iobump). Among
     * the placements of this instant, arrivals by pid come first, then completions in issue order.
     */
    private void place(Job j, int kind, boolean head) {
        unqueue(j);
        j.placedAt = now;
        j.placedKind = kind;
        j.placedAtHead = head;
        List<Job> q = queues.get(j.level);
        int i;
        if (head) {
            // repeated insertions at the head: a later completion sits nearer the head
            i = 0;
            while (i < q.size() && sameInstant(q.get(i), true) && before(j, q.get(i))) i++;
        } else {
            i = q.size();
            while (i > 0 && sameInstant(q.get(i - 1), false) && before(j, q.get(i - 1))) i--;
        }
        q.add(i, j);
        j.inQueue = true;
    }

    private boolean sameInstant(Job other, boolean head) {
        return other.placedAt == now && other.placedAtHead == head;
    }

    /** True if {@code a} comes before {@code b} in mlfq.py's event order within an instant. */
    private static boolean before(Job a, Job b) {
        if (a.placedKind != b.placedKind) return a.placedKind < b.placedKind;
        if (a.placedKind == COMPLETION && a.ioAt != b.ioAt) return a.ioAt < b.ioAt;
        return a.task.pid() < b.task.pid();
    }

    private void append(Job j) {
        j.placedAt = -1;
        queues.get(j.level).add(j);
        j.inQueue = true;
    }

    private void unqueue(Job j) {
        if (j.inQueue) queues.get(j.level).remove(j);
        j.inQueue = false;
    }

    /** Rule 3: the head of the highest non-empty queue, skipping tasks that run or may not use {@code cpu}. */
    private Job first(int cpu) {
        for (int l = s.top(); l >= 0; l--) {
            for (Job j : queues.get(l)) if (j.queued && j.task.allowed(cpu)) return j;
        }
        return null;
    }

    /** True if a queued task comes before {@code curr}, which then gives way at once, as mlfq.py picks every tick. */
    private boolean behindFirst(int cpu, Job curr) {
        Job f = first(cpu);
        if (f == null) return false;
        if (f.level != curr.level || !curr.inQueue) return f.level > curr.level;
        List<Job> q = queues.get(curr.level);
        return q.indexOf(f) < q.indexOf(curr);
    }

    /** The task's state, made at the top with full counters when it joins. */
    private Job job(SchedTask p) {
        Job j = (Job) p.policyData();
        if (j == null) {
            j = new Job(p);
            j.level = s.top();
            refill(j);
            p.policyData(j);
            jobs.add(j);
        }
        return j;
    }
}
