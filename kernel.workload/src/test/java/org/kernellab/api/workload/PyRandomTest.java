package org.kernellab.api.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

/**
 * The expected values were printed by CPython 3.11.7:
 * {@code python3 -c 'import random; random.seed(S); print([random.random() for _ in range(5)])'}
 * (and {@code random.getrandbits(32)} for the raw outputs).
 */
class PyRandomTest {

    private static double[] first5(PyRandom r) {
        double[] d = new double[5];
        for (int i = 0; i < 5; i++) d[i] = r.random();
        return d;
    }

    @Test
    void random_seed0_equalsPython() {
        assertArrayEquals(new double[] {0.8444218515250481, 0.7579544029403025, 0.420571580830845,
                0.25891675029296335, 0.5112747213686085}, first5(new PyRandom(0)));
    }

    @Test
    void random_seeds1And42_equalPython() {
        assertArrayEquals(new double[] {0.13436424411240122, 0.8474337369372327, 0.763774618976614,
                0.2550690257394217, 0.49543508709194095}, first5(new PyRandom(1)));
        assertArrayEquals(new double[] {0.6394267984578837, 0.025010755222666936, 0.27502931836911926,
                0.22321073814882275, 0.7364712141640124}, first5(new PyRandom(42)));
    }

    @Test
    void random_seedsAbove2To32_useEveryWordLikePython() {
        // 2^32 + 5: two key words [5, 1]
        assertArrayEquals(new double[] {0.15727238718789782, 0.2824866316461999, 0.6044540318498407,
                0.014523449205355199, 0.6277755437144577}, first5(new PyRandom(4294967301L)));
        // above 2^63: three key words
        assertArrayEquals(new double[] {0.5120180983871961, 0.9318805526703359, 0.6423121128048344,
                0.8522436047096272, 0.35402963702233636}, first5(new PyRandom(new BigInteger("12345678901234567890"))));
    }

    @Test
    void random_negativeSeed_actsAsItsAbsoluteValue() {
        assertArrayEquals(first5(new PyRandom(42)), first5(new PyRandom(-42)));
    }

    @Test
    void nextUint32_seed0_equalsGetrandbits32() {
        PyRandom r = new PyRandom(0);
        assertEquals(3626764237L, r.nextUint32());
        assertEquals(1654615998L, r.nextUint32());
        assertEquals(3255389356L, r.nextUint32());
        assertEquals(3823568514L, r.nextUint32());
    }
}
