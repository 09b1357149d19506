package org.kernellab.policy.sjf;

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

/** The {@code sjf} teaching policy's provider: it takes no parameters. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.sjf", property = "sched.policy=sjf")
@Designate(ocd = SjfProvider.Config.class)
public final class SjfProvider implements PolicyProvider {
    @ObjectClassDefinition(name = "KernelLab sjf policy",
            description = "Shortest job first, non-preemptive, from the expected run length hint, as OSTEP's scheduler.py -p SJF. No parameters.")
    public @interface Config {}

    /**
     * DS's constructor, also the unit tests'. sjf has no parameters, so its empty Config is not
     * an activation parameter: DS would take it for a marker annotation and publish a service
     * property {@code config=true}.
     */
    @Activate
    public SjfProvider() {}

    @Override public String name() { return "sjf"; }

    @Override public String description() { return "shortest job first from the expected run length hint, non-preemptive (OSTEP SJF)"; }

    @Override public List<String> parameters() { return List.of(); }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, parameters()).done();
        return new Sjf();
    }
}
