package org.kernellab.ostep.internal;

import java.util.List;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;

/**
 * One OSTEP script's output for one set of flags, in two steps: what it prints before its
 * answer (all of it without {@code -c}), and, with {@code -c}, the answer formatted from a run
 * of the jobs on KernelLab's simulated machine.
 */
interface Script {
    /** The machine of every OSTEP run: 1 CPU, HZ 1000 (a tick per unit), no costs, seed 1. */
    Machine MACHINE = new Machine(1, 1000, Machine.DEFAULT_SEED, Costs.NONE);

    /** The script's name, as {@code sched:ostep} takes it. */
    String name();

    /** What the script prints before its answer; without {@code -c} its whole output. */
    String problem();

    /** The run the answer needs (with a timeline), or null when the script prints no answer (no {@code -c}). */
    RunSpec spec();

    /**
     * The answer: what the script prints after {@link #problem()}, formatted from {@code run}
     * (a result of {@link #spec()}). Where the run contradicts a check (a job the script would
     * not have run), the text says so in lines that start with {@link #MISMATCH}.
     */
    String answer(RunResult run);

    /** The first words of a line that reports a disagreement between the run and the script's rules. */
    String MISMATCH = "KERNELLAB MISMATCH:";

    /** The problems as {@link #MISMATCH} lines, or "" when there are none. */
    static String mismatches(List<String> problems) {
        StringBuilder b = new StringBuilder();
        for (String p : problems) b.append(MISMATCH).append(' ').append(p).append('\n');
        return b.toString();
    }
}
