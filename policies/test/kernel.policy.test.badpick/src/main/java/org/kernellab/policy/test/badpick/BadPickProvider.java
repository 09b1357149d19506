package org.kernellab.policy.test.badpick;

import java.util.Map;

import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Component;

/** The {@code badpick} provider: a broken policy for the ejection tests. */
@Component(service = PolicyProvider.class, property = "sched.policy=badpick")
public final class BadPickProvider implements PolicyProvider {
    @Override public String name() { return "badpick"; }

    @Override public String description() { return "test: a global FIFO that picks a task it saw go to sleep"; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, java.util.List.of()).done();
        return new BadPick(host);
    }
}
