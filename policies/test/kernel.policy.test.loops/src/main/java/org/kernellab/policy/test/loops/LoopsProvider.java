package org.kernellab.policy.test.loops;

import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code loops} provider: a broken policy for the livelock test. */
@Component(service = PolicyProvider.class, property = "sched.policy=loops")
public final class LoopsProvider extends AbstractPolicyProvider {
    public LoopsProvider() {
        super("loops", "test: pick kicks the other CPUs and returns nothing, for ever");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return Loops::new;
    }
}
