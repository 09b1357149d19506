package org.kernellab.policy.lottery;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.workload.PyRandom;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Makes one {@link Lottery} per machine. {@code quantum} is lottery.py's -q (with a unit:
 * {@code -q 1} is {@code quantum=1ms}); {@code pyseed} is its -s, for draws identical to
 * Python's; {@code pyskip} is the number of {@code random()} draws to discard first, those
 * lottery.py's job generation takes from the same stream before its first lottery when it
 * makes random jobs (SCHED-MODELS.md: "job generation draws first ... then the lottery
 * draws"); 0 with {@code -l}.
 */
@Component(service = PolicyProvider.class, configurationPid = "org.kernellab.policy.lottery", property = "sched.policy=lottery")
@Designate(ocd = LotteryProvider.Config.class)
public final class LotteryProvider implements PolicyProvider {
    static final String NAME = "lottery";
    static final List<String> PARAMETERS = List.of("quantum", "pyseed", "pyskip");

    @ObjectClassDefinition(name = "KernelLab lottery policy",
            description = "OSTEP's lottery scheduling (lottery.py); sched:use lottery key=value overrides these for one activation.")
    public @interface Config {
        @AttributeDefinition(description = "Time slice won by each lottery, like lottery.py -q, with a unit: 10ms")
        String quantum() default "10ms";

        @AttributeDefinition(description = "Draw with Python's generator after random.seed(pyseed), like lottery.py -s; "
                + "empty: draw from the machine's seeded generator")
        String pyseed() default "";
    }

    private final Map<String, String> configured;

    @Activate
    public LotteryProvider(Config c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("quantum", c.quantum());
        if (!c.pyseed().isBlank()) m.put("pyseed", c.pyseed());
        this.configured = Map.copyOf(m);
        settings(Map.of()); // a bad configuration fails here, naming its key
    }

    /** The defaults, for unit tests. */
    LotteryProvider() {
        this.configured = Map.of("quantum", "10ms");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "OSTEP's lottery scheduling (lottery.py): one seeded lottery over the tickets per quantum";
    }

    @Override
    public List<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        Settings s = settings(params == null ? Map.of() : params);
        PyRandom py = null;
        if (s.pyseed() != null) {
            py = new PyRandom(s.pyseed());
            for (long i = 0; i < s.pyskip(); i++) py.random();
        }
        return new Lottery(host, s.quantumNs(), py);
    }

    /** The quantum, the Python seed or null, and the draws to discard before the first lottery. */
    private record Settings(long quantumNs, BigInteger pyseed, long pyskip) {}

    /** {@code params} over the configured values. */
    private Settings settings(Map<String, String> params) {
        Map<String, String> m = new LinkedHashMap<>(configured);
        m.putAll(params);
        PolicyParams pp = new PolicyParams(NAME, m, PARAMETERS);
        long quantum = pp.durationNs("quantum", 10_000_000L, 1);
        String seed = pp.stringValue("pyseed", "");
        long skip = pp.longValue("pyskip", 0, 0, 100_000_000);
        pp.done();
        if (skip > 0 && seed.isEmpty()) {
            throw new IllegalArgumentException("policy " + NAME + ": pyskip=" + skip + ": skips draws of Python's generator, so it needs pyseed too");
        }
        BigInteger py = null;
        if (!seed.isEmpty()) {
            try {
                py = new BigInteger(seed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy " + NAME + ": pyseed=" + seed
                        + ": needs a whole number (Python's random.seed(n)), e.g. 0 or 12345678901234567890");
            }
        }
        return new Settings(quantum, py, skip);
    }
}
