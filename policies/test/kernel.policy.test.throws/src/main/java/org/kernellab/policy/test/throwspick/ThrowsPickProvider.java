package org.kernellab.policy.test.throwspick;

import java.util.Map;

import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code throwspick} provider: a broken policy for the ejection tests. */
@Component(service = PolicyProvider.class, property = "sched.policy=throwspick")
public final class ThrowsPickProvider implements PolicyProvider {
    @Override public String name() { return "throwspick"; }

    @Override public String description() { return "test: a global FIFO whose pick throws after " + ThrowsPick.GOOD_PICKS + " picks"; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, java.util.List.of()).done();
        return new ThrowsPick(host);
    }
}
