package org.kernellab.policy.cfs;

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
 * Makes one {@link CfsPolicy} per machine. Its configuration holds the normalized tunables of
 * Linux 6.5 (normalized_sysctl_sched_*), which each machine scales by
 * 1 + ilog2(min(ncpus, 8)), and two sched_features.
 */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.cfs", property = "sched.policy=cfs")
@Designate(ocd = CfsProvider.Config.class)
public final class CfsProvider implements PolicyProvider {
    static final String NAME = "cfs";
    static final List<String> PARAMETERS =
            List.of("latency", "min_granularity", "wakeup_granularity", "start_debit", "gentle_fair_sleepers");

    /** Property names: a double underscore in a method name is one underscore (DS and metatype). */
    @ObjectClassDefinition(name = "KernelLab cfs policy",
            description = "The Completely Fair Scheduler of Linux 6.5 (before EEVDF). Durations take a unit; each is scaled by 1 + ilog2(min(CPUs, 8)).")
    public @interface Config {
        @AttributeDefinition(description = "sched_latency before scaling (6ms): the period in which every runnable task runs once, up to nr_latency tasks.")
        String latency() default "6ms";

        @AttributeDefinition(description = "sched_min_granularity before scaling (0.75ms = 750us): the shortest slice.")
        String min__granularity() default "750us";

        @AttributeDefinition(description = "sched_wakeup_granularity before scaling (1ms): how far ahead in vruntime a waking task must be to preempt.")
        String wakeup__granularity() default "1ms";

        @AttributeDefinition(description = "sched_feat START_DEBIT: a new task starts one vslice after min_vruntime.")
        boolean start__debit() default true;

        @AttributeDefinition(description = "sched_feat GENTLE_FAIR_SLEEPERS: a waking task is credited half a latency of sleep, not a whole one.")
        boolean gentle__fair__sleepers() default true;
    }

    /** The settings, read from {@code key=value} pairs with errors that name the key. Durations are unscaled. */
    record Settings(long latencyNs, long minGranularityNs, long wakeupGranularityNs, boolean startDebit,
                    boolean gentleFairSleepers) {
        static final Settings DEFAULTS = new Settings(6_000_000L, 750_000L, 1_000_000L, true, true);
        /** The old sysctl limits (kernel/sysctl.c before 5.13): 100 us to 1 s; the wakeup granularity may be 0. */
        static final long MIN_NS = 100_000L;
        static final long MAX_NS = 1_000_000_000L;

        static Settings parse(Map<String, String> params, Settings dflt) {
            PolicyParams pp = new PolicyParams(NAME, params, PARAMETERS);
            long latency = pp.durationNs("latency", dflt.latencyNs, MIN_NS);
            long minGran = pp.durationNs("min_granularity", dflt.minGranularityNs, MIN_NS);
            long wakeupGran = pp.durationNs("wakeup_granularity", dflt.wakeupGranularityNs, 0);
            boolean startDebit = pp.boolValue("start_debit", dflt.startDebit);
            boolean gentle = pp.boolValue("gentle_fair_sleepers", dflt.gentleFairSleepers);
            pp.done();
            atMost(params, "latency", latency);
            atMost(params, "min_granularity", minGran);
            atMost(params, "wakeup_granularity", wakeupGran);
            return new Settings(latency, minGran, wakeupGran, startDebit, gentle);
        }

        private static void atMost(Map<String, String> params, String key, long ns) {
            if (ns > MAX_NS) {
                throw new IllegalArgumentException("policy " + NAME + ": " + key + "=" + params.get(key)
                        + ": must be at most " + MAX_NS + " ns (1s)");
            }
        }
    }

    private final Settings defaults;

    @Activate
    public CfsProvider(Config config) {
        this.defaults = Settings.parse(Map.of(
                "latency", config.latency(),
                "min_granularity", config.min__granularity(),
                "wakeup_granularity", config.wakeup__granularity(),
                "start_debit", Boolean.toString(config.start__debit()),
                "gentle_fair_sleepers", Boolean.toString(config.gentle__fair__sleepers())), Settings.DEFAULTS);
    }

    /** The built-in defaults, for unit tests. */
    CfsProvider() {
        this.defaults = Settings.DEFAULTS;
    }

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "CFS as in Linux 6.5 (before EEVDF): vruntime order, sched_slice, tick and wakeup preemption, per-CPU queues";
    }

    @Override public List<String> parameters() { return PARAMETERS; }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        return new CfsPolicy(host, Settings.parse(params, defaults));
    }
}
