package org.kernellab.policy.test.testfifo;

import java.util.List;
import java.util.Map;

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
public final class TestFifoProvider implements PolicyProvider {
    static final long DEFAULT_SLICE_NS = 4_000_000L;

    private final String instance;

    @Activate
    public TestFifoProvider(Map<String, Object> properties) {
        this.instance = "component " + properties.get("component.id");
    }

    @Override public String name() { return "testfifo"; }

    @Override
    public String description() {
        return "test: a global FIFO with a time slice, for the swap-path tests (" + instance + ")";
    }

    @Override public List<String> parameters() { return List.of("slice", "kick_own_cpu"); }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        PolicyParams p = new PolicyParams(name(), params, parameters());
        long slice = p.durationNs("slice", DEFAULT_SLICE_NS, 100_000L);
        boolean kickOwnCpu = p.boolValue("kick_own_cpu", false);
        p.done();
        return new TestFifo(host, slice, kickOwnCpu, instance);
    }
}
