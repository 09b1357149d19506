package org.kernellab.policy.stcf;

import java.util.List;
import java.util.Map;

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
public final class StcfProvider implements PolicyProvider {
    @ObjectClassDefinition(name = "KernelLab stcf policy",
            description = "Shortest time to completion first (preemptive SJF) from the expected run length hint. No parameters.")
    public @interface Config {}

    /**
     * DS's constructor, also the unit tests'. stcf has no parameters, so its empty Config is not
     * an activation parameter: DS would take it for a marker annotation and publish a service
     * property {@code config=true}.
     */
    @Activate
    public StcfProvider() {}

    @Override public String name() { return "stcf"; }

    @Override public String description() { return "shortest time to completion first (preemptive SJF) from the expected run length hint"; }

    @Override public List<String> parameters() { return List.of(); }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, parameters()).done();
        return new Stcf(host);
    }
}
