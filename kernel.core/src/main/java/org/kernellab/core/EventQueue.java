package org.kernellab.core;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by (time, sequence), in parallel primitive arrays so
 * that the hot path allocates nothing. The sequence number is also the event's id.
 * Not thread-safe: only the baton holder touches it.
 */
final class EventQueue {
    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private Object[] payloads = new Object[64];
    private boolean[] background = new boolean[64];
    /** Late events come after the CPUs' own steps at the same instant (see {@link Engine#dispatch}). */
    private boolean[] late = new boolean[64];
    private int size;
    private long nextSeq;
    private int foreground;

    /** Adds an event; returns its id. */
    long add(long time, Object payload, boolean isBackground) {
        return add(time, payload, isBackground, false);
    }

    /** Adds an event, late or not; returns its id. Order: time, then ordinary before late, then insertion. */
    long add(long time, Object payload, boolean isBackground, boolean isLate) {
        if (size == times.length) grow();
        long seq = nextSeq++;
        int i = size++;
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
        background[i] = isBackground;
        late[i] = isLate;
        if (!isBackground) foreground++;
        siftUp(i);
        return seq;
    }

    boolean isEmpty() { return size == 0; }
    int size() { return size; }
    /** Events that keep runUntilIdle running (everything but periodic ticks). */
    int foregroundCount() { return foreground; }
    long peekTime() { return size == 0 ? Long.MAX_VALUE : times[0]; }
    long peekSeq() { return seqs[0]; }
    /** True if the earliest event is a late one. */
    boolean peekLate() { return size > 0 && late[0]; }

    /** Removes the earliest event and returns its payload. */
    Object poll() {
        Object p = payloads[0];
        if (!background[0]) foreground--;
        removeAt(0);
        return p;
    }

    /** Removes the event with this id; false if it is not queued. O(n), used rarely. */
    boolean cancel(long seq) {
        for (int i = 0; i < size; i++) {
            if (seqs[i] == seq) {
                if (!background[i]) foreground--;
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    void clear() {
        Arrays.fill(payloads, 0, size, null);
        size = 0;
        foreground = 0;
    }

    private void removeAt(int i) {
        int last = --size;
        if (i != last) {
            move(last, i);
            payloads[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            payloads[last] = null;
        }
    }

    private boolean less(int a, int b) {
        if (times[a] != times[b]) return times[a] < times[b];
        if (late[a] != late[b]) return !late[a];
        return seqs[a] < seqs[b];
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(i, parent)) break;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int m = (r < size && less(r, l)) ? r : l;
            if (!less(m, i)) break;
            swap(i, m);
            i = m;
        }
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        payloads[to] = payloads[from];
        background[to] = background[from];
        late[to] = late[from];
    }

    private void swap(int a, int b) {
        long t = times[a]; times[a] = times[b]; times[b] = t;
        long s = seqs[a]; seqs[a] = seqs[b]; seqs[b] = s;
        Object p = payloads[a]; payloads[a] = payloads[b]; payloads[b] = p;
        boolean g = background[a]; background[a] = background[b]; background[b] = g;
        boolean l = late[a]; late[a] = late[b]; late[b] = l;
    }

    private void grow() {
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        seqs = Arrays.copyOf(seqs, n);
        payloads = Arrays.copyOf(payloads, n);
        background = Arrays.copyOf(background, n);
        late = Arrays.copyOf(late, n);
    }
}
