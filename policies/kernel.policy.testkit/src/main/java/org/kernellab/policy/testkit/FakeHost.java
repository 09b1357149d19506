package org.kernellab.policy.testkit;

import java.util.SplittableRandom;

import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * A host for driving a policy op by op: its clock is {@link #now}, which the test moves (every
 * CPU's clock is the same), the tick is 1 ms, and it records the last {@code preemptAfter}.
 * By default every CPU runs a task of a higher class (not idle, no current task of the policy)
 * and kicks are ignored; a driver that runs tasks itself overrides {@link #isIdle},
 * {@link #current}, {@link #kick} and {@link #preemptAfter}.
 */
public class FakeHost implements PolicyHost {
    public final int nrCpus;
    public final long tickNs;
    public long now;
    /** The {@code ns} of the last {@link #preemptAfter}; -1 before the first. */
    public long preemptAfterNs = -1;
    /** The generator {@link #random} returns, every time: seeded 1. */
    public final SplittableRandom random = new SplittableRandom(1);

    public FakeHost(int nrCpus, long tickNs) {
        this.nrCpus = nrCpus;
        this.tickNs = tickNs;
    }

    /** One CPU, a 1 ms tick. */
    public FakeHost() {
        this(1, 1_000_000L);
    }

    @Override public int nrCpus() { return nrCpus; }
    @Override public long now() { return now; }
    @Override public long clock(int cpu) { return now; }
    @Override public long tickNs() { return tickNs; }
    @Override public boolean isIdle(int cpu) { return false; }
    @Override public SchedTask current(int cpu) { return null; }
    @Override public void kick(int cpu) {}
    @Override public void preemptAfter(int cpu, long ns) { preemptAfterNs = ns; }
    @Override public SplittableRandom random() { return random; }
    @Override public void log(String message) {}
}
