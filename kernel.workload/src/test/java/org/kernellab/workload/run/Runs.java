package org.kernellab.workload.run;

import java.util.List;

import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.policy.testkit.Runners;

/** A workload runner outside OSGi with every policy bundle. */
final class Runs {
    static final List<String> POLICIES = List.of("fifo", "rr", "sjf", "stcf", "mlfq", "lottery", "stride", "o1", "cfs", "edf", "rm", "simple");

    private Runs() {}

    static WorkloadRunner runner() {
        return Runners.runner(POLICIES.toArray(new String[0]));
    }
}
