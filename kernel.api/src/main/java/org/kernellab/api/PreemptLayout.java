package org.kernellab.api;

/**
 * The bit layout of {@code preempt_count}, as data, so that more than one kernel era can be
 * reproduced. {@link #LINUX_6} is the layout of include/linux/preempt.h in Linux 6.x;
 * {@link #LINUX_2_6} is the 2.6-era layout the project's teaching material describes
 * (HARDIRQ in bits 16-27, PREEMPT_ACTIVE at bit 28, no separate NMI field).
 *
 * <p>All predicates are pure functions of a count, so they cost a mask and a compare.
 */
public final class PreemptLayout {
    /** Linux 6.x, include/linux/preempt.h. */
    public static final PreemptLayout LINUX_6 = new PreemptLayout("linux-6",
            0x000000ff, 0x0000ff00, 0x000f0000, 0x00f00000, 0, 0x80000000);
    /** Linux 2.6 (pre-2.6.29): 12 HARDIRQ bits, PREEMPT_ACTIVE at bit 28, no NMI field. */
    public static final PreemptLayout LINUX_2_6 = new PreemptLayout("linux-2.6",
            0x000000ff, 0x0000ff00, 0x0fff0000, 0, 0x10000000, 0);

    public final String name;
    public final int preemptMask;
    public final int softirqMask;
    public final int hardirqMask;
    public final int nmiMask;
    /** PREEMPT_ACTIVE (2.6 era), 0 where the layout has none. */
    public final int preemptActive;
    /** PREEMPT_NEED_RESCHED folded into the count (x86, 6.x), 0 where the layout has none. */
    public final int needResched;
    public final int preemptOffset;
    /** SOFTIRQ_OFFSET: serving a softirq. */
    public final int softirqOffset;
    /** SOFTIRQ_DISABLE_OFFSET: local_bh_disable(). */
    public final int softirqDisableOffset;
    public final int hardirqOffset;
    public final int nmiOffset;

    public PreemptLayout(String name, int preemptMask, int softirqMask, int hardirqMask, int nmiMask,
                         int preemptActive, int needResched) {
        this.name = name;
        this.preemptMask = preemptMask;
        this.softirqMask = softirqMask;
        this.hardirqMask = hardirqMask;
        this.nmiMask = nmiMask;
        this.preemptActive = preemptActive;
        this.needResched = needResched;
        this.preemptOffset = Integer.lowestOneBit(preemptMask);
        this.softirqOffset = Integer.lowestOneBit(softirqMask);
        this.softirqDisableOffset = 2 * softirqOffset;
        this.hardirqOffset = Integer.lowestOneBit(hardirqMask);
        this.nmiOffset = nmiMask == 0 ? 0 : Integer.lowestOneBit(nmiMask);
    }

    /** The layout with the given name ("linux-6" or "linux-2.6"). */
    public static PreemptLayout named(String name) {
        if (LINUX_6.name.equals(name)) return LINUX_6;
        if (LINUX_2_6.name.equals(name)) return LINUX_2_6;
        throw new IllegalArgumentException("preempt layout \"" + name + "\" is unknown; use linux-6 or linux-2.6");
    }

    /** The count without the folded need-resched and preempt-active bits. */
    public int count(int pc) { return pc & ~(needResched | preemptActive); }
    public boolean inAtomic(int pc) { return count(pc) != 0; }
    public boolean inHardirq(int pc) { return (pc & hardirqMask) != 0; }
    public boolean inNmi(int pc) { return (pc & nmiMask) != 0; }
    /** softirq_count() != 0: serving a softirq or with bottom halves disabled. */
    public boolean inSoftirq(int pc) { return (pc & softirqMask) != 0; }
    public boolean inServingSoftirq(int pc) { return (pc & softirqMask & softirqOffset) != 0; }
    /** in_interrupt(): hard IRQ, softirq (serving or disabled) or NMI. */
    public boolean inInterrupt(int pc) { return (pc & (nmiMask | hardirqMask | softirqMask)) != 0; }
    /** in_task(): not in NMI, hard IRQ or serving a softirq. */
    public boolean inTask(int pc) { return (pc & (nmiMask | hardirqMask | softirqOffset)) == 0; }
    public int preemptCount(int pc) { return pc & preemptMask; }
    public int hardirqCount(int pc) { return (pc & hardirqMask) / hardirqOffset; }
    public int softirqCount(int pc) { return (pc & softirqMask) / softirqOffset; }

    @Override public String toString() { return name; }
}
