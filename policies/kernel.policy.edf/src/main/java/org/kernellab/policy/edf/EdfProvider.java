package org.kernellab.policy.edf;

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

/** The {@code edf} policy's provider: one {@link Edf} per machine, with the configured defaults. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.edf", property = "sched.policy=edf")
@Designate(ocd = EdfProvider.Config.class)
public final class EdfProvider extends AbstractPolicyProvider {
    static final String NAME = "edf";
    private static final String LOG = "log";
    private static final String DESCRIPTION =
            "earliest deadline first for periodic tasks, global and fully preemptive (SimSo's tie rules)";

    @ObjectClassDefinition(name = "KernelLab policy edf",
            description = "Earliest deadline first for periodic tasks (SimSo's rules): the defaults that sched:use edf key=value overrides.")
    public @interface Config {
        @AttributeDefinition(description = "Log a line for every job that finishes after its deadline.")
        boolean log() default true;
    }

    private final boolean log;

    @Activate
    public EdfProvider(Config config) {
        super(NAME, DESCRIPTION, LOG);
        this.log = config.log();
    }

    /** The defaults, for unit tests. */
    EdfProvider() {
        super(NAME, DESCRIPTION, LOG);
        this.log = true;
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        boolean logMisses = params.boolValue(LOG, log);
        return host -> new Edf(host, logMisses);
    }
}
