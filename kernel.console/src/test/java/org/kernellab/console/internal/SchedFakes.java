package org.kernellab.console.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kernellab.api.Kernel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskState;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;

/** Hand-made stand-ins for the kernel and the scheduler, enough for the sched: commands. */
final class SchedFakes {
    private SchedFakes() {}

    static final class FakeTask implements Task {
        final int pid;
        final String comm;
        SchedAttr attr = SchedAttr.normal();
        long affinity = -1L;

        FakeTask(int pid, String comm) {
            this.pid = pid;
            this.comm = comm;
        }

        @Override public int pid() { return pid; }
        @Override public String comm() { return comm; }
        @Override public TaskState state() { return TaskState.RUNNING; }
        @Override public int nice() { return attr.nice; }
        @Override public int cpu() { return 0; }
        @Override public boolean isIdle() { return false; }
        @Override public boolean isKernelThread() { return false; }
        @Override public SchedAttr attr() { return attr; }
        @Override public long affinity() { return affinity; }
    }

    /**
     * A kernel with a few tasks: sched_setattr and sched_setaffinity return {@link #rc} and,
     * when it is 0, apply the change; set_user_nice applies it. Every other method throws.
     */
    static final class FakeKernel {
        final Map<Integer, FakeTask> tasks = new TreeMap<>();
        final List<String> calls = new ArrayList<>();
        int cpus = 4;
        int rc;

        FakeTask add(int pid, String comm) {
            FakeTask t = new FakeTask(pid, comm);
            tasks.put(pid, t);
            return t;
        }

        Kernel kernel() {
            return (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class}, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "task":
                        return tasks.get((Integer) args[0]);
                    case "nrCpus":
                        return cpus;
                    case "schedSetattr": {
                        FakeTask t = (FakeTask) args[0];
                        calls.add("sched_setattr " + t.pid + " " + args[1]);
                        if (rc == 0) t.attr = (SchedAttr) args[1];
                        return rc;
                    }
                    case "schedSetaffinity": {
                        FakeTask t = (FakeTask) args[0];
                        calls.add("sched_setaffinity " + t.pid + " " + Long.toBinaryString((Long) args[1]));
                        if (rc == 0) t.affinity = (Long) args[1];
                        return rc;
                    }
                    case "setNice": {
                        FakeTask t = (FakeTask) args[0];
                        calls.add("set_user_nice " + t.pid + " " + args[1]);
                        t.attr = t.attr.withNice((Integer) args[1]);
                        return null;
                    }
                    case "toString":
                        return "FakeKernel";
                    default:
                        throw new UnsupportedOperationException("the fake kernel has no " + m.getName());
                }
            });
        }
    }

    /** A scheduler with the built-in fair class and the policies given; use() switches at once. */
    static final class FakeControl implements SchedulerControl {
        final List<PolicyInfoDTO> policies = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        String active = "fair";
        Map<String, String> params = new LinkedHashMap<>();
        /** When false, use() only records the wish, as a machine that has not reached its safe point. */
        boolean applyAtOnce = true;
        String desired;

        @Override
        public org.kernellab.api.sched.core.SchedulerFactory factory(String name, Map<String, String> params) {
            throw new UnsupportedOperationException("the console's fake scheduler makes no machines");
        }

        FakeControl(String... names) {
            policies.add(policy("fair", "kernel.sched", List.of()));
            for (String n : names) policies.add(policy(n, "kernel.policy." + n, List.of("slice")));
        }

        private static PolicyInfoDTO policy(String name, String bundle, List<String> parameters) {
            PolicyInfoDTO p = new PolicyInfoDTO();
            p.name = name;
            p.bundle = bundle;
            p.version = "0.1.0.SNAPSHOT";
            p.description = "the " + name + " policy";
            p.parameters = parameters;
            return p;
        }

        @Override
        public List<PolicyInfoDTO> policies() {
            for (PolicyInfoDTO p : policies) p.state = p.name.equals(active) ? "active" : "available";
            return policies;
        }

        @Override
        public void use(String name, Map<String, String> params) {
            calls.add("use " + name + " " + params);
            if (policies.stream().noneMatch(p -> p.name.equals(name))) {
                throw new IllegalArgumentException("policy \"" + name + "\" is unknown; policies: "
                    + String.join(", ", policies.stream().map(p -> p.name).toList()));
            }
            if (applyAtOnce) {
                active = name;
                this.params = params;
            } else {
                desired = name;
            }
        }

        @Override
        public SchedStatusDTO status() {
            SchedStatusDTO s = new SchedStatusDTO();
            s.active = active;
            s.params = params;
            s.desired = desired;
            s.sinceNs = 1_234_567_000L;
            s.nowNs = 2_000_000_000L;
            s.cpus = 2;
            s.tasksPerClass = new LinkedHashMap<>(Map.of("fair", 3));
            s.policyCalls = new LinkedHashMap<>();
            s.ejections = List.of();
            return s;
        }
    }
}
