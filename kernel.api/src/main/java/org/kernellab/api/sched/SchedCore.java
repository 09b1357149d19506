package org.kernellab.api.sched;

import org.osgi.annotation.versioning.ProviderType;

/** What a scheduling class may read of the machine. Implemented by the core; read-only. */
@ProviderType
public interface SchedCore {
    int nrCpus();

    /** True if the CPU is running its idle task. */
    boolean isIdle(int cpu);

    /** The CPU's virtual clock, in ns. */
    long clock(int cpu);

    /** The tick period, in ns. */
    long tickNs();
}
