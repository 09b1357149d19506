package org.kernellab.sched;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The fair runqueues' trees: treaps of entities ordered by (vruntime, creation order),
 * augmented with each subtree's earliest virtual deadline, which is what EEVDF's pick needs
 * (kernel/sched/fair.c keeps an augmented rbtree for the same reason). One store serves every
 * runqueue of a machine; each runqueue holds the slot of its root.
 *
 * <p>Nodes live in one {@code long[]}, four longs a node (vruntime, deadline, the subtree's
 * earliest deadline, the two child slots), so that a walk down a tree of 100,000 entities
 * touches 32 bytes a level instead of a whole entity object. An entity keeps its slot for life;
 * the tree copies its vruntime and deadline on insertion, which never change while it is queued.
 * Treap priorities are a fixed hash of the slot, so the shape is deterministic.
 */
final class EevdfTree {
    static final int NIL = -1;

    private long[] n = new long[4 * 64];
    /** Each slot's treap priority, a fixed hash of the slot computed once. */
    private long[] prio = new long[64];
    private Entity[] ent = new Entity[64];
    private int[] free = new int[64];
    private int freeTop;
    private int next;

    /** A slot for {@code e}, kept until {@link #release}. */
    int slot(Entity e) {
        if (e.slot >= 0) return e.slot;
        int s;
        if (freeTop > 0) {
            s = free[--freeTop];
        } else {
            s = next++;
            if (s == ent.length) {
                ent = Arrays.copyOf(ent, s * 2);
                n = Arrays.copyOf(n, s * 8);
                prio = Arrays.copyOf(prio, s * 2);
            }
            prio[s] = priority(s);
        }
        ent[s] = e;
        e.slot = s;
        return s;
    }

    /** Gives back a dead entity's slot. */
    void release(Entity e) {
        int s = e.slot;
        if (s < 0) return;
        ent[s] = null;
        e.slot = -1;
        if (freeTop == free.length) free = Arrays.copyOf(free, freeTop * 2);
        free[freeTop++] = s;
    }

    Entity entity(int s) {
        return s == NIL ? null : ent[s];
    }

    private long vr(int s) { return n[s << 2]; }
    private long dl(int s) { return n[(s << 2) + 1]; }
    private long md(int s) { return n[(s << 2) + 2]; }
    private int left(int s) { return (int) (n[(s << 2) + 3] >> 32); }
    private int right(int s) { return (int) n[(s << 2) + 3]; }

    private void links(int s, int l, int r) {
        n[(s << 2) + 3] = ((long) l << 32) | (r & 0xffffffffL);
    }

    private static long priority(int slot) {
        long z = slot + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Tree order: vruntime, then creation order. */
    private boolean before(int a, int b) {
        long d = vr(a) - vr(b);
        return d < 0 || (d == 0 && ent[a].seq < ent[b].seq);
    }

    boolean before(Entity a, Entity b) {
        long d = a.vruntime - b.vruntime;
        return d < 0 || (d == 0 && a.seq < b.seq);
    }

    private void update(int s) {
        long m = dl(s);
        int l = left(s);
        int r = right(s);
        if (l != NIL && md(l) - m < 0) m = md(l);
        if (r != NIL && md(r) - m < 0) m = md(r);
        n[(s << 2) + 2] = m;
    }

    /** The walk from the root down, reused by every insert and remove (the tree is touched by one execution at a time). */
    private int[] path = new int[64];

    private void push(int depth, int slot) {
        if (depth == path.length) path = Arrays.copyOf(path, depth * 2);
        path[depth] = slot;
    }

    /** Makes {@code to} the child of {@code parent} that {@code from} was. */
    private void relink(int parent, int from, int to) {
        if (left(parent) == from) links(parent, to, right(parent));
        else links(parent, left(parent), to);
    }

    int insert(int root, Entity e) {
        int s = slot(e);
        int b = s << 2;
        n[b] = e.vruntime;
        n[b + 1] = e.deadline;
        n[b + 2] = e.deadline;
        links(s, NIL, NIL);
        if (root == NIL) return s;
        int depth = 0;
        for (int t = root; t != NIL; t = before(s, t) ? left(t) : right(t)) push(depth++, t);
        int parent = path[depth - 1];
        if (before(s, parent)) links(parent, s, right(parent));
        else links(parent, left(parent), s);
        // rotate the new node up while its priority beats its parent's (a treap's heap order)
        int i = depth - 1;
        while (i >= 0 && prio[s] > prio[path[i]]) {
            int p = path[i];
            if (left(p) == s) rotateRight(p);
            else rotateLeft(p);
            if (i > 0) relink(path[i - 1], p, s);
            i--;
        }
        for (int j = i; j >= 0; j--) update(path[j]);
        return i < 0 ? s : root;
    }

    int remove(int root, Entity e) {
        int s = e.slot;
        if (root == NIL || s < 0) throw new IllegalStateException(e + " is not in the fair runqueue");
        int depth = 0;
        int t = root;
        while (t != s) {
            if (t == NIL) throw new IllegalStateException(e + " is not in the fair runqueue");
            push(depth++, t);
            t = before(s, t) ? left(t) : right(t);
        }
        // rotate it down, the child with the higher priority going up, until one side is empty
        while (left(s) != NIL && right(s) != NIL) {
            int l = left(s);
            int r = right(s);
            int up = prio[l] > prio[r] ? l : r;
            if (up == l) rotateRight(s);
            else rotateLeft(s);
            if (depth > 0) relink(path[depth - 1], s, up);
            else root = up;
            push(depth++, up);
        }
        int child = left(s) != NIL ? left(s) : right(s);
        if (depth > 0) relink(path[depth - 1], s, child);
        else root = child;
        links(s, NIL, NIL);
        for (int j = depth - 1; j >= 0; j--) update(path[j]);
        return root;
    }

    private int rotateRight(int t) {
        int l = left(t);
        links(t, right(l), right(t));
        links(l, left(l), t);
        update(t);
        update(l);
        return l;
    }

    private int rotateLeft(int t) {
        int r = right(t);
        links(t, left(t), left(r));
        links(r, t, right(r));
        update(t);
        update(r);
        return r;
    }

    Entity leftmost(int t) {
        if (t == NIL) return null;
        for (int l; (l = left(t)) != NIL;) t = l;
        return ent[t];
    }

    /**
     * The entity with the earliest deadline among the eligible ones (pick_eevdf's heap search):
     * entity_eligible() holds for a prefix of the vruntime order, Σ(v_i - v0)·w_i ≥ (v - v0)·Σw_i,
     * with {@code avg} and {@code load} the runqueue's sums, the running entity included, and
     * {@code v0} its min_vruntime. Ties go to the lower vruntime.
     */
    Entity earliestEligible(int root, long avg, long load, long v0) {
        int bestNode = NIL;
        int bestSub = NIL;
        int t = root;
        while (t != NIL) {
            if (avg < (vr(t) - v0) * load) {
                t = left(t);
                continue;
            }
            // t and its whole left subtree are eligible
            int l = left(t);
            if (l != NIL && (bestSub == NIL || md(l) - md(bestSub) < 0) && (bestNode == NIL || md(l) - dl(bestNode) < 0)) {
                bestSub = l;
            }
            if (bestNode == NIL || dl(t) - dl(bestNode) < 0) bestNode = t;
            t = right(t);
        }
        if (bestSub != NIL && (bestNode == NIL || md(bestSub) - dl(bestNode) < 0)) return ent[descend(bestSub)];
        return entity(bestNode);
    }

    /** The leftmost slot holding its subtree's earliest deadline. */
    private int descend(int t) {
        for (;;) {
            int l = left(t);
            if (l != NIL && md(l) == md(t)) t = l;
            else if (dl(t) == md(t)) return t;
            else t = right(t);
        }
    }

    /** The first entity in vruntime order that matches, looking at most {@code limit} entities; or null. */
    Entity firstMatching(int root, Predicate<Entity> p, int limit) {
        int[] left = {limit};
        return first(root, p, left);
    }

    private Entity first(int t, Predicate<Entity> p, int[] budget) {
        if (t == NIL || budget[0] <= 0) return null;
        Entity l = first(left(t), p, budget);
        if (l != null) return l;
        if (budget[0]-- <= 0) return null;
        if (p.test(ent[t])) return ent[t];
        return first(right(t), p, budget);
    }
}
