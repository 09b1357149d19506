package org.kernellab.policy.test.throwspick;

import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code throwspick} provider: a broken policy for the ejection tests. */
@Component(service = PolicyProvider.class, property = "sched.policy=throwspick")
public final class ThrowsPickProvider extends AbstractPolicyProvider {
    public ThrowsPickProvider() {
        super("throwspick", "test: a global FIFO whose pick throws after " + ThrowsPick.GOOD_PICKS + " picks");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return ThrowsPick::new;
    }
}
