package org.kernellab.core;

/**
 * The interrupt cost model: the virtual time the machine spends on each interrupt's entry, on
 * each handler, on each softirq action it runs, and on its exit. A handler or softirq action
 * that computes for itself is charged its own time, and the default only up to that figure.
 * Charged in the context Linux spends it in: entry, handlers and exit in hard-IRQ context with
 * interrupts off, softirq actions in softirq context; the time counts as the CPU's irq time.
 *
 * <p>Models, by name ({@link #parse}):
 * <ul>
 * <li>{@code none}: every interrupt is free, the machine of the comparison modes (they keep
 *     their own costs, {@code machine.costs} of a workload).</li>
 * <li>{@code typical} (the console machine's default): entry 1 us, handler 2 us, softirq
 *     action 1 us, exit 0.5 us. Round figures for teaching, of the order of the direct cost of
 *     an interrupt on x86 (a few microseconds for entry, a trivial handler and exit:
 *     D. Tsafrir, "The context-switch overhead inflicted by hardware interrupts", ExpCS 2007),
 *     chosen so that a handler is a visible slice; they are not measurements of any machine.</li>
 * <li>{@code <entry>,<handler>,<softirq>,<exit>}: four durations in ns, e.g. {@code 1000,2000,1000,500}.</li>
 * </ul>
 */
record IrqCost(String name, long entryNs, long handlerNs, long softirqNs, long exitNs) {
    static final IrqCost NONE = new IrqCost("none", 0, 0, 0, 0);
    static final IrqCost TYPICAL = new IrqCost("typical", 1_000, 2_000, 1_000, 500);

    IrqCost {
        if (entryNs < 0 || handlerNs < 0 || softirqNs < 0 || exitNs < 0) {
            throw new IllegalArgumentException("irqcost " + name + ": a cost is negative");
        }
    }

    boolean free() {
        return entryNs == 0 && handlerNs == 0 && softirqNs == 0 && exitNs == 0;
    }

    /** {@code none}, {@code typical}, or four ns figures {@code entry,handler,softirq,exit}. */
    static IrqCost parse(String s) {
        if (s == null) throw new IllegalArgumentException("irqcost must be none, typical or entry,handler,softirq,exit in ns");
        String v = s.trim().toLowerCase();
        if (v.equals(NONE.name)) return NONE;
        if (v.equals(TYPICAL.name)) return TYPICAL;
        String[] f = v.split(",");
        if (f.length != 4) {
            throw new IllegalArgumentException("irqcost \"" + s + "\" is not none, typical or four ns figures entry,handler,softirq,exit (e.g. 1000,2000,1000,500)");
        }
        long[] ns = new long[4];
        for (int i = 0; i < 4; i++) {
            try {
                ns[i] = Long.parseLong(f[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("irqcost \"" + s + "\": \"" + f[i].trim() + "\" is not a whole number of ns");
            }
            if (ns[i] < 0) throw new IllegalArgumentException("irqcost \"" + s + "\": \"" + f[i].trim() + "\" is negative");
        }
        IrqCost c = new IrqCost(ns[0] + "," + ns[1] + "," + ns[2] + "," + ns[3], ns[0], ns[1], ns[2], ns[3]);
        if (c.free()) return NONE;
        return c.equals(new IrqCost(c.name, TYPICAL.entryNs, TYPICAL.handlerNs, TYPICAL.softirqNs, TYPICAL.exitNs)) ? TYPICAL : c;
    }

    @Override
    public String toString() {
        return name;
    }
}
