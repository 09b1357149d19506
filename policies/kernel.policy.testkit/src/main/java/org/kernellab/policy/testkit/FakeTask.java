package org.kernellab.policy.testkit;

import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.SchedMath;
import org.kernellab.api.sched.SchedTask;

/**
 * A task for driving a policy op by op, without a machine: every field a policy may read is
 * public and set by the test. By default it is a nice-0 SCHED_NORMAL task with 100 tickets and no
 * hints, allowed on every CPU, on no CPU yet, created at 0 and never run. Its weight follows its
 * nice value and policy as the core's does (3 for SCHED_IDLE).
 */
public class FakeTask implements SchedTask {
    public final int pid;
    public final String comm;
    public SchedPolicy policy = SchedPolicy.NORMAL;
    public int nice;
    public int tickets = 100;
    public long expectedRunNs;
    public long periodNs;
    public long deadlineNs;
    /** The current job's release, ns. */
    public long releaseNs;
    public long affinity = -1L;
    public int cpu = -1;
    public long sumExec;
    /** When the task was created, ns. */
    public long start;
    public boolean kernelThread;
    /** The policy's per-task data. */
    public Object data;

    public FakeTask(int pid, String comm) {
        this.pid = pid;
        this.comm = comm;
    }

    @Override public int pid() { return pid; }
    @Override public String comm() { return comm; }
    @Override public SchedPolicy policy() { return policy; }
    @Override public int nice() { return nice; }
    @Override public int staticPrio() { return 120 + nice; }
    @Override public int weight() { return policy == SchedPolicy.IDLE ? SchedMath.WEIGHT_IDLEPRIO : SchedMath.weight(nice); }
    @Override public long expectedRunNs() { return expectedRunNs; }
    @Override public int tickets() { return tickets; }
    @Override public long periodNs() { return periodNs; }
    @Override public long deadlineNs() { return deadlineNs; }
    @Override public long jobReleaseNs() { return releaseNs; }

    /** release + relative deadline (or period), as the core's; Long.MAX_VALUE without either. */
    @Override
    public long jobDeadlineNs() {
        long rel = deadlineNs != 0 ? deadlineNs : periodNs;
        return rel == 0 ? Long.MAX_VALUE : jobReleaseNs() + rel;
    }

    @Override public long affinity() { return affinity; }
    @Override public int cpu() { return cpu; }
    @Override public long sumExecNs() { return sumExec; }
    @Override public long startNs() { return start; }
    @Override public boolean isKernelThread() { return kernelThread; }
    @Override public Object policyData() { return data; }
    @Override public void policyData(Object d) { data = d; }
    @Override public String toString() { return comm; }
}
