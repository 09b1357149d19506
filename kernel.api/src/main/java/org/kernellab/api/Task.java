package org.kernellab.api;

import org.osgi.annotation.versioning.ProviderType;

/** A handle on a simulated task (a kernel thread, a user process or an idle task). */
@ProviderType
public interface Task {
    int pid();
    String comm();
    TaskState state();
    int nice();
    /** The CPU the task last ran on, or is queued on. */
    int cpu();
    boolean isIdle();
    boolean isKernelThread();
    /** The scheduling attributes (policy, nice, rt priority, deadline parameters, hints). */
    SchedAttr attr();
    /** The CPUs the task may run on, bit n = CPU n. */
    long affinity();
}
