package org.kernellab.policy.stride;

import java.util.List;
import java.util.Map;

import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Makes one {@link StridePolicy} per machine; its configuration holds the default quantum. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.stride", property = "sched.policy=stride")
@Designate(ocd = StrideProvider.Config.class)
public final class StrideProvider implements PolicyProvider {
    static final String NAME = "stride";
    static final List<String> PARAMETERS = List.of("quantum");

    @ObjectClassDefinition(name = "KernelLab stride policy",
            description = "Waldspurger's stride scheduling: CPU time in proportion to tickets, deterministically.")
    public @interface Config {
        @AttributeDefinition(description = "The quantum, with a unit (100us to 10s); a task runs at most this long before the task with the lowest pass is chosen again.")
        String quantum() default "10ms";
    }

    /** The policy's settings, read from {@code key=value} pairs with errors that name the key. */
    record Settings(long quantumNs) {
        static final Settings DEFAULTS = new Settings(10_000_000L);
        static final long MIN_QUANTUM_NS = 100_000L;
        static final long MAX_QUANTUM_NS = 10_000_000_000L;

        static Settings parse(Map<String, String> params, Settings dflt) {
            PolicyParams pp = new PolicyParams(NAME, params, PARAMETERS);
            long q = pp.durationNs("quantum", dflt.quantumNs, MIN_QUANTUM_NS);
            pp.done();
            if (q > MAX_QUANTUM_NS) {
                throw new IllegalArgumentException("policy " + NAME + ": quantum=" + params.get("quantum")
                        + ": must be at most " + MAX_QUANTUM_NS + " ns (10s)");
            }
            return new Settings(q);
        }
    }

    private final Settings defaults;

    @Activate
    public StrideProvider(Config config) {
        this.defaults = Settings.parse(Map.of("quantum", config.quantum()), Settings.DEFAULTS);
    }

    /** The built-in defaults, for unit tests. */
    StrideProvider() {
        this.defaults = Settings.DEFAULTS;
    }

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "stride scheduling (Waldspurger 1995): CPU time in proportion to tickets, per-CPU queues";
    }

    @Override public List<String> parameters() { return PARAMETERS; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        return new StridePolicy(host, Settings.parse(params, defaults));
    }
}
