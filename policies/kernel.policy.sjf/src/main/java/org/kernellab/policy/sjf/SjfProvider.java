package org.kernellab.policy.sjf;

import java.util.function.Function;

import org.kernellab.api.sched.AbstractPolicyProvider;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code sjf} teaching policy's provider: it takes no parameters. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.sjf", property = "sched.policy=sjf")
@Designate(ocd = SjfProvider.Config.class)
public final class SjfProvider extends AbstractPolicyProvider {
    @ObjectClassDefinition(name = "KernelLab sjf policy",
            description = "Shortest job first, non-preemptive, from the expected run length hint, as OSTEP's scheduler.py -p SJF. No parameters.")
    public @interface Config {}

    /** DS's constructor, also the unit tests'; without the empty Config (see {@link AbstractPolicyProvider}). */
    @Activate
    public SjfProvider() {
        super("sjf", "shortest job first from the expected run length hint, non-preemptive (OSTEP SJF)");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return host -> new Sjf();
    }
}
