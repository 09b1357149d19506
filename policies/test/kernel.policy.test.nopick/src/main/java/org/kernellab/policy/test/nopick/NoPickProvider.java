package org.kernellab.policy.test.nopick;

import java.util.Map;

import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code nopick} provider: a broken policy for the watchdog test. */
@Component(service = PolicyProvider.class, property = "sched.policy=nopick")
public final class NoPickProvider implements PolicyProvider {
    @Override public String name() { return "nopick"; }

    @Override public String description() { return "test: queues every task and never picks one"; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, java.util.List.of()).done();
        return new NoPick();
    }
}
