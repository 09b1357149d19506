package org.kernellab.api.sched;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A task and a host that answer only what the API's helpers may read, so that a test fails if a
 * helper reads anything else. (Policies' tests use kernel.policy.testkit, which depends on this
 * module, so these cannot come from there.)
 */
final class Fakes {
    private Fakes() {}

    /** A task {@code t<pid>} answering pid, comm, affinity (and allowed), and the ops in {@code more}. */
    static SchedTask task(int pid, long affinity, Map<String, Object> more) {
        InvocationHandler h = (proxy, m, args) -> switch (m.getName()) {
            case "pid" -> pid;
            case "comm", "toString" -> "t" + pid;
            case "affinity" -> affinity;
            case "allowed" -> InvocationHandler.invokeDefault(proxy, m, args);
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                if (!more.containsKey(m.getName())) throw new UnsupportedOperationException("the helper read SchedTask." + m.getName());
                yield more.get(m.getName());
            }
        };
        return (SchedTask) Proxy.newProxyInstance(SchedTask.class.getClassLoader(), new Class<?>[] {SchedTask.class}, h);
    }

    static SchedTask task(int pid, long affinity) {
        return task(pid, affinity, Map.of());
    }

    /**
     * CPUs that run what a test puts in {@link #current} (null and {@link #idle}: idle; null and
     * not idle: a higher class); it records log lines and kicks.
     */
    static final class Host implements PolicyHost {
        final boolean[] idle;
        final SchedTask[] current;
        long now;
        final List<String> log = new ArrayList<>();
        final List<Integer> kicked = new ArrayList<>();

        Host(int cpus) {
            this.idle = new boolean[cpus];
            this.current = new SchedTask[cpus];
        }

        @Override public int nrCpus() { return idle.length; }
        @Override public long now() { return now; }
        @Override public boolean isIdle(int cpu) { return idle[cpu]; }
        @Override public SchedTask current(int cpu) { return current[cpu]; }
        @Override public void log(String message) { log.add(message); }
        @Override public void kick(int cpu) { kicked.add(cpu); }

        @Override public long clock(int cpu) { throw new UnsupportedOperationException("the helper read clock"); }
        @Override public long tickNs() { throw new UnsupportedOperationException("the helper read tickNs"); }
        @Override public void preemptAfter(int cpu, long ns) { throw new UnsupportedOperationException("the helper armed an hrtick"); }
        @Override public SplittableRandom random() { throw new UnsupportedOperationException("the helper drew"); }
    }
}
