package org.kernellab.ostep.internal;

import java.util.List;

import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.core.Runner;
import org.kernellab.sched.SchedulerService;

/** The workload runner outside OSGi: kernel.sched's scheduler with the five OSTEP policies' providers, with their defaults. */
final class Runners {
    private Runners() {}

    static WorkloadRunner runner() {
        SchedulerService svc = new SchedulerService();
        for (String p : List.of("fifo", "sjf", "rr", "mlfq", "lottery")) svc.addProvider(provider(p));
        return new Runner(svc);
    }

    /** A provider by its bundle's naming rule; the test constructors are package-private, hence reflection. */
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
