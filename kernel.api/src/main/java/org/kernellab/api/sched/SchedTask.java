package org.kernellab.api.sched;

import org.kernellab.api.SchedPolicy;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a policy sees of a task. Implemented by the scheduler core, which owns every field;
 * a policy keeps its own per-task data in {@link #policyData()}, which the core clears when
 * the task leaves the policy. Read it only from inside a policy op.
 */
@ProviderType
public interface SchedTask {
    int pid();
    String comm();
    SchedPolicy policy();
    /** -20..19. */
    int nice();
    /** static_prio = 120 + nice (include/linux/sched/prio.h). */
    int staticPrio();
    /** sched_prio_to_weight[nice + 20]; an IDLE-policy task weighs 3 (WEIGHT_IDLEPRIO). */
    int weight();
    /** The expected run length hint for sjf and stcf, ns; 0 when unknown. */
    long expectedRunNs();
    /** Lottery and stride tickets (default 100). */
    int tickets();
    /** The period hint of periodic tasks (edf, rm), ns; 0 when the task is not periodic. */
    long periodNs();
    /** The relative deadline hint of periodic tasks, ns; 0 when none (then the period is the deadline). */
    long deadlineNs();
    /** When the task's current job was released: its last wakeup (or creation), ns. */
    long jobReleaseNs();
    /** The absolute deadline of the current job: release + relative deadline (or period); Long.MAX_VALUE when none. */
    long jobDeadlineNs();
    /** The CPUs the task may run on, bit n = CPU n. */
    long affinity();
    default boolean allowed(int cpu) { return (affinity() & (1L << cpu)) != 0; }
    /** The CPU the task ran on last, or is queued on. */
    int cpu();
    /** Total CPU time the task has used, ns (sum_exec_runtime). */
    long sumExecNs();
    /** When the task was created, ns of virtual time. */
    long startNs();
    boolean isKernelThread();
    /** The policy's own per-task data; null when the task joins. */
    Object policyData();
    void policyData(Object data);
}
