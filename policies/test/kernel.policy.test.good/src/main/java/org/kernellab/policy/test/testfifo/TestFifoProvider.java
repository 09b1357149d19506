package org.kernellab.policy.test.testfifo;

import java.util.Map;
import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code testfifo} provider. Each activation of the component (a bundle start, or the new
 * revision after an update) is a new provider object with a new {@code component.id}, which its
 * description and every policy it makes name, so that a test can tell the revisions apart in
 * {@code sched:list} and in the kernel log.
 */
@Component(service = PolicyProvider.class, property = "sched.policy=testfifo")
public final class TestFifoProvider extends AbstractPolicyProvider {
    static final long DEFAULT_SLICE_NS = 4_000_000L;

    private final String instance;

    @Activate
    public TestFifoProvider(Map<String, Object> properties) {
        this("component " + properties.get("component.id"));
    }

    private TestFifoProvider(String instance) {
        super("testfifo", "test: a global FIFO with a time slice, for the swap-path tests (" + instance + ")", "slice", "kick_own_cpu");
        this.instance = instance;
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        long slice = params.durationNs("slice", DEFAULT_SLICE_NS, 100_000L);
        boolean kickOwnCpu = params.boolValue("kick_own_cpu", false);
        return host -> new TestFifo(host, slice, kickOwnCpu, instance);
    }
}
