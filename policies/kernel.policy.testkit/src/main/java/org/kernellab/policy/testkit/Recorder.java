package org.kernellab.policy.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.ExitInfo;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedTask;

/**
 * For machine tests: wraps a provider so that the test can reach the policy the real core
 * drives, the tasks it was given (by comm), and each stretch a task ran between
 * {@code running} and {@code stopping}, with virtual times.
 */
public final class Recorder implements PolicyProvider {
    /** A task ran on {@code cpu} from {@code startNs} to {@code endNs} (one pick). */
    public record Run(String comm, int cpu, long startNs, long endNs) {
        public long lengthNs() { return endNs - startNs; }
    }

    private final PolicyProvider inner;
    /** The policy of the machine (the last one made: the core's dry check of the parameters comes first). */
    public Policy policy;
    public final Map<String, SchedTask> tasks = new HashMap<>();
    public final List<Run> runs = new ArrayList<>();

    public Recorder(PolicyProvider inner) {
        this.inner = inner;
    }

    @Override public String name() { return inner.name(); }
    @Override public String description() { return inner.description(); }
    @Override public List<String> parameters() { return inner.parameters(); }

    @Override
    public Policy create(PolicyHost host, Map<String, String> params) {
        Policy p = inner.create(host, params);
        policy = p;
        runs.clear();
        tasks.clear();
        long[] since = new long[host.nrCpus()];
        return new Policy() {
            @Override public String name() { return p.name(); }
            @Override public void init() { p.init(); }
            @Override public void exit(ExitInfo info) { p.exit(info); }

            @Override
            public void enable(SchedTask t) {
                tasks.put(t.comm(), t);
                p.enable(t);
            }

            @Override public void disable(SchedTask t) { p.disable(t); }
            @Override public int selectCpu(SchedTask t, int prev, int waker, Enqueue why) { return p.selectCpu(t, prev, waker, why); }
            @Override public void runnable(SchedTask t, Enqueue why) { p.runnable(t, why); }
            @Override public void enqueue(int cpu, SchedTask t, Enqueue why) { p.enqueue(cpu, t, why); }
            @Override public void dequeue(int cpu, SchedTask t, Dequeue why) { p.dequeue(cpu, t, why); }
            @Override public SchedTask pick(int cpu) { return p.pick(cpu); }

            @Override
            public void running(int cpu, SchedTask t) {
                since[cpu] = host.now();
                p.running(cpu, t);
            }

            @Override
            public void stopping(int cpu, SchedTask t, boolean runnable) {
                runs.add(new Run(t.comm(), cpu, since[cpu], host.now()));
                p.stopping(cpu, t, runnable);
            }

            @Override public void quiescent(SchedTask t, Dequeue why) { p.quiescent(t, why); }
            @Override public boolean tick(int cpu, SchedTask curr) { return p.tick(cpu, curr); }
            @Override public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) { return p.wakeupPreempt(cpu, curr, woken); }
            @Override public void yield(int cpu, SchedTask t) { p.yield(cpu, t); }
            @Override public void setWeight(SchedTask t, int weight) { p.setWeight(t, weight); }
            @Override public void setCpumask(SchedTask t, long mask) { p.setCpumask(t, mask); }
        };
    }
}
