package org.kernellab.api.sched;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * A queue of waiting tasks, as sched_ext's dispatch queues (DSQs, kernel/sched/ext.c) are:
 * either <em>FIFO</em> ({@link #fifo()}), where a task goes in at the tail or at the head, or
 * <em>ordered</em> ({@link #ordered()}), where the policy gives each task a key when it inserts
 * it (a vtime, an absolute deadline, a remaining time, a period), a lower key comes first, and
 * equal keys stay in the order they were inserted, as with {@code scx_bpf_dsq_insert_vtime()}.
 * An ordered queue may break equal keys by a comparator of tasks first
 * ({@link #ordered(Comparator)}: EDF's release, then pid), with insertion order last. A queue is
 * one kind for its whole life, as a DSQ is.
 *
 * <p>It holds what every policy with a shared queue writes around its pick: insert at the tail,
 * at the head or by key; remove a task the core takes back; and take the first task allowed on
 * the CPU that picks ({@link #take}, what {@code scx_bpf_dsq_move_to_local()} does for a CPU).
 *
 * <h2>Calling context</h2>
 * A policy makes its queues when it is created (in its constructor, or in
 * {@link PolicyProvider#create}) and uses them only from inside its ops: on the simulation's
 * single execution, one op at a time per machine, never sleeping (see {@link Policy}). So a
 * queue takes no locks and is not thread-safe. A queue belongs to one policy instance; two
 * machines never share one.
 *
 * <h2>Determinism</h2>
 * The order of a queue follows from the calls made on it alone: the keys, the tie comparator
 * and the order of the inserts. No hash code, clock or random number enters it (the identity
 * map that finds a queued task is looked up, never walked), so the same ops give the same picks
 * on every run.
 *
 * <h2>The contract</h2>
 * A task is in a queue at most once, and the key a task was inserted with is its key until it
 * leaves: to move a task, remove it and insert it again. The core makes the same promise to a
 * policy (a task is enqueued once until {@code pick} returns it or {@code dequeue} takes it
 * back, and its attributes change only while it is dequeued), so a policy that inserts in
 * {@code enqueue} and removes in {@code pick} and {@code dequeue} keeps it. A tie comparator
 * may read only what does not change while a task waits: its pid, its job's release, data the
 * policy set before the insert. Inserting the other kind's way is the caller's bug and throws
 * {@link IllegalStateException} naming the rule. So is inserting a task the queue already holds:
 * an ordered queue, which keeps an identity map to remove a task in O(log n), refuses it the same
 * way; a FIFO queue does not look, since a lookup on every insert would double the cost of a
 * FIFO policy's pick and enqueue at 100,000 tasks (kernel.bench PickEnqueueBench).
 */
public final class DispatchQueue {
    /** A task in an ordered queue, with the key and the insertion number it was queued with. */
    private record Entry(SchedTask task, long key, long seq) {}

    /** A FIFO queue's tasks, head first; null in an ordered queue. */
    private final ArrayDeque<SchedTask> fifo;
    /** An ordered queue's entries by (key, ties, seq); null in a FIFO queue. */
    private final TreeSet<Entry> ordered;
    /** An ordered queue's tasks and their entries, by identity: membership, and the entry to remove; null in a FIFO queue. */
    private final Map<SchedTask, Entry> members;
    /** The insertion number of the next ordered insert. */
    private long seq;

    /** {@code ordered} queues only: null, equal keys in insertion order; else equal keys by {@code ties} first. */
    private DispatchQueue(boolean ordered, Comparator<? super SchedTask> ties) {
        if (!ordered) {
            this.fifo = new ArrayDeque<>();
            this.ordered = null;
            this.members = null;
        } else {
            Comparator<Entry> byKey = Comparator.comparingLong(Entry::key);
            if (ties != null) byKey = byKey.thenComparing(Entry::task, ties);
            this.fifo = null;
            this.ordered = new TreeSet<>(byKey.thenComparingLong(Entry::seq));
            this.members = new IdentityHashMap<>();
        }
    }

    /** A FIFO queue: tasks go in with {@link #insertTail} or {@link #insertHead}. */
    public static DispatchQueue fifo() {
        return new DispatchQueue(false, null);
    }

    /** A queue ordered by the key given to {@link #insertOrdered}; equal keys in insertion order. */
    public static DispatchQueue ordered() {
        return new DispatchQueue(true, null);
    }

    /**
     * A queue ordered by the key given to {@link #insertOrdered}; equal keys by {@code ties}, then
     * in insertion order. {@code ties} must read only what does not change while a task waits.
     */
    public static DispatchQueue ordered(Comparator<? super SchedTask> ties) {
        if (ties == null) throw new IllegalArgumentException("DispatchQueue.ordered(ties): ties is null; ordered() keeps equal keys in insertion order");
        return new DispatchQueue(true, ties);
    }

    /**
     * Inserts {@code p} at the tail of a FIFO queue ({@code scx_bpf_dsq_insert()}). Called from
     * {@code enqueue}. O(1).
     */
    public void insertTail(SchedTask p) {
        checkKind(p, "insertTail", false);
        fifo.addLast(p);
    }

    /**
     * Inserts {@code p} at the head of a FIFO queue ({@code SCX_ENQ_HEAD}): it is the next task
     * taken, before every task already queued. Called from {@code enqueue}, typically for a task
     * a higher class preempted. O(1).
     */
    public void insertHead(SchedTask p) {
        checkKind(p, "insertHead", false);
        fifo.addFirst(p);
    }

    /**
     * Inserts {@code p} into an ordered queue under {@code key} ({@code scx_bpf_dsq_insert_vtime()}):
     * after every task of a lower key and before every task of a higher one; among tasks of an
     * equal key, where the tie comparator puts it, and after those it ranks equal with (they were
     * inserted earlier). Called from {@code enqueue}. O(log n).
     */
    public void insertOrdered(SchedTask p, long key) {
        checkKind(p, "insertOrdered", true);
        Entry e = new Entry(p, key, seq++);
        if (members.putIfAbsent(p, e) != null) {
            throw new IllegalStateException("DispatchQueue.insertOrdered(" + p + "): the task is already queued here;"
                    + " a task is in a queue at most once: remove it first to move it");
        }
        ordered.add(e);
    }

    private void checkKind(SchedTask p, String op, boolean byKey) {
        if (byKey != (ordered != null)) {
            throw new IllegalStateException("DispatchQueue." + op + "(" + p + "): this queue is " + (byKey ? "FIFO" : "ordered")
                    + "; a queue is FIFO or ordered for its whole life, as a DSQ is: insert with "
                    + (byKey ? "insertTail or insertHead" : "insertOrdered"));
        }
    }

    /**
     * Removes {@code p} if it is queued here; returns whether it was. Called from {@code dequeue}
     * (the core takes a task back) or wherever the policy moves a task. Finds the task by
     * identity, never by key. O(log n) in an ordered queue (O(1) when absent), O(n) in a FIFO queue.
     */
    public boolean remove(SchedTask p) {
        if (ordered != null) {
            Entry e = members.remove(p);
            if (e == null) return false;
            ordered.remove(e);
            return true;
        }
        for (Iterator<SchedTask> it = fifo.iterator(); it.hasNext(); ) {
            if (it.next() == p) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * Removes and returns the first task in queue order that may run on {@code cpu}
     * ({@link SchedTask#allowed}), or null if there is none; tasks it passes over keep their
     * places. Called from {@code pick(cpu)}: the task it returns is queued with the policy,
     * runnable and allowed on {@code cpu}, which is what the core checks. O(k) for the k tasks
     * passed over, plus O(log n) in an ordered queue (a FIFO queue's head is O(1)).
     */
    public SchedTask take(int cpu) {
        return first(cpu, true);
    }

    /**
     * The task {@link #take} would return for {@code cpu}, left in the queue; null if none. For
     * a policy that looks before it decides (a wakeup preemption test, a balancer). O(k) for the
     * k tasks passed over.
     */
    public SchedTask peek(int cpu) {
        return first(cpu, false);
    }

    private SchedTask first(int cpu, boolean take) {
        for (Iterator<SchedTask> it = tasks(); it.hasNext(); ) {
            SchedTask p = it.next();
            if (!p.allowed(cpu)) continue;
            if (take) {
                it.remove();
                if (ordered != null) members.remove(p);
            }
            return p;
        }
        return null;
    }

    /** True if {@code p} is queued here. O(1) in an ordered queue, O(n) in a FIFO queue. */
    public boolean contains(SchedTask p) {
        if (ordered != null) return members.containsKey(p);
        for (SchedTask q : fifo) if (q == p) return true;
        return false;
    }

    /** The number of queued tasks. O(1). */
    public int size() {
        return ordered != null ? ordered.size() : fifo.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The queued tasks in queue order; its remove() removes from the queue's order only. */
    private Iterator<SchedTask> tasks() {
        if (fifo != null) return fifo.iterator();
        Iterator<Entry> it = ordered.iterator();
        return new Iterator<>() {
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public SchedTask next() { return it.next().task(); }
            @Override public void remove() { it.remove(); }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ordered != null ? "ordered[" : "fifo[");
        for (Iterator<SchedTask> it = tasks(); it.hasNext(); ) sb.append(it.next()).append(it.hasNext() ? ", " : "");
        return sb.append(']').toString();
    }
}
