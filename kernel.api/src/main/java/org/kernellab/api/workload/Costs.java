package org.kernellab.api.workload;

/**
 * The CPU time the machine charges for its own work, in nanoseconds, each at least 0.
 *
 * <ul>
 * <li>{@code switchNs}: each context switch (the switched-to task starts this much later).</li>
 * <li>{@code tickNs}: each scheduler tick on a busy CPU.</li>
 * <li>{@code irqEntryNs}: each hardware interrupt's entry and exit, before its handler runs.</li>
 * </ul>
 *
 * <p>{@link #NONE} is what the reference simulators (OSTEP's scripts, SimSo) assume and what a
 * workload gets when it says nothing. {@link #TYPICAL} is an order of magnitude for a current
 * x86 core (lmbench's {@code lat_ctx} measures 1-3 us per switch), not a measurement.
 */
public record Costs(long switchNs, long tickNs, long irqEntryNs) {
    /** No time for switches, ticks or interrupt entry: JSON {@code "costs": "none"}. */
    public static final Costs NONE = new Costs(0, 0, 0);
    /** 2 us per switch, 1 us per tick, 500 ns per interrupt entry: JSON {@code "costs": "typical"}. */
    public static final Costs TYPICAL = new Costs(2_000, 1_000, 500);

    public Costs {
        if (switchNs < 0) throw new IllegalArgumentException("switch cost " + switchNs + " ns is negative");
        if (tickNs < 0) throw new IllegalArgumentException("tick cost " + tickNs + " ns is negative");
        if (irqEntryNs < 0) throw new IllegalArgumentException("irq entry cost " + irqEntryNs + " ns is negative");
    }

    /** True when every cost is 0. */
    public boolean isNone() {
        return switchNs == 0 && tickNs == 0 && irqEntryNs == 0;
    }
}
