package org.kernellab.policy.test.badpick;

import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code badpick} provider: a broken policy for the ejection tests. */
@Component(service = PolicyProvider.class, property = "sched.policy=badpick")
public final class BadPickProvider extends AbstractPolicyProvider {
    public BadPickProvider() {
        super("badpick", "test: a global FIFO that picks a task it saw go to sleep");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return BadPick::new;
    }
}
