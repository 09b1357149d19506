package org.kernellab.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.TaskState;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;

/**
 * The named objects a workload's tasks share: mutexes, counting events and barriers. Each has
 * a FIFO of waiters; a release hands the object straight to the first waiter and wakes it, so
 * the waiter goes on without trying again. Names are turned into indexes once, when the run
 * is set up ({@link #id}). Guarded by the baton.
 *
 * <ul>
 * <li>mutex: a sleeping lock; a waiter sleeps in D (mutex_lock() is uninterruptible). Unlock
 *     hands the lock to the longest waiter (KernelLab's mutex has no optimistic spinning or
 *     lock stealing; Linux hands off only to a starving waiter).</li>
 * <li>event: a counting semaphore (up/down): signal wakes the longest waiter or counts one;
 *     wait takes one or sleeps in S.</li>
 * <li>barrier: opens when all its parties have arrived; the last to arrive goes on, the others
 *     are woken in arrival order.</li>
 * </ul>
 */
final class ScriptWorld {
    private final Engine e;
    private final Map<String, Integer> ids = new HashMap<>();
    private final TaskImpl[] owners;
    private final long[] counts;
    private final int[] parties;
    private final ArrayDeque<TaskImpl>[] waiters;

    @SuppressWarnings("unchecked")
    ScriptWorld(Engine e, List<TaskDef> tasks, Map<String, Integer> barrierParties) {
        this.e = e;
        // one index per name and kind: "m:" mutexes, "e:" events, "b:" barriers
        for (TaskDef t : tasks) {
            for (Phase p : t.phases()) {
                String key = key(p);
                if (key != null) ids.putIfAbsent(key, ids.size());
            }
        }
        int n = ids.size();
        owners = new TaskImpl[n];
        counts = new long[n];
        parties = new int[n];
        waiters = new ArrayDeque[n];
        barrierParties.forEach((b, k) -> {
            Integer i = ids.get("b:" + b);
            if (i != null) parties[i] = k;
        });
    }

    private static String key(Phase p) {
        return switch (p) {
            case Phase.Lock l -> "m:" + l.mutex();
            case Phase.Unlock u -> "m:" + u.mutex();
            case Phase.Signal s -> "e:" + s.event();
            case Phase.Wait w -> "e:" + w.event();
            case Phase.Barrier b -> "b:" + b.name();
            default -> null;
        };
    }

    /** The index of the object phase {@code p} names, or -1 for a phase that names none. */
    int id(Phase p) {
        String key = key(p);
        return key == null ? -1 : ids.get(key);
    }

    /** Takes mutex {@code m}, or queues {@code t} (state D) and returns false. */
    boolean lock(int m, TaskImpl t) {
        if (owners[m] == null) {
            owners[m] = t;
            return true;
        }
        sleep(t, m, TaskState.UNINTERRUPTIBLE);
        return false;
    }

    /** Releases mutex {@code m}, which {@code t} holds: to the first waiter, if any. */
    void unlock(int m, TaskImpl t) {
        if (owners[m] != t) return;
        TaskImpl next = waiters[m] == null ? null : waiters[m].pollFirst();
        owners[m] = next;
        if (next != null) wake(next);
    }

    void signal(int ev) {
        TaskImpl next = waiters[ev] == null ? null : waiters[ev].pollFirst();
        if (next == null) counts[ev]++;
        else wake(next);
    }

    /** Takes one from event {@code ev}'s count, or queues {@code t} (state S) and returns false. */
    boolean await(int ev, TaskImpl t) {
        if (counts[ev] > 0) {
            counts[ev]--;
            return true;
        }
        sleep(t, ev, TaskState.INTERRUPTIBLE);
        return false;
    }

    /** Arrives at barrier {@code b}: opens it when {@code t} is the last party, else queues {@code t} and returns false. */
    boolean arrive(int b, TaskImpl t) {
        ArrayDeque<TaskImpl> q = waiters[b];
        if ((q == null ? 0 : q.size()) + 1 >= Math.max(1, parties[b])) {
            if (q != null) for (TaskImpl w; (w = q.pollFirst()) != null;) wake(w);
            return true;
        }
        sleep(t, b, TaskState.INTERRUPTIBLE);
        return false;
    }

    private void sleep(TaskImpl t, int id, TaskState s) {
        if (waiters[id] == null) waiters[id] = new ArrayDeque<>(4);
        waiters[id].addLast(t);
        t.script.waitingOn = id;
        t.state = s;
    }

    private void wake(TaskImpl t) {
        t.script.waitingOn = -1;
        e.sw.wakeUp(t);
    }
}
