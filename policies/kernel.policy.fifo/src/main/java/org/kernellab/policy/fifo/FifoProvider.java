package org.kernellab.policy.fifo;

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

/** The {@code fifo} teaching policy's provider: it takes no parameters. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.fifo", property = "sched.policy=fifo")
@Designate(ocd = FifoProvider.Config.class)
public final class FifoProvider extends AbstractPolicyProvider {
    @ObjectClassDefinition(name = "KernelLab fifo policy",
            description = "First in, first out, run to completion, as OSTEP's scheduler.py -p FIFO. No parameters.")
    public @interface Config {}

    /** DS's constructor, also the unit tests'; without the empty Config (see {@link AbstractPolicyProvider}). */
    @Activate
    public FifoProvider() {
        super("fifo", "first in, first out, run to completion (OSTEP FIFO)");
    }

    @Override
    protected Function<PolicyHost, Policy> configure(PolicyParams params) {
        return host -> new Fifo();
    }
}
