package org.kernellab.policy.simple;

import java.util.HashMap;
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

/**
 * The {@code simple} policy's provider. Its configuration (ConfigAdmin PID
 * {@code org.kernellab.policy.simple}) holds the defaults; {@code sched:use simple key=value...}
 * overrides them for one activation. Each {@link #create} makes a new {@link Simple}, so two
 * machines never share a queue.
 */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.simple", property = "sched.policy=simple")
@Designate(ocd = SimpleProvider.Config.class)
public final class SimpleProvider implements PolicyProvider {
    static final String NAME = "simple";
    /** SCX_SLICE_DFL (include/linux/sched/ext.h). */
    static final String SCX_SLICE_DFL = "20ms";
    private static final List<String> PARAMETERS = List.of("slice", "fifo");

    @ObjectClassDefinition(name = "KernelLab policy simple",
            description = "sched_ext's scx_simple: the defaults that sched:use simple key=value overrides.")
    public @interface Config {
        @AttributeDefinition(description = "The slice every task runs before it queues again, with a unit (SCX_SLICE_DFL is 20ms).")
        String slice() default SCX_SLICE_DFL;

        @AttributeDefinition(description = "FIFO order instead of weighted vtime (scx_simple -f).")
        boolean fifo() default false;
    }

    private final Map<String, String> defaults;

    @Activate
    public SimpleProvider(Config config) {
        this.defaults = Map.of("slice", config.slice(), "fifo", Boolean.toString(config.fifo()));
        settings(Map.of()); // a bad configured default is refused here, with its key named
    }

    /** The metatype defaults, for unit tests. */
    SimpleProvider() {
        this.defaults = Map.of("slice", SCX_SLICE_DFL, "fifo", "false");
    }

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "sched_ext's scx_simple: a shared weighted-vtime queue (or FIFO with fifo=true), 20 ms slices";
    }

    @Override public List<String> parameters() { return PARAMETERS; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        Settings s = settings(params);
        return new Simple(host, s.sliceNs(), s.fifo());
    }

    private record Settings(long sliceNs, boolean fifo) {}

    /** {@code params} over the configured defaults; a bad value or an unknown key is refused with the key named. */
    private Settings settings(Map<String, String> params) {
        Map<String, String> merged = new HashMap<>(defaults);
        if (params != null) merged.putAll(params);
        PolicyParams p = new PolicyParams(NAME, merged, PARAMETERS);
        Settings s = new Settings(p.durationNs("slice", 0, 1_000), p.boolValue("fifo", false));
        p.done();
        return s;
    }
}
