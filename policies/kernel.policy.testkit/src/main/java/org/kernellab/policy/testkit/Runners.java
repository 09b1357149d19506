package org.kernellab.policy.testkit;

import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.core.Runner;
import org.kernellab.sched.SchedulerService;

/**
 * The workload runner outside OSGi, for tests of modules that run workloads: kernel.sched's
 * scheduler service with the named policy bundles' providers, made as DS would make them with
 * their default configuration. The policy jars must be on the test classpath.
 */
public final class Runners {
    private Runners() {}

    /** A runner offering {@code fair} and each named policy. */
    public static WorkloadRunner runner(String... policies) {
        SchedulerService svc = new SchedulerService();
        for (String p : policies) svc.addProvider(provider(p));
        return new Runner(svc);
    }

    /** The provider of policy bundle {@code kernel.policy.<name>}, by its naming rule ({@code <Name>Provider}); constructors are package-private, hence reflection. */
    public static PolicyProvider provider(String name) {
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
