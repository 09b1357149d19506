package org.kernellab.policy.lottery;

import java.util.SplittableRandom;

import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/** One CPU that only records what the policy asks, for driving the policy op by op. */
final class FakeHost implements PolicyHost {
    long now;
    long preemptAfterNs = -1;
    final SplittableRandom random = new SplittableRandom(1);

    @Override public int nrCpus() { return 1; }
    @Override public long now() { return now; }
    @Override public long clock(int cpu) { return now; }
    @Override public long tickNs() { return 1_000_000L; }
    @Override public boolean isIdle(int cpu) { return false; }
    @Override public SchedTask current(int cpu) { return null; }
    @Override public void kick(int cpu) {}
    @Override public void preemptAfter(int cpu, long ns) { preemptAfterNs = ns; }
    @Override public SplittableRandom random() { return random; }
    @Override public void log(String message) {}

    /** A task with a pid and tickets. */
    static final class Task implements SchedTask {
        final int pid;
        final int tickets;
        Object data;

        Task(int pid, int tickets) {
            this.pid = pid;
            this.tickets = tickets;
        }

        @Override public int pid() { return pid; }
        @Override public String comm() { return "job" + pid; }
        @Override public SchedPolicy policy() { return SchedPolicy.NORMAL; }
        @Override public int nice() { return 0; }
        @Override public int staticPrio() { return 120; }
        @Override public int weight() { return 1024; }
        @Override public long expectedRunNs() { return 0; }
        @Override public int tickets() { return tickets; }
        @Override public long periodNs() { return 0; }
        @Override public long deadlineNs() { return 0; }
        @Override public long jobReleaseNs() { return 0; }
        @Override public long jobDeadlineNs() { return Long.MAX_VALUE; }
        @Override public long affinity() { return 1; }
        @Override public int cpu() { return 0; }
        @Override public long sumExecNs() { return 0; }
        @Override public long startNs() { return 0; }
        @Override public boolean isKernelThread() { return false; }
        @Override public Object policyData() { return data; }
        @Override public void policyData(Object d) { data = d; }
    }
}
