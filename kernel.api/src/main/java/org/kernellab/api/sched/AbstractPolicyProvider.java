package org.kernellab.api.sched;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A base for the usual {@link PolicyProvider}: a fixed name, description and list of
 * parameters, and a {@link #create} that reads this activation's overrides with
 * {@link PolicyParams}, refuses a key nobody read, and only then makes the policy. A provider
 * with no parameters reads nothing, so any key is refused with "it takes no parameters".
 *
 * <p>The subclass stays a Declarative Services component of its own: {@code @Component},
 * {@code @Designate} and the {@code @Activate} constructor (which takes its {@code Config}, if
 * it has any) are on the subclass, which passes its name, description and parameters to this
 * constructor and reads its configured defaults into fields there. A provider with no
 * parameters still designates an empty {@code Config} (its metatype description), but its
 * {@code @Activate} constructor takes no arguments: DS would take an empty annotation parameter
 * for a marker annotation and publish a service property {@code config=true}. A provider whose checks
 * span several parameters, or that merges overrides over a configuration map, implements
 * {@link PolicyProvider} itself.
 *
 * <p>Its methods run as {@link PolicyProvider}'s do: {@code create} is called by the scheduler
 * core outside any policy op, with the machine still, and first against a dry host, so that a
 * bad parameter is refused before anything changes.
 */
@ConsumerType
public abstract class AbstractPolicyProvider implements PolicyProvider {
    private final String name;
    private final String description;
    private final List<String> parameters;

    /**
     * @param name        the policy's name, as {@code sched:use} takes it and as the component's
     *                    {@code sched.policy} property gives it
     * @param description one line for {@code sched:list}
     * @param parameters  the keys {@link #configure} reads, in the order error messages list them
     */
    protected AbstractPolicyProvider(String name, String description, String... parameters) {
        this.name = name;
        this.description = description;
        this.parameters = List.of(parameters);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<String> parameters() {
        return parameters;
    }

    /**
     * Reads {@code params} with {@link #configure}, refuses the keys it left unread
     * ({@link PolicyParams#done()}), then makes the policy for {@code host}. A bad value or an
     * unknown key throws IllegalArgumentException naming the policy and the key, before any
     * policy is made.
     */
    @Override
    public final Policy create(PolicyHost host, Map<String, String> params) {
        PolicyParams p = new PolicyParams(name, params, parameters);
        Function<PolicyHost, Policy> make = configure(p);
        p.done();
        return make.apply(host);
    }

    /**
     * Reads this activation's parameters from {@code params}, each over its configured default,
     * and returns what makes the policy for a host (for a policy without parameters, its
     * constructor: {@code host -> new Fifo()}). Called by {@link #create} before the unread keys
     * are refused: read here, and make nothing.
     */
    protected abstract Function<PolicyHost, Policy> configure(PolicyParams params);
}
