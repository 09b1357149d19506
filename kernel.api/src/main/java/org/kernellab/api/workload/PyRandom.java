package org.kernellab.api.workload;

import java.math.BigInteger;

/**
 * Python's {@code random} module generator, so that {@code new PyRandom(n).random()} returns
 * what {@code random.seed(n); random.random()} does: MT19937 (Matsumoto and Nishimura, 1998)
 * seeded with {@code init_by_array} over the 32-bit words of |n|, least significant first
 * ({@code [0]} for 0), and {@code random()} made of two 32-bit outputs a, b as
 * {@code ((a >> 5) * 67108864 + (b >> 6)) / 2^53} (SCHED-MODELS.md, "Python's generator").
 * The state words are Java ints: their arithmetic wraps modulo 2^32 as MT19937's does.
 *
 * <p>Used where a draw must equal a Python script's: OSTEP's {@code scheduler.py} job lengths
 * ({@code int(M * random()) + 1}), {@code lottery.py}'s lotteries, and every workload
 * generator, so that a Python script can reproduce a generated workload. Not thread-safe:
 * each user keeps its own instance. {@code random.seed()} of a string, bytes or float, and
 * Python's other methods ({@code randint}, {@code shuffle}, ...) are not ported.
 */
public final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int mti;

    /** {@code random.seed(seed)} for an int seed; a negative seed acts as its absolute value, as in Python. */
    public PyRandom(BigInteger seed) {
        initByArray(words(seed.abs()));
    }

    /** {@code random.seed(seed)}; a negative seed acts as its absolute value, as in Python. */
    public PyRandom(long seed) {
        this(BigInteger.valueOf(seed));
    }

    /** random.random(): a double in [0, 1) with 53 random bits. */
    public double random() {
        long a = Integer.toUnsignedLong(nextInt()) >>> 5;
        long b = Integer.toUnsignedLong(nextInt()) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** One 32-bit output (genrand_uint32), as an unsigned value. */
    public long nextUint32() {
        return Integer.toUnsignedLong(nextInt());
    }

    private static int[] words(BigInteger n) {
        if (n.signum() == 0) return new int[] {0};
        int count = (n.bitLength() + 31) / 32;
        int[] key = new int[count];
        for (int i = 0; i < count; i++) key[i] = n.shiftRight(32 * i).intValue();
        return key;
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000; // the top bit set: the state is never all zero
    }

    private int nextInt() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            mti = 0;
        }
        int y = mt[mti++];
        // tempering
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }
}
