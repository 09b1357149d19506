package org.kernellab.policy.o1;

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

/** Makes one {@link O1Policy} per machine; its configuration holds DEF_TIMESLICE and MIN_TIMESLICE. */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.o1", property = "sched.policy=o1")
@Designate(ocd = O1Provider.Config.class)
public final class O1Provider implements PolicyProvider {
    static final String NAME = "o1";
    static final List<String> PARAMETERS = List.of("timeslice", "min_timeslice");

    @ObjectClassDefinition(name = "KernelLab o1 policy",
            description = "The Linux 2.6 O(1) scheduler: active and expired priority arrays, nice-scaled timeslices, the sleep_avg interactivity bonus.")
    public @interface Config {
        @AttributeDefinition(description = "DEF_TIMESLICE, the slice of a nice-0 task, with a unit (2.6: 100ms). MAX_SLEEP_AVG and the starvation limit are 10 times it.")
        String timeslice() default "100ms";

        /** Property {@code min_timeslice} (a double underscore is one underscore in DS property names). */
        @AttributeDefinition(description = "MIN_TIMESLICE, the shortest slice (nice 19), with a unit (2.6: 5ms).")
        String min__timeslice() default "5ms";
    }

    /** The policy's settings, read from {@code key=value} pairs with errors that name the key. */
    record Settings(long timesliceNs, long minTimesliceNs) {
        static final Settings DEFAULTS = new Settings(100_000_000L, 5_000_000L);
        static final long MIN_NS = 100_000L;
        static final long MAX_NS = 10_000_000_000L;

        static Settings parse(Map<String, String> params, Settings dflt) {
            PolicyParams pp = new PolicyParams(NAME, params, PARAMETERS);
            long def = pp.durationNs("timeslice", dflt.timesliceNs, MIN_NS);
            long min = pp.durationNs("min_timeslice", dflt.minTimesliceNs, MIN_NS);
            pp.done();
            if (def > MAX_NS) throw bad("timeslice", params, "must be at most " + MAX_NS + " ns (10s)");
            if (min > def) {
                throw bad(params.containsKey("min_timeslice") ? "min_timeslice" : "timeslice", params,
                        "min_timeslice (" + min + " ns) must not exceed timeslice (" + def + " ns)");
            }
            return new Settings(def, min);
        }

        private static IllegalArgumentException bad(String key, Map<String, String> params, String rule) {
            return new IllegalArgumentException("policy " + NAME + ": " + key + "=" + params.get(key) + ": " + rule);
        }
    }

    private final Settings defaults;

    @Activate
    public O1Provider(Config config) {
        this.defaults = Settings.parse(Map.of("timeslice", config.timeslice(), "min_timeslice", config.min__timeslice()),
                Settings.DEFAULTS);
    }

    /** The built-in defaults, for unit tests. */
    O1Provider() {
        this.defaults = Settings.DEFAULTS;
    }

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "the Linux 2.6 O(1) scheduler: per-CPU active/expired priority arrays, interactivity bonus";
    }

    @Override public List<String> parameters() { return PARAMETERS; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        return new O1Policy(host, Settings.parse(params, defaults));
    }
}
