package org.kernellab.policy.test.loops;

import java.util.Map;

import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code loops} provider: a broken policy for the livelock test. */
@Component(service = PolicyProvider.class, property = "sched.policy=loops")
public final class LoopsProvider implements PolicyProvider {
    @Override public String name() { return "loops"; }

    @Override public String description() { return "test: pick kicks the other CPUs and returns nothing, for ever"; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, java.util.List.of()).done();
        return new Loops(host);
    }
}
