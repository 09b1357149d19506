package org.kernellab.api.workload;

/**
 * The simulated machine a workload runs on, as {@code kernel:config} sets it: the number of
 * CPUs (1..64), the tick rate HZ (10..10000; Linux uses 100, 250, 300 or 1000), the seed of
 * the machine's random generator, and the {@link Costs}.
 */
public record Machine(int cpus, int hz, long seed, Costs costs) {
    /** KernelLab's default CPU count ({@code kernel:config cpus}). */
    public static final int DEFAULT_CPUS = 2;
    /** KernelLab's default HZ ({@code kernel:config hz}). */
    public static final int DEFAULT_HZ = 250;
    /** KernelLab's default seed ({@code kernel:config seed}). */
    public static final long DEFAULT_SEED = 1;
    /** 2 CPUs, HZ 250, seed 1, no costs: a workload's machine when it gives none. */
    public static final Machine DEFAULT = new Machine(DEFAULT_CPUS, DEFAULT_HZ, DEFAULT_SEED, Costs.NONE);
    /** The most CPUs KernelLab simulates (an affinity mask is a {@code long}). */
    public static final int MAX_CPUS = 64;

    public Machine {
        if (cpus < 1 || cpus > MAX_CPUS) throw new IllegalArgumentException("cpus " + cpus + " is out of range 1..64");
        if (!validHz(hz)) throw new IllegalArgumentException("hz " + hz + " is out of range 10..10000");
        if (costs == null) throw new IllegalArgumentException("costs must not be null; use Costs.NONE");
    }

    /** The same machine with another seed. */
    public Machine withSeed(long s) {
        return new Machine(cpus, hz, s, costs);
    }

    /** True for a tick rate the machine accepts: 10..10000. */
    public static boolean validHz(int hz) {
        return hz >= 10 && hz <= 10_000;
    }

    /**
     * The tick period at {@code hz}, in ns: Linux's TICK_NSEC, {@code (NSEC_PER_SEC + HZ/2) / HZ}
     * (include/vdso/jiffies.h), which the periodic tick device is programmed with. Exact when HZ
     * divides 10^9; at HZ=300 it is 3,333,333 ns, so 300 ticks take 100 ns less than a second,
     * as on Linux, where timekeeping, not the tick, keeps the clock.
     */
    public static long tickNs(int hz) {
        if (hz <= 0) throw new IllegalArgumentException("hz " + hz + " must be positive");
        return (1_000_000_000L + hz / 2) / hz;
    }

    /**
     * The instant of the {@code k}-th periodic tick at {@code hz}, in ns from the tick's origin:
     * {@code floor(k * 10^9 / hz)}. When HZ does not divide 10^9 (HZ=300) no integer period is
     * exact, so the fraction of a nanosecond is carried from tick to tick instead of dropped, as
     * Linux's timekeeping carries it (kernel/time/ntp.c keeps tick_length in 32.32 fixed-point ns,
     * kernel/time/timekeeping.c accumulates the remainder): periods of 3,333,333 and 3,333,334 ns
     * alternate, the 300th tick falls on the second, and jiffies never drift from the clock.
     * Equal to {@code k * tickNs(hz)} when HZ divides 10^9. No overflow for any {@code k >= 0}.
     */
    public static long tickAt(int hz, long k) {
        if (hz <= 0) throw new IllegalArgumentException("hz " + hz + " must be positive");
        if (k < 0) throw new IllegalArgumentException("tick " + k + " is negative");
        return (k / hz) * 1_000_000_000L + (k % hz) * 1_000_000_000L / hz;
    }

    /** The mask of every CPU of this machine: bit n for CPU n. */
    public long allCpusMask() {
        return cpus == 64 ? -1L : (1L << cpus) - 1;
    }
}
