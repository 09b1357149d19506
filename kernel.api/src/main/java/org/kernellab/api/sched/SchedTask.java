package org.kernellab.api.sched;

import org.kernellab.api.Task;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a scheduling class sees of a task. The core owns task state; a class may keep its own
 * per-task data in {@link #policyData()}.
 */
@ProviderType
public interface SchedTask {
    Task task();
    int pid();
    /** -20..19. */
    int nice();
    /** static_prio = 120 + nice (include/linux/sched/prio.h). */
    int staticPrio();
    /** sched_prio_to_weight[nice + 20]. */
    int weight();
    /** The only CPU the task may run on, or -1 for any. */
    int boundCpu();
    /** Total CPU time the task has used, in ns (sum_exec_runtime). */
    long sumExecNs();
    Object policyData();
    void policyData(Object data);
}
