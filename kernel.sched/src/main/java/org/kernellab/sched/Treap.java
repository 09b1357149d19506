package org.kernellab.sched;

import java.util.function.Predicate;

/**
 * The fair runqueue's tree: a treap of entities ordered by (vruntime, creation order),
 * augmented with each subtree's earliest virtual deadline, which is what EEVDF's pick needs
 * (kernel/sched/fair.c keeps an augmented rbtree for the same reason). Treap priorities come
 * from a fixed hash of the entity's sequence number, so the shape is deterministic.
 */
final class Treap {
    private Treap() {}

    static long priority(long seq) {
        long z = seq + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static boolean before(Entity a, Entity b) {
        long d = a.vruntime - b.vruntime;
        return d < 0 || (d == 0 && a.seq < b.seq);
    }

    private static void update(Entity n) {
        long m = n.deadline;
        if (n.left != null && n.left.minDeadline - m < 0) m = n.left.minDeadline;
        if (n.right != null && n.right.minDeadline - m < 0) m = n.right.minDeadline;
        n.minDeadline = m;
    }

    static Entity insert(Entity root, Entity e) {
        e.left = null;
        e.right = null;
        e.treapPrio = priority(e.seq);
        e.minDeadline = e.deadline;
        return insertAt(root, e);
    }

    private static Entity insertAt(Entity n, Entity e) {
        if (n == null) return e;
        if (before(e, n)) {
            n.left = insertAt(n.left, e);
            if (n.left.treapPrio > n.treapPrio) n = rotateRight(n);
        } else {
            n.right = insertAt(n.right, e);
            if (n.right.treapPrio > n.treapPrio) n = rotateLeft(n);
        }
        update(n);
        return n;
    }

    static Entity remove(Entity n, Entity e) {
        if (n == null) throw new IllegalStateException(e + " is not in the fair runqueue");
        if (n == e) {
            Entity merged = merge(n.left, n.right);
            e.left = null;
            e.right = null;
            return merged;
        }
        if (before(e, n)) n.left = remove(n.left, e);
        else n.right = remove(n.right, e);
        update(n);
        return n;
    }

    private static Entity merge(Entity a, Entity b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.treapPrio > b.treapPrio) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }

    private static Entity rotateRight(Entity n) {
        Entity l = n.left;
        n.left = l.right;
        l.right = n;
        update(n);
        update(l);
        return l;
    }

    private static Entity rotateLeft(Entity n) {
        Entity r = n.right;
        n.right = r.left;
        r.left = n;
        update(n);
        update(r);
        return r;
    }

    static Entity leftmost(Entity n) {
        if (n == null) return null;
        while (n.left != null) n = n.left;
        return n;
    }

    /**
     * The entity with the earliest deadline among the eligible ones, where eligibility holds for
     * a prefix of the vruntime order (pick_eevdf's heap search). Ties go to the lower vruntime.
     */
    static Entity earliestEligible(Entity root, Rq rq) {
        // entity_eligible(): Σ(v_i - v0)·w_i ≥ (v - v0)·Σw_i, the running entity included
        long avg = rq.avgVruntime;
        long load = rq.avgLoad;
        Entity curr = rq.fairCurr;
        if (curr != null) {
            avg += (curr.vruntime - rq.minVruntime) * curr.weight;
            load += curr.weight;
        }
        long min = rq.minVruntime;
        Entity bestNode = null;
        Entity bestSub = null;
        Entity n = root;
        while (n != null) {
            if (avg < (n.vruntime - min) * load) {
                n = n.left;
                continue;
            }
            // n and its whole left subtree are eligible
            if (n.left != null && (bestSub == null || n.left.minDeadline - bestSub.minDeadline < 0)
                    && (bestNode == null || n.left.minDeadline - bestNode.deadline < 0)) {
                bestSub = n.left;
            }
            if (bestNode == null || n.deadline - bestNode.deadline < 0) bestNode = n;
            n = n.right;
        }
        if (bestSub != null && (bestNode == null || bestSub.minDeadline - bestNode.deadline < 0)) {
            return descend(bestSub);
        }
        return bestNode;
    }

    /** The leftmost entity holding its subtree's earliest deadline. */
    private static Entity descend(Entity n) {
        for (;;) {
            if (n.left != null && n.left.minDeadline == n.minDeadline) n = n.left;
            else if (n.deadline == n.minDeadline) return n;
            else n = n.right;
        }
    }

    /** The first entity in vruntime order that matches, looking at most {@code limit} entities; or null. */
    static Entity firstMatching(Entity root, Predicate<Entity> p, int limit) {
        int[] left = {limit};
        return first(root, p, left);
    }

    private static Entity first(Entity n, Predicate<Entity> p, int[] left) {
        if (n == null || left[0] <= 0) return null;
        Entity l = first(n.left, p, left);
        if (l != null) return l;
        if (left[0]-- <= 0) return null;
        if (p.test(n)) return n;
        return first(n.right, p, left);
    }
}
