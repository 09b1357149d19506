package org.kernellab.policy.test.loops;

import java.util.LinkedHashSet;
import java.util.Set;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Broken on purpose: {@link #pick} asks every other CPU to pick at once
 * ({@link PolicyHost#kick}) and returns nothing, for ever, so the CPUs wake each other again
 * and again at one virtual instant while tasks wait. The core must eject it as a livelock. (A
 * kick of the picking CPU itself is absorbed by its schedule(), as in Linux.)
 */
final class Loops implements Policy {
    private final PolicyHost host;
    private final Set<SchedTask> held = new LinkedHashSet<>();

    Loops(PolicyHost host) {
        this.host = host;
    }

    @Override public String name() { return "loops"; }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        held.add(p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        held.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        for (int other = 0; other < host.nrCpus(); other++) if (other != cpu) host.kick(other);
        return null;
    }
}
