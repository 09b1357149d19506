package org.kernellab.policy.rr;

import java.util.Map;
import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code rr} teaching policy's provider: one parameter, {@code quantum}. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.rr", property = "sched.policy=rr")
@Designate(ocd = RrProvider.Config.class)
public final class RrProvider extends AbstractPolicyProvider {
    static final String NAME = "rr";
    private static final String DESCRIPTION = "round robin with a fixed quantum (OSTEP RR); quantum=10ms";
    static final String QUANTUM = "quantum";

    @ObjectClassDefinition(name = "KernelLab rr policy",
            description = "Round robin with a fixed quantum, as OSTEP's scheduler.py -p RR -q Q (1 time unit = 1 ms).")
    public @interface Config {
        @AttributeDefinition(description = "The time slice, a duration with a unit (ns, us, ms, s), e.g. 10ms; OSTEP's -q.")
        String quantum() default "10ms";
    }

    /** The configured quantum, the default for {@link #create}'s overrides. */
    private final long quantumNs;

    @Activate
    public RrProvider(Config config) {
        super(NAME, DESCRIPTION, QUANTUM);
        this.quantumNs = new PolicyParams(name(), Map.of(QUANTUM, config.quantum()), parameters()).durationNs(QUANTUM, 0, 1);
    }

    /** For unit tests: the defaults. */
    RrProvider() {
        super(NAME, DESCRIPTION, QUANTUM);
        this.quantumNs = 10_000_000L;
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        long q = params.durationNs(QUANTUM, quantumNs, 1);
        return host -> new RoundRobin(host, q);
    }
}
