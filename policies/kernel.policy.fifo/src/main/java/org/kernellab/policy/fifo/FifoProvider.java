package org.kernellab.policy.fifo;

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

/** The {@code fifo} teaching policy's provider: it takes no parameters. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.fifo", property = "sched.policy=fifo")
@Designate(ocd = FifoProvider.Config.class)
public final class FifoProvider implements PolicyProvider {
    @ObjectClassDefinition(name = "KernelLab fifo policy",
            description = "First in, first out, run to completion, as OSTEP's scheduler.py -p FIFO. No parameters.")
    public @interface Config {}

    /**
     * DS's constructor, also the unit tests'. fifo has no parameters, so its empty Config is not
     * an activation parameter: DS would take it for a marker annotation and publish a service
     * property {@code config=true}.
     */
    @Activate
    public FifoProvider() {}

    @Override public String name() { return "fifo"; }

    @Override public String description() { return "first in, first out, run to completion (OSTEP FIFO)"; }

    @Override public List<String> parameters() { return List.of(); }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        new PolicyParams(name(), params, parameters()).done();
        return new Fifo();
    }
}
