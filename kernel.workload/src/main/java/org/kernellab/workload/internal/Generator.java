package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.GeneratorInfo.Option;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Workload;

/** One named workload generator. */
interface Generator {
    GeneratorInfo info();

    /** The workload for these options (already checked against {@link #info()}'s names). */
    Workload generate(Options o);

    static Option option(String name, String def, String description) {
        return new Option(name, def, description);
    }

    /** The options every generator has, then its own. */
    static List<Option> withCommon(String name, long seed, int cpus, int hz, List<Option> own) {
        List<Option> all = new ArrayList<>();
        all.add(option("seed", Long.toString(seed), "the seed of every random draw (Python's random.seed) and of the machine"));
        all.add(option("name", name, "the workload's name"));
        all.add(option("cpus", Integer.toString(cpus), "the machine's CPUs (1..64)"));
        all.add(option("hz", Integer.toString(hz), "the machine's tick rate"));
        all.addAll(own);
        return List.copyOf(all);
    }

    /** The machine of the common options: cpus, hz, seed, no costs. */
    static Machine machine(Options o) {
        int cpus = (int) o.integer("cpus", 1, Machine.MAX_CPUS);
        int hz = (int) o.integer("hz", 10, 10_000);
        return new Machine(cpus, hz, o.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE), org.kernellab.api.workload.Costs.NONE);
    }
}
