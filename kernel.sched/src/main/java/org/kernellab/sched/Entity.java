package org.kernellab.sched;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.SchedMath;
import org.kernellab.api.sched.SchedTask;
import org.kernellab.api.sched.core.KTask;

/**
 * The scheduler's per-task state (task_struct.se, .rt, .dl and .scx in one), kept in the
 * machine's task through {@link KTask#se}. It is also what a policy sees of the task
 * ({@link SchedTask}). Guarded by the machine's baton, like everything the scheduler touches.
 */
final class Entity implements SchedTask {
    final KTask task;
    /** The class that holds the task now. */
    SchedClassImpl cls;
    /** task_on_rq_queued(): waiting on a runqueue (the running task is not queued). */
    boolean onRq;
    /** The runqueue the task is queued on, or ran on last. */
    int rqCpu;
    /** True once wake_up_new_task placed the task: a later change of CPU is a migration. */
    boolean placed;
    /** Creation order within the machine: the deterministic tie-breaker of every ordered queue. */
    final long seq;

    // ---- fair (EEVDF, kernel/sched/fair.c): guarded by the runqueue the entity is on ----
    int weight;
    long invWeight;
    long vruntime;
    long deadline;
    long vlag;
    long slice;
    /** sum_exec_runtime at the last update_curr. */
    long execSeen;
    /** The entity's node in the fair trees (EevdfTree), or -1 before its first insertion. */
    int slot = -1;

    // ---- rt (kernel/sched/rt.c) ----
    long rtSliceLeft;

    // ---- deadline (kernel/sched/deadline.c) ----
    long dlRuntime;
    long dlDeadline;
    boolean dlThrottled;
    /** Not activated since fork or sched_setattr (dl_se->dl_new in older kernels). */
    boolean dlNew;
    long dlTimer = -1;
    /** to_ratio(period, runtime): the bandwidth this task holds in admission control. */
    long dlBw;

    // ---- the swappable policy (kernel/sched/ext.c) ----
    Object policyData;
    /** Queued with the policy (the core's own record, checked against every pick). */
    boolean extQueued;
    /** When the task last became queued with the policy, and the higher-class busy time then (the watchdog's clock). */
    long extWaitSince;
    long extBusyAtWait;
    long jobRelease;
    /** Between ops.runnable and ops.quiescent. */
    boolean extRunnable;
    private final Core owner;

    Entity(KTask task, long seq, Core owner) {
        this.owner = owner;
        this.task = task;
        this.seq = seq;
        this.rqCpu = task.cpu();
        reweight();
    }

    SchedAttr attr() { return task.attr(); }

    /** The scheduler core (machine) the entity belongs to. */
    Core core() { return owner; }

    /** set_load_weight() (kernel/sched/core.c): SCHED_IDLE tasks weigh WEIGHT_IDLEPRIO. */
    void reweight() {
        SchedAttr a = task.attr();
        if (a.policy == SchedPolicy.IDLE) {
            weight = SchedMath.WEIGHT_IDLEPRIO;
            invWeight = SchedMath.WMULT_IDLEPRIO;
        } else {
            weight = SchedMath.weight(a.nice);
            invWeight = SchedMath.inverseWeight(a.nice);
        }
    }

    // ---- SchedTask, the policy's view ----
    @Override public int pid() { return task.pid(); }
    @Override public String comm() { return task.comm(); }
    @Override public SchedPolicy policy() { return task.attr().policy; }
    @Override public int nice() { return task.attr().nice; }
    @Override public int staticPrio() { return 120 + task.attr().nice; }
    @Override public int weight() { return weight; }
    @Override public long expectedRunNs() { return task.attr().expectedRunNs; }
    @Override public int tickets() { return task.attr().tickets; }
    @Override public long periodNs() { return task.attr().periodNs; }
    @Override public long deadlineNs() { return task.attr().deadlineNs; }
    @Override public long jobReleaseNs() { return jobRelease; }

    @Override
    public long jobDeadlineNs() {
        SchedAttr a = task.attr();
        long rel = a.deadlineNs != 0 ? a.deadlineNs : a.periodNs;
        return rel == 0 ? Long.MAX_VALUE : jobRelease + rel;
    }

    @Override public long affinity() { return task.affinity(); }
    @Override public int cpu() { return task.cpu(); }
    @Override public long sumExecNs() { return task.sumExecNs(); }
    @Override public long startNs() { return task.startNs(); }
    @Override public boolean isKernelThread() { return task.isKernelThread(); }
    @Override public Object policyData() { return policyData; }
    @Override public void policyData(Object data) { this.policyData = data; }

    @Override public String toString() { return task.comm() + "[" + task.pid() + "]"; }
}
