package org.kernellab.policy.rm;

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

/** The {@code rm} policy's provider: one {@link Rm} per machine, with the configured defaults. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.rm", property = "sched.policy=rm")
@Designate(ocd = RmProvider.Config.class)
public final class RmProvider extends AbstractPolicyProvider {
    static final String NAME = "rm";
    private static final String LOG = "log";
    private static final String DESCRIPTION =
            "rate monotonic for periodic tasks: fixed priority by period, global and fully preemptive (SimSo's tie rules)";

    @ObjectClassDefinition(name = "KernelLab policy rm",
            description = "Rate monotonic for periodic tasks (SimSo's rules): the defaults that sched:use rm key=value overrides.")
    public @interface Config {
        @AttributeDefinition(description = "Log a line for every job that finishes after its deadline.")
        boolean log() default true;
    }

    private final boolean log;

    @Activate
    public RmProvider(Config config) {
        super(NAME, DESCRIPTION, LOG);
        this.log = config.log();
    }

    /** The defaults, for unit tests. */
    RmProvider() {
        super(NAME, DESCRIPTION, LOG);
        this.log = true;
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        boolean logMisses = params.boolValue(LOG, log);
        return host -> new Rm(host, logMisses);
    }
}
