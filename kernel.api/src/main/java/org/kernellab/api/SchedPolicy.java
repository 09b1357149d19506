package org.kernellab.api;

/**
 * Linux's scheduling policies, with their numbers from include/uapi/linux/sched.h. NORMAL,
 * BATCH and IDLE tasks belong to the fair class, or to the swappable policy while one is
 * enabled (as sched_ext takes them); FIFO and RR to the rt class; DEADLINE to the deadline class.
 */
public enum SchedPolicy {
    NORMAL(0), FIFO(1), RR(2), BATCH(3), IDLE(5), DEADLINE(6);

    private final int number;

    SchedPolicy(int number) { this.number = number; }

    /** SCHED_NORMAL is 0, SCHED_FIFO 1, ... as sched_setattr() takes them. */
    public int number() { return number; }

    /** True for SCHED_FIFO and SCHED_RR. */
    public boolean isRealtime() { return this == FIFO || this == RR; }

    /** True for the policies the fair class (or a swappable policy) schedules. */
    public boolean isFair() { return this == NORMAL || this == BATCH || this == IDLE; }

    /** Parses {@code normal}, {@code other}, {@code SCHED_FIFO}, {@code rr}, ...; throws naming the value. */
    public static SchedPolicy parse(String s) {
        if (s == null) throw new IllegalArgumentException("policy must not be empty; use normal, batch, idle, fifo, rr or deadline");
        String n = s.trim().toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("SCHED_")) n = n.substring(6);
        if (n.equals("OTHER")) n = "NORMAL";
        for (SchedPolicy p : values()) if (p.name().equals(n)) return p;
        throw new IllegalArgumentException("policy \"" + s + "\" is unknown; use normal, batch, idle, fifo, rr or deadline");
    }
}
