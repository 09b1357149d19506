package org.kernellab.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.kernellab.api.TaskState;

/**
 * The named objects a workload's tasks share: mutexes, counting events and barriers. Each has
 * a FIFO of waiters; a release hands the object straight to the first waiter and wakes it, so
 * the waiter goes on without trying again. Guarded by the baton.
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
    private final Map<String, Integer> parties;
    private final Map<String, TaskImpl> owners = new HashMap<>();
    private final Map<String, ArrayDeque<TaskImpl>> lockWaiters = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, ArrayDeque<TaskImpl>> eventWaiters = new HashMap<>();
    private final Map<String, ArrayDeque<TaskImpl>> arrived = new HashMap<>();
    /** Tasks sleeping on one of these objects (not on a timer). */
    private final Map<TaskImpl, String> waiting = new HashMap<>();

    ScriptWorld(Engine e, Map<String, Integer> barrierParties) {
        this.e = e;
        this.parties = barrierParties;
    }

    /** Takes the mutex, or queues {@code t} (state D) and returns false. */
    boolean lock(String m, TaskImpl t) {
        if (!owners.containsKey(m)) {
            owners.put(m, t);
            return true;
        }
        sleep(t, lockWaiters.computeIfAbsent(m, k -> new ArrayDeque<>()), TaskState.UNINTERRUPTIBLE, m);
        return false;
    }

    /** Releases the mutex {@code t} holds: to the first waiter, if any. */
    void unlock(String m, TaskImpl t) {
        if (owners.get(m) != t) return;
        ArrayDeque<TaskImpl> q = lockWaiters.get(m);
        TaskImpl next = q == null ? null : q.pollFirst();
        if (next == null) {
            owners.remove(m);
        } else {
            owners.put(m, next);
            wake(next);
        }
    }

    void signal(String ev) {
        ArrayDeque<TaskImpl> q = eventWaiters.get(ev);
        TaskImpl next = q == null ? null : q.pollFirst();
        if (next == null) counts.merge(ev, 1L, Long::sum);
        else wake(next);
    }

    /** Takes one from the event's count, or queues {@code t} (state S) and returns false. */
    boolean await(String ev, TaskImpl t) {
        long n = counts.getOrDefault(ev, 0L);
        if (n > 0) {
            counts.put(ev, n - 1);
            return true;
        }
        sleep(t, eventWaiters.computeIfAbsent(ev, k -> new ArrayDeque<>()), TaskState.INTERRUPTIBLE, ev);
        return false;
    }

    /** Arrives at the barrier: opens it when {@code t} is the last party, else queues {@code t} and returns false. */
    boolean arrive(String b, TaskImpl t) {
        ArrayDeque<TaskImpl> q = arrived.computeIfAbsent(b, k -> new ArrayDeque<>());
        if (q.size() + 1 >= parties.getOrDefault(b, 1)) {
            for (TaskImpl w; (w = q.pollFirst()) != null;) wake(w);
            return true;
        }
        sleep(t, q, TaskState.INTERRUPTIBLE, b);
        return false;
    }

    boolean waitsOn(TaskImpl t) {
        return waiting.containsKey(t);
    }

    private void sleep(TaskImpl t, ArrayDeque<TaskImpl> q, TaskState s, String what) {
        q.addLast(t);
        waiting.put(t, what);
        t.state = s;
    }

    private void wake(TaskImpl t) {
        waiting.remove(t);
        e.sw.wakeUp(t);
    }
}
