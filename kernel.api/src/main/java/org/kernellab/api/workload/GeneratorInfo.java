package org.kernellab.api.workload;

import java.util.List;

/**
 * What a workload generator is and which options it takes, for help texts and documentation.
 *
 * @param name        the generator's name, as {@code sched:gen} takes it: {@code hackbench}
 * @param description one sentence
 * @param options     every option, in the order the help lists them
 */
public record GeneratorInfo(String name, String description, List<Option> options) {

    /**
     * One option: its key, its default as text (empty when there is none), what it does.
     */
    public record Option(String name, String defaultValue, String description) {}

    public GeneratorInfo {
        options = List.copyOf(options);
    }
}
