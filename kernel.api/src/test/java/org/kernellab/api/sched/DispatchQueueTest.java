package org.kernellab.api.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DispatchQueueTest {
    private static final long ALL = -1L;

    private static SchedTask task(int pid, long affinity) {
        return Fakes.task(pid, affinity);
    }

    private static SchedTask task(int pid) {
        return task(pid, ALL);
    }

    /** Takes on {@code cpu} until the queue has nothing for it; returns the pids. */
    private static List<Integer> drain(DispatchQueue q, int cpu) {
        List<Integer> out = new ArrayList<>();
        for (SchedTask p = q.take(cpu); p != null; p = q.take(cpu)) out.add(p.pid());
        return out;
    }

    @Test
    void fifo_insertTail_takesInInsertionOrder() {
        DispatchQueue q = DispatchQueue.fifo();
        for (int pid = 1; pid <= 4; pid++) q.insertTail(task(pid));
        assertEquals(List.of(1, 2, 3, 4), drain(q, 0));
        assertTrue(q.isEmpty());
    }

    @Test
    void fifo_insertHead_isTakenBeforeEveryQueuedTask() {
        DispatchQueue q = DispatchQueue.fifo();
        q.insertTail(task(1));
        q.insertTail(task(2));
        q.insertHead(task(3));
        q.insertHead(task(4));
        assertEquals(List.of(4, 3, 1, 2), drain(q, 0));
    }

    @Test
    void take_tasksNotAllowedOnTheCpu_arePassedOverAndKeepTheirPlaces() {
        DispatchQueue q = DispatchQueue.fifo();
        q.insertTail(task(1, 0b10));
        q.insertTail(task(2, 0b01));
        q.insertTail(task(3, 0b10));
        q.insertTail(task(4, 0b11));
        assertEquals(2, q.take(0).pid());
        assertEquals(4, q.take(0).pid());
        assertNull(q.take(0), "nothing left for CPU 0");
        assertEquals(2, q.size());
        assertEquals(List.of(1, 3), drain(q, 1));
    }

    @Test
    void ordered_lowerKeyFirst_equalKeysInInsertionOrder() {
        DispatchQueue q = DispatchQueue.ordered();
        q.insertOrdered(task(1), 30);
        q.insertOrdered(task(2), 10);
        q.insertOrdered(task(3), 30);
        q.insertOrdered(task(4), 20);
        q.insertOrdered(task(5), 10);
        q.insertOrdered(task(6), Long.MAX_VALUE);
        q.insertOrdered(task(7), Long.MIN_VALUE);
        assertEquals(List.of(7, 2, 5, 4, 1, 3, 6), drain(q, 0));
    }

    @Test
    void orderedWithTies_equalKeys_goByTheComparatorThenInsertionOrder() {
        // EDF: deadline, then release (here: pid / 10), then pid; equal pids cannot happen, so a
        // comparator on pid / 10 alone leaves the insertion order to decide between 21 and 22
        DispatchQueue q = DispatchQueue.ordered(Comparator.comparingInt(p -> p.pid() / 10));
        q.insertOrdered(task(22), 5);
        q.insertOrdered(task(11), 5);
        q.insertOrdered(task(21), 5);
        q.insertOrdered(task(30), 1);
        assertEquals(List.of(30, 11, 22, 21), drain(q, 0));
    }

    @Test
    void ordered_take_passesOverTasksNotAllowedInKeyOrder() {
        DispatchQueue q = DispatchQueue.ordered();
        q.insertOrdered(task(1, 0b10), 1);
        q.insertOrdered(task(2, 0b01), 3);
        q.insertOrdered(task(3, 0b01), 2);
        assertEquals(List.of(3, 2), drain(q, 0));
        assertEquals(List.of(1), drain(q, 1));
    }

    @Test
    void remove_queuedTask_isGoneAndTrue_absentTask_false() {
        for (boolean ordered : new boolean[] {false, true}) {
            DispatchQueue q = ordered ? DispatchQueue.ordered() : DispatchQueue.fifo();
            SchedTask a = task(1), b = task(2), c = task(3);
            for (SchedTask p : List.of(a, b, c)) {
                if (ordered) q.insertOrdered(p, 7);
                else q.insertTail(p);
            }
            assertTrue(q.remove(b), "b was queued");
            assertFalse(q.remove(b), "b is gone");
            assertFalse(q.remove(task(4)), "never queued");
            assertFalse(q.contains(b));
            assertTrue(q.contains(a) && q.contains(c));
            assertEquals(List.of(1, 3), drain(q, 0), ordered ? "ordered" : "fifo");
        }
    }

    @Test
    void remove_twoTasksUnderOneKey_removesTheOneItWasGivenByIdentity() {
        DispatchQueue q = DispatchQueue.ordered(Comparator.comparingInt(p -> 0));
        SchedTask a = task(1), b = task(1);
        q.insertOrdered(a, 5);
        q.insertOrdered(b, 5);
        assertTrue(q.remove(b));
        assertSame(a, q.take(0));
        assertNull(q.take(0));
    }

    @Test
    void peek_returnsWhatTakeWould_andLeavesItQueued() {
        DispatchQueue q = DispatchQueue.ordered();
        q.insertOrdered(task(1, 0b10), 1);
        q.insertOrdered(task(2, 0b01), 2);
        SchedTask p = q.peek(0);
        assertEquals(2, p.pid());
        assertEquals(2, q.size());
        assertSame(p, q.take(0));
        assertNull(q.peek(0));
        assertNull(DispatchQueue.fifo().peek(0), "an empty queue");
    }

    @Test
    void orderedInsert_taskAlreadyQueued_isRefusedNamingTheRule() {
        DispatchQueue q = DispatchQueue.ordered();
        SchedTask a = task(1);
        q.insertOrdered(a, 5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.insertOrdered(a, 3));
        assertTrue(e.getMessage().contains("insertOrdered(t1)") && e.getMessage().contains("at most once"), e.getMessage());
        assertEquals(1, q.size());
        assertSame(a, q.take(0));
        assertTrue(q.isEmpty());
    }

    @Test
    void insert_theOtherKindsWay_isRefusedNamingTheRightOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DispatchQueue.fifo().insertOrdered(task(1), 3));
        assertTrue(e.getMessage().contains("FIFO") && e.getMessage().contains("insertTail or insertHead"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> DispatchQueue.ordered().insertTail(task(1)));
        assertTrue(e.getMessage().contains("ordered") && e.getMessage().contains("insertOrdered"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DispatchQueue.ordered(null));
    }

    /**
     * Random inserts, removes and takes on two CPUs, against the loop the policies wrote before:
     * a list in insertion order, and for each pick the first allowed task of least (key, tie).
     * The same seed gives the same sequence of picks on every run.
     */
    @Test
    void randomOps_ordered_pickAsTheLinearScanDoes() {
        SplittableRandom r = new SplittableRandom(7);
        DispatchQueue q = DispatchQueue.ordered(Comparator.comparingInt(p -> p.pid() % 3));
        List<SchedTask> model = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        int pid = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = r.nextInt(10);
            if (op < 5) {
                SchedTask p = task(++pid, r.nextLong(1, 4));
                long key = r.nextInt(8);
                q.insertOrdered(p, key);
                model.add(p);
                keys.add(key);
            } else if (op < 6 && !model.isEmpty()) {
                int i = r.nextInt(model.size());
                assertTrue(q.remove(model.get(i)));
                model.remove(i);
                keys.remove(i);
            } else {
                int cpu = r.nextInt(2);
                int best = -1;
                for (int i = 0; i < model.size(); i++) {
                    SchedTask p = model.get(i);
                    if (!p.allowed(cpu)) continue;
                    if (best < 0 || keys.get(i) < keys.get(best)
                            || (keys.get(i).equals(keys.get(best)) && p.pid() % 3 < model.get(best).pid() % 3)) best = i;
                }
                SchedTask expected = best < 0 ? null : model.get(best);
                assertSame(expected, q.peek(cpu), "peek at step " + step);
                assertSame(expected, q.take(cpu), "take at step " + step);
                if (best >= 0) {
                    model.remove(best);
                    keys.remove(best);
                }
            }
            assertEquals(model.size(), q.size());
        }
    }
}
