package org.kernellab.core;

import java.util.Arrays;

/** A growable list of longs, without boxing: latency samples. Guarded by the baton. */
final class LongList {
    private long[] a = new long[8];
    private int n;

    void add(long v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n++] = v;
    }

    int size() { return n; }

    long[] toArray() { return Arrays.copyOf(a, n); }
}
