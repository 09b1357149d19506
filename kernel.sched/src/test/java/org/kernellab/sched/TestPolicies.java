package org.kernellab.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyParams;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedTask;

/** Small policies for the host's tests: a correct global FIFO, and variants that break one rule each. */
final class TestPolicies {
    private TestPolicies() {}

    /** A global FIFO that records the lifecycle calls it sees. */
    static class Fifo implements Policy {
        final String name;
        final PolicyHost host;
        final ArrayDeque<SchedTask> queue = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        Fifo(String name, PolicyHost host) {
            this.name = name;
            this.host = host;
        }

        @Override public String name() { return name; }
        @Override public void enable(SchedTask p) { calls.add("enable " + p.comm()); }
        @Override public void disable(SchedTask p) { calls.add("disable " + p.comm()); }
        @Override public void enqueue(int cpu, SchedTask p, Enqueue why) { queue.addLast(p); }
        @Override public void dequeue(int cpu, SchedTask p, Dequeue why) { queue.remove(p); }

        @Override
        public SchedTask pick(int cpu) {
            for (var it = queue.iterator(); it.hasNext();) {
                SchedTask t = it.next();
                if (t.allowed(cpu)) {
                    it.remove();
                    return t;
                }
            }
            return null;
        }

        @Override
        public void running(int cpu, SchedTask p) {
            calls.add("running " + p.comm());
            host.preemptAfter(cpu, 5_000_000L);
        }

        @Override
        public void stopping(int cpu, SchedTask p, boolean runnable) {
            calls.add("stopping " + p.comm() + " " + runnable);
        }

        @Override
        public void setWeight(SchedTask p, int weight) {
            calls.add("setWeight " + p.comm() + " " + weight);
        }
    }

    static PolicyProvider provider(String name, Function<PolicyHost, Policy> make) {
        return new PolicyProvider() {
            @Override public String name() { return name; }
            @Override public String description() { return "test policy " + name; }
            @Override public List<String> parameters() { return List.of("slice"); }

            @Override
            public Policy create(PolicyHost host, Map<String, String> params) {
                PolicyParams pp = new PolicyParams(name, params, parameters());
                pp.durationNs("slice", 5_000_000L, 1);
                pp.done();
                return make.apply(host);
            }
        };
    }
}
