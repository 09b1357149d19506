package org.kernellab.api;

import java.util.Objects;

/**
 * A task's scheduling attributes, as {@code struct sched_attr} has them
 * (include/uapi/linux/sched/types.h), plus the hints that teaching policies need. Immutable;
 * each {@code with} method returns a validated copy, and a bad value is refused with its field
 * named.
 *
 * <ul>
 * <li>{@code nice} (-20..19) for NORMAL, BATCH and IDLE.</li>
 * <li>{@code rtPriority} (1..99) for FIFO and RR; 0 otherwise.</li>
 * <li>{@code runtimeNs}, {@code deadlineNs}, {@code periodNs} for DEADLINE (sched_dl_entity's
 *     dl_runtime, dl_deadline, dl_period). For other policies {@code deadlineNs} and
 *     {@code periodNs} are hints for the periodic policies ({@code edf}, {@code rm}).</li>
 * <li>{@code expectedRunNs}: the expected run length, a hint for {@code sjf} and {@code stcf}
 *     (0: unknown).</li>
 * <li>{@code tickets}: lottery and stride tickets (default 100).</li>
 * </ul>
 */
public final class SchedAttr {
    /** MAX_RT_PRIO - 1 (include/linux/sched/prio.h). */
    public static final int MAX_RT_PRIORITY = 99;
    public static final int DEFAULT_TICKETS = 100;

    public final SchedPolicy policy;
    public final int nice;
    public final int rtPriority;
    public final long runtimeNs;
    public final long deadlineNs;
    public final long periodNs;
    public final long expectedRunNs;
    public final int tickets;

    private SchedAttr(SchedPolicy policy, int nice, int rtPriority, long runtimeNs, long deadlineNs, long periodNs,
                      long expectedRunNs, int tickets) {
        if (policy == null) throw new IllegalArgumentException("policy must not be null");
        if (nice < -20 || nice > 19) throw new IllegalArgumentException("nice " + nice + " is out of range -20..19");
        if (policy.isRealtime()) {
            if (rtPriority < 1 || rtPriority > MAX_RT_PRIORITY) {
                throw new IllegalArgumentException("priority " + rtPriority + " is out of range 1..99 for SCHED_" + policy);
            }
        } else if (rtPriority != 0) {
            throw new IllegalArgumentException("priority " + rtPriority + " must be 0 for SCHED_" + policy + " (only FIFO and RR have one)");
        }
        if (runtimeNs < 0) throw new IllegalArgumentException("runtime " + runtimeNs + " ns is negative");
        if (deadlineNs < 0) throw new IllegalArgumentException("deadline " + deadlineNs + " ns is negative");
        if (periodNs < 0) throw new IllegalArgumentException("period " + periodNs + " ns is negative");
        if (policy == SchedPolicy.DEADLINE) {
            // kernel/sched/deadline.c __checkparam_dl(): 0 < runtime <= deadline <= period (period 0 means deadline);
            // runtime of at least 1 << DL_SCALE (1024) ns
            long period = periodNs == 0 ? deadlineNs : periodNs;
            if (runtimeNs < 1024) throw new IllegalArgumentException("runtime " + runtimeNs + " ns must be at least 1024 ns for SCHED_DEADLINE");
            if (deadlineNs < runtimeNs) throw new IllegalArgumentException("deadline " + deadlineNs + " ns must be at least the runtime " + runtimeNs + " ns");
            if (period < deadlineNs) throw new IllegalArgumentException("period " + period + " ns must be at least the deadline " + deadlineNs + " ns");
            periodNs = period;
        }
        if (expectedRunNs < 0) throw new IllegalArgumentException("expected run length " + expectedRunNs + " ns is negative");
        if (tickets < 1) throw new IllegalArgumentException("tickets " + tickets + " must be at least 1");
        this.policy = policy;
        this.nice = nice;
        this.rtPriority = rtPriority;
        this.runtimeNs = runtimeNs;
        this.deadlineNs = deadlineNs;
        this.periodNs = periodNs;
        this.expectedRunNs = expectedRunNs;
        this.tickets = tickets;
    }

    /** SCHED_NORMAL at nice 0. */
    public static SchedAttr normal() {
        return new SchedAttr(SchedPolicy.NORMAL, 0, 0, 0, 0, 0, 0, DEFAULT_TICKETS);
    }

    /** SCHED_FIFO at {@code priority} (1..99). */
    public static SchedAttr fifo(int priority) {
        return new SchedAttr(SchedPolicy.FIFO, 0, priority, 0, 0, 0, 0, DEFAULT_TICKETS);
    }

    /** SCHED_RR at {@code priority} (1..99). */
    public static SchedAttr rr(int priority) {
        return new SchedAttr(SchedPolicy.RR, 0, priority, 0, 0, 0, 0, DEFAULT_TICKETS);
    }

    /** SCHED_DEADLINE: runtime within each period, due {@code deadlineNs} after each activation. */
    public static SchedAttr deadline(long runtimeNs, long deadlineNs, long periodNs) {
        return new SchedAttr(SchedPolicy.DEADLINE, 0, 0, runtimeNs, deadlineNs, periodNs, 0, DEFAULT_TICKETS);
    }

    /** The same attributes under another policy; the priority becomes {@code rtPriority}. */
    public SchedAttr withPolicy(SchedPolicy p, int rtPriority) {
        return new SchedAttr(p, nice, rtPriority, runtimeNs, deadlineNs, periodNs, expectedRunNs, tickets);
    }

    public SchedAttr withNice(int n) {
        return new SchedAttr(policy, n, rtPriority, runtimeNs, deadlineNs, periodNs, expectedRunNs, tickets);
    }

    /** The periodic hints of the edf and rm policies (for SCHED_DEADLINE use {@link #deadline}). */
    public SchedAttr withPeriod(long periodNs, long relativeDeadlineNs) {
        return new SchedAttr(policy, nice, rtPriority, runtimeNs, relativeDeadlineNs, periodNs, expectedRunNs, tickets);
    }

    public SchedAttr withExpectedRun(long ns) {
        return new SchedAttr(policy, nice, rtPriority, runtimeNs, deadlineNs, periodNs, ns, tickets);
    }

    public SchedAttr withTickets(int n) {
        return new SchedAttr(policy, nice, rtPriority, runtimeNs, deadlineNs, periodNs, expectedRunNs, n);
    }

    /**
     * The kernel's priority (task_struct.prio, include/linux/sched/prio.h): -1 for DEADLINE,
     * 99 - rt_priority for FIFO and RR, 120 + nice otherwise. Lower runs first.
     */
    public int prio() {
        if (policy == SchedPolicy.DEADLINE) return -1;
        if (policy.isRealtime()) return MAX_RT_PRIORITY - rtPriority;
        return 120 + nice;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchedAttr a && a.policy == policy && a.nice == nice && a.rtPriority == rtPriority
                && a.runtimeNs == runtimeNs && a.deadlineNs == deadlineNs && a.periodNs == periodNs
                && a.expectedRunNs == expectedRunNs && a.tickets == tickets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, nice, rtPriority, runtimeNs, deadlineNs, periodNs, expectedRunNs, tickets);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SCHED_").append(policy);
        if (policy.isRealtime()) sb.append(" priority ").append(rtPriority);
        else if (policy == SchedPolicy.DEADLINE) {
            sb.append(" runtime ").append(runtimeNs).append(" deadline ").append(deadlineNs).append(" period ").append(periodNs);
        } else sb.append(" nice ").append(nice);
        return sb.toString();
    }
}
