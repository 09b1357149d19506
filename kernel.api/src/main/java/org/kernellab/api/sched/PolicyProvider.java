package org.kernellab.api.sched;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scheduling policy bundle's service: it makes one {@link Policy} per machine, so that two
 * machines in one framework never share policy state. Register it with DS; its own
 * configuration (ConfigAdmin, with a metatype description) supplies the defaults, and
 * {@code sched:use <name> key=value...} passes overrides for one activation.
 *
 * <p>Service property {@code sched.policy} must equal {@link #name()}.
 */
@ConsumerType
public interface PolicyProvider {
    /** The policy's name, as {@code sched:use} takes it: lower case, no spaces. */
    String name();

    /** One line for {@code sched:list}. */
    String description();

    /** The parameter names {@link #create} accepts, for completion and error messages. */
    default java.util.List<String> parameters() { return java.util.List.of(); }

    /**
     * Makes the policy for one machine. Called by the scheduler core outside any policy op,
     * with the machine still. {@code params} override the configured defaults; an unknown key
     * or a bad value throws IllegalArgumentException naming the key (see {@link PolicyParams}).
     */
    Policy create(PolicyHost host, Map<String, String> params);
}
