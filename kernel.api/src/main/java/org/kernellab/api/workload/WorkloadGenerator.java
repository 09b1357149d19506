package org.kernellab.api.workload;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Named, seeded workload generators ({@code hackbench}, {@code schbench}, {@code ostep},
 * {@code rtset}, {@code mixed}; {@code docs/workloads.md} describes each). Each is
 * deterministic: the same options (seed included) give an equal workload, and every random
 * choice is drawn from {@link PyRandom} seeded with the {@code seed} option alone. Thread-safe.
 */
@ProviderType
public interface WorkloadGenerator {

    /** Every generator, by name. */
    List<GeneratorInfo> generators();

    /**
     * Generates a workload.
     *
     * @param generator a name from {@link #generators()}
     * @param options   option values as text by key ({@code groups=2}); a missing option takes
     *                  its default, including {@code seed}
     * @throws IllegalArgumentException for an unknown generator, an unknown option or a bad
     *                                  value, naming the generator, the option and the value
     */
    Workload generate(String generator, Map<String, String> options);
}
