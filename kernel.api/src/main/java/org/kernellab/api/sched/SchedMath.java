package org.kernellab.api.sched;

/**
 * The fair class's arithmetic, exactly as Linux does it, for the built-in fair class and for
 * policies that weigh tasks (cfs, stride, simple). Pure functions.
 */
public final class SchedMath {
    /** NICE_0_LOAD, scaled down (kernel/sched/sched.h). */
    public static final int NICE_0_LOAD = 1024;
    /** WEIGHT_IDLEPRIO and WMULT_IDLEPRIO (kernel/sched/sched.h): the weight of a SCHED_IDLE task. */
    public static final int WEIGHT_IDLEPRIO = 3;
    public static final long WMULT_IDLEPRIO = 1431655765L;
    /** WMULT_CONST (kernel/sched/fair.c): ~0U. */
    private static final long WMULT_CONST = 0xffffffffL;
    private static final int WMULT_SHIFT = 32;

    /** sched_prio_to_weight, nice -20..19 (kernel/sched/core.c). */
    private static final int[] PRIO_TO_WEIGHT = {
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    };

    /** sched_prio_to_wmult, 2^32 / weight, precalculated (kernel/sched/core.c); several are not simply rounded. */
    private static final long[] PRIO_TO_WMULT = {
        48388, 59856, 76040, 92818, 118348,
        147320, 184698, 229616, 287308, 360437,
        449829, 563644, 704093, 875809, 1099582,
        1376151, 1717300, 2157191, 2708050, 3363326,
        4194304, 5237765, 6557202, 8165337, 10153587,
        12820798, 15790321, 19976592, 24970740, 31350126,
        39045157, 49367440, 61356676, 76695844, 95443717,
        119304647, 148102320, 186737708, 238609294, 286331153,
    };

    private SchedMath() {}

    /** sched_prio_to_weight[nice + 20]. */
    public static int weight(int nice) {
        return PRIO_TO_WEIGHT[nice + 20];
    }

    /** sched_prio_to_wmult[nice + 20]. */
    public static long inverseWeight(int nice) {
        return PRIO_TO_WMULT[nice + 20];
    }

    /** __update_inv_weight() for a weight that has no table entry (a runqueue's summed load). */
    public static long inverseOf(long weight) {
        if (weight >= WMULT_CONST) return 1;
        if (weight == 0) return WMULT_CONST;
        return WMULT_CONST / weight;
    }

    /**
     * __calc_delta() (kernel/sched/fair.c): {@code delta * weight / lw.weight}, computed with
     * the inverse weight {@code lwInv} as Linux does, rounding included.
     */
    public static long calcDelta(long delta, long weight, long lwInv) {
        long fact = weight;
        int shift = WMULT_SHIFT;
        long factHi = fact >>> 32;
        if (factHi != 0) {
            int fs = 64 - Long.numberOfLeadingZeros(factHi);
            shift -= fs;
            fact >>>= fs;
        }
        fact = fact * lwInv; // mul_u32_u32: both fit in 32 bits, the product in 64
        factHi = fact >>> 32;
        if (factHi != 0) {
            int fs = 64 - Long.numberOfLeadingZeros(factHi);
            shift -= fs;
            fact >>>= fs;
        }
        return mulU64U32Shr(delta, fact, shift);
    }

    /** calc_delta_fair(): {@code delta} scaled by NICE_0_LOAD / the task's weight. */
    public static long calcDeltaFair(long delta, int weight, long inverseWeight) {
        if (weight == NICE_0_LOAD) return delta;
        return calcDelta(delta, NICE_0_LOAD, inverseWeight);
    }

    /** mul_u64_u32_shr() (include/linux/math64.h): (a * mul) >> shift with a 96-bit product. */
    public static long mulU64U32Shr(long a, long mul, int shift) {
        long hi = Math.unsignedMultiplyHigh(a, mul);
        long lo = a * mul;
        if (shift == 0) return lo;
        return (lo >>> shift) | (hi << (64 - shift));
    }

    /**
     * The factor Linux scales its scheduler tunables by (kernel/sched/fair.c
     * get_update_sysctl_factor(), SCHED_TUNABLESCALING_LOG): 1 + ilog2(min(ncpus, 8)).
     */
    public static int tunableFactor(int ncpus) {
        int n = Math.min(ncpus, 8);
        return 1 + (31 - Integer.numberOfLeadingZeros(n));
    }
}
