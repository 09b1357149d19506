package org.kernellab.policy.rm;

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

/** The {@code rm} policy's provider: one {@link Rm} per machine, with the configured defaults. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.rm", property = "sched.policy=rm")
@Designate(ocd = RmProvider.Config.class)
public final class RmProvider implements PolicyProvider {
    static final String NAME = "rm";
    private static final List<String> PARAMETERS = List.of("log");

    @ObjectClassDefinition(name = "KernelLab policy rm",
            description = "Rate monotonic for periodic tasks (SimSo's rules): the defaults that sched:use rm key=value overrides.")
    public @interface Config {
        @AttributeDefinition(description = "Log a line for every job that finishes after its deadline.")
        boolean log() default true;
    }

    private final boolean log;

    @Activate
    public RmProvider(Config config) {
        this.log = config.log();
    }

    /** The defaults, for unit tests. */
    RmProvider() {
        this.log = true;
    }

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "rate monotonic for periodic tasks: fixed priority by period, global and fully preemptive (SimSo's tie rules)";
    }

    @Override public List<String> parameters() { return PARAMETERS; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        PolicyParams p = new PolicyParams(NAME, params, PARAMETERS);
        boolean logMisses = p.boolValue("log", log);
        p.done();
        return new Rm(host, logMisses);
    }
}
