package org.kernellab.api.sched;

import java.util.SplittableRandom;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a policy may read and ask of its machine, as sched_ext's {@code scx_bpf_*} helpers
 * offer. Implemented by the scheduler core; one per machine and policy instance. Call it only
 * from inside a policy op (the simulation's single execution).
 */
@ProviderType
public interface PolicyHost {
    int nrCpus();

    /** The virtual time of the CPU the op runs for, ns. */
    long now();

    /** The clock of {@code cpu} (rq_clock), ns. */
    long clock(int cpu);

    /** The tick period, 1e9 / HZ ns. */
    long tickNs();

    /** True if {@code cpu} runs its idle task. */
    boolean isIdle(int cpu);

    /** The task of this policy running on {@code cpu}, or null (idle, or a task of a higher class). */
    SchedTask current(int cpu);

    /** scx_bpf_kick_cpu(SCX_KICK_PREEMPT): {@code cpu} calls {@link Policy#pick} again as soon as it can. */
    void kick(int cpu);

    /**
     * Preempts the task now running on {@code cpu} once {@code ns} more of virtual time has
     * passed, at that exact instant (an hrtick). A later call replaces the earlier one; a
     * switch on that CPU cancels it. For exact quanta independent of HZ.
     */
    void preemptAfter(int cpu, long ns);

    /** A generator seeded from the machine's seed and the policy's name: the policy's only randomness. */
    SplittableRandom random();

    /** printk at KERN_INFO, prefixed with the policy's name. */
    void log(String message);
}
