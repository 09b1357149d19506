package org.kernellab.policy.mlfq;

import java.util.LinkedHashMap;
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
 * Makes one {@link Mlfq} per machine. The parameters are mlfq.py's options (OSTEP,
 * cpu-sched-mlfq): {@code queues} is -n, {@code quantum} -q, {@code quanta} -Q,
 * {@code allotment} -a, {@code allotments} -A, {@code boost} -B, {@code stay} -S and
 * {@code iobump} -I. Durations take a unit; with 1 ms for OSTEP's time unit, {@code -q 10}
 * is {@code quantum=10ms}.
 */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.mlfq", property = "sched.policy=mlfq")
@Designate(ocd = MlfqProvider.Config.class)
public final class MlfqProvider implements PolicyProvider {
    static final String NAME = "mlfq";
    static final List<String> PARAMETERS =
            List.of("queues", "quantum", "quanta", "allotment", "allotments", "boost", "stay", "iobump");

    @ObjectClassDefinition(name = "KernelLab mlfq policy",
            description = "OSTEP's multi-level feedback queue (mlfq.py); sched:use mlfq key=value overrides these for one activation.")
    public @interface Config {
        @AttributeDefinition(description = "Number of queues, like mlfq.py -n (quanta, when set, gives the number instead)")
        int queues() default 3;

        @AttributeDefinition(description = "Time slice of every queue, like -q, with a unit: 10ms")
        String quantum() default "10ms";

        @AttributeDefinition(description = "Time slice per queue, highest queue first, like -Q: 10ms,20ms,40ms; empty: use queues and quantum")
        String quanta() default "";

        @AttributeDefinition(description = "Quanta a job may use at a level before it moves down, like -a (0: never moves down, as -a 0 does)")
        int allotment() default 1;

        @AttributeDefinition(description = "Allotment per queue, highest queue first, like -A: 2,2,1; empty: use allotment")
        String allotments() default "";

        @AttributeDefinition(description = "Priority boost period, like -B, with a unit: 100ms; 0: never")
        String boost() default "0";

        @AttributeDefinition(description = "Like -S: a job that starts an I/O (sleeps) gets its quantum and allotment refilled at its level")
        boolean stay() default false;

        @AttributeDefinition(description = "Like -I: a job whose I/O completes (wakes) goes to the head of its queue instead of the tail")
        boolean iobump() default false;
    }

    /** The configured defaults, as the strings a user would type. */
    private final Map<String, String> configured;

    @Activate
    public MlfqProvider(Config c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("queues", Integer.toString(c.queues()));
        m.put("quantum", c.quantum());
        if (!c.quanta().isBlank()) m.put("quanta", c.quanta());
        m.put("allotment", Integer.toString(c.allotment()));
        if (!c.allotments().isBlank()) m.put("allotments", c.allotments());
        m.put("boost", c.boost());
        m.put("stay", Boolean.toString(c.stay()));
        m.put("iobump", Boolean.toString(c.iobump()));
        this.configured = Map.copyOf(m);
        Settings.parse(configured, Map.of()); // a bad configuration fails here, naming its key
    }

    /** The defaults, for unit tests. */
    MlfqProvider() {
        this(Map.of("queues", "3", "quantum", "10ms", "allotment", "1", "boost", "0", "stay", "false", "iobump", "false"));
    }

    private MlfqProvider(Map<String, String> configured) {
        this.configured = configured;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "OSTEP's multi-level feedback queue (mlfq.py): demotion after an allotment, boost, stay (-S), iobump (-I)";
    }

    @Override
    public List<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        return new Mlfq(host, Settings.parse(configured, params == null ? Map.of() : params));
    }

    /**
     * The parsed parameters, indexed by level: level {@code levels() - 1} is the highest queue,
     * as in mlfq.py.
     */
    record Settings(long[] quantumNs, int[] allotment, long boostNs, boolean stay, boolean iobump) {
        int levels() {
            return quantumNs.length;
        }

        int top() {
            return quantumNs.length - 1;
        }

        /**
         * {@code params} over {@code configured}. As in mlfq.py a list (-Q, -A) sets every level;
         * a single value given explicitly ({@code quantum}, {@code queues}, {@code allotment})
         * replaces a configured list, and giving both forms at once is refused.
         */
        static Settings parse(Map<String, String> configured, Map<String, String> params) {
            Map<String, String> m = new LinkedHashMap<>(configured);
            if (params.containsKey("quantum") || params.containsKey("queues")) m.remove("quanta");
            if (params.containsKey("allotment")) m.remove("allotments");
            m.putAll(params);
            if (params.containsKey("quantum") && params.containsKey("quanta")) {
                throw bad("quanta", params.get("quanta"), "give quantum (one for every queue) or quanta (one per queue), not both");
            }
            if (params.containsKey("allotment") && params.containsKey("allotments")) {
                throw bad("allotments", params.get("allotments"), "give allotment (one for every queue) or allotments (one per queue), not both");
            }
            PolicyParams pp = new PolicyParams(NAME, m, PARAMETERS);
            int queues = pp.intValue("queues", 3, 1, 64);
            long quantum = pp.durationNs("quantum", 10_000_000L, 1);
            long[] quanta = pp.durations("quanta", null);
            int allot = pp.intValue("allotment", 1, 0, Integer.MAX_VALUE);
            String allotList = pp.stringValue("allotments", "");
            String boostText = pp.stringValue("boost", "0");
            boolean stay = pp.boolValue("stay", false);
            boolean iobump = pp.boolValue("iobump", false);
            pp.done();

            long[] quantumNs;
            if (quanta != null) {
                // -Q: highest queue first; the list's length is the number of queues
                if (quanta.length > 64) throw bad("quanta", m.get("quanta"), "gives " + quanta.length + " queues; at most 64");
                if (params.containsKey("queues") && queues != quanta.length) {
                    throw bad("queues", m.get("queues"), "disagrees with quanta=" + m.get("quanta") + ", which gives " + quanta.length + " queues");
                }
                quantumNs = reversed(quanta);
            } else {
                quantumNs = new long[queues];
                java.util.Arrays.fill(quantumNs, quantum);
            }
            int levels = quantumNs.length;
            int[] allotment = new int[levels];
            if (!allotList.isEmpty()) {
                // -A: highest queue first, one per queue, positive except at the lowest queue (mlfq.py's check)
                String[] parts = allotList.split(",");
                if (parts.length != levels) {
                    throw bad("allotments", allotList, "gives " + parts.length + " allotments for " + levels + " queues");
                }
                for (int i = 0; i < levels; i++) {
                    int level = levels - 1 - i;
                    int a;
                    try {
                        a = Integer.parseInt(parts[i].trim());
                    } catch (NumberFormatException e) {
                        throw bad("allotments", allotList, "needs whole numbers separated by commas, e.g. 2,2,1");
                    }
                    if (a < 0 || (a == 0 && level != 0)) {
                        throw bad("allotments", allotList, "needs allotments of at least 1 (0 only for the lowest queue)");
                    }
                    allotment[level] = a;
                }
            } else {
                java.util.Arrays.fill(allotment, allot);
            }
            long boostNs = boostText.equals("0") ? 0 : PolicyParams.parseDuration(boostText);
            if (boostNs < 0) throw bad("boost", boostText, "needs a duration with a unit (ns, us, ms, s), e.g. 100ms, or 0 for never");
            return new Settings(quantumNs, allotment, boostNs, stay, iobump);
        }

        private static long[] reversed(long[] a) {
            long[] r = new long[a.length];
            for (int i = 0; i < a.length; i++) r[a.length - 1 - i] = a[i];
            return r;
        }

        /** The same wording as {@link PolicyParams}'s errors. */
        private static IllegalArgumentException bad(String key, String value, String need) {
            return new IllegalArgumentException("policy " + NAME + ": " + key + "=" + value + ": " + need);
        }
    }
}
