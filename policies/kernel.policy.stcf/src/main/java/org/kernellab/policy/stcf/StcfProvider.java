package org.kernellab.policy.stcf;

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

/** The {@code stcf} teaching policy's provider: it takes no parameters. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.stcf", property = "sched.policy=stcf")
@Designate(ocd = StcfProvider.Config.class)
public final class StcfProvider extends AbstractPolicyProvider {
    @ObjectClassDefinition(name = "KernelLab stcf policy",
            description = "Shortest time to completion first (preemptive SJF) from the expected run length hint. No parameters.")
    public @interface Config {}

    /** DS's constructor, also the unit tests'; without the empty Config (see {@link AbstractPolicyProvider}). */
    @Activate
    public StcfProvider() {
        super("stcf", "shortest time to completion first (preemptive SJF) from the expected run length hint");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return Stcf::new;
    }
}
