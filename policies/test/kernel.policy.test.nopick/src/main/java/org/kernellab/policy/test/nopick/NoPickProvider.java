package org.kernellab.policy.test.nopick;

import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code nopick} provider: a broken policy for the watchdog test. */
@Component(service = PolicyProvider.class, property = "sched.policy=nopick")
public final class NoPickProvider extends AbstractPolicyProvider {
    public NoPickProvider() {
        super("nopick", "test: queues every task and never picks one");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return host -> new NoPick();
    }
}
