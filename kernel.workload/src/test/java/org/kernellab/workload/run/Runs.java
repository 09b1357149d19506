package org.kernellab.workload.run;

import java.util.List;

import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.core.Runner;
import org.kernellab.sched.SchedulerService;

/** A workload runner outside OSGi: the scheduler core with every policy bundle's provider, as DS would make them. */
final class Runs {
    static final List<String> POLICIES = List.of("fifo", "rr", "sjf", "stcf", "mlfq", "lottery", "stride", "o1", "cfs", "edf", "rm", "simple");

    private Runs() {}

    static WorkloadRunner runner() {
        SchedulerService svc = new SchedulerService();
        for (String p : POLICIES) svc.addProvider(provider(p));
        return new Runner(svc);
    }

    private static PolicyProvider provider(String name) {
        String cls = "org.kernellab.policy." + name + "." + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Provider";
        try {
            var ctor = Class.forName(cls).getDeclaredConstructor();
            ctor.setAccessible(true);
            return (PolicyProvider) ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("policy provider " + cls + ": " + e, e);
        }
    }
}
