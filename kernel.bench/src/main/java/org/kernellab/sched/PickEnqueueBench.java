package org.kernellab.sched;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.kernellab.api.LogLevel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskState;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.core.KTask;
import org.kernellab.api.sched.core.Put;
import org.kernellab.api.sched.core.SchedMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler core's put-and-pick cost per policy: one operation is what __schedule() asks of
 * the scheduler when the running task is preempted with {@code tasks} runnable tasks on the CPU
 * (put the previous task back: enqueue; pick the next: pick), through the real core and, for the
 * swappable policies, its guarded path and the policy's running/stopping ops. The running task
 * is charged 1 ms of CPU time before each operation, so fair policies move it in their order.
 * The machine around it is a stub: no baton, no threads, only the scheduler's own work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xms2g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PickEnqueueBench {
    @Param({"fair", "fifo", "rr", "sjf", "stcf", "mlfq", "lottery", "stride", "o1", "cfs", "edf", "rm", "simple"})
    public String policy;

    @Param({"100", "10000", "100000"})
    public int tasks;

    private Stub m;
    private Core core;
    private Task curr;

    /** A task of the stub machine: only what the scheduler reads. */
    static final class Task implements KTask {
        final int pid;
        final boolean idle;
        SchedAttr attr;
        long affinity = -1L;
        int cpu;
        Object se;
        long exec;
        boolean onCpu;

        Task(int pid, boolean idle, SchedAttr attr) {
            this.pid = pid;
            this.idle = idle;
            this.attr = attr;
        }

        @Override public int pid() { return pid; }
        @Override public String comm() { return idle ? "swapper/0" : "t" + pid; }
        @Override public TaskState state() { return TaskState.RUNNING; }
        @Override public int nice() { return attr.nice; }
        @Override public int cpu() { return cpu; }
        @Override public boolean isIdle() { return idle; }
        @Override public boolean isKernelThread() { return false; }
        @Override public SchedAttr attr() { return attr; }
        @Override public long affinity() { return affinity; }
        @Override public Object se() { return se; }
        @Override public void se(Object entity) { se = entity; }
        @Override public void attr(SchedAttr a) { attr = a; }
        @Override public void affinity(long mask) { affinity = mask; }
        @Override public void setCpu(int c) { cpu = c; }
        @Override public long sumExecNs() { return exec; }
        @Override public long startNs() { return 0; }
        @Override public boolean onCpu() { return onCpu; }
    }

    /** One CPU, a clock the benchmark moves, timers that never fire. */
    static final class Stub implements SchedMachine {
        final List<Task> all = new ArrayList<>();
        final Task idle = new Task(0, true, SchedAttr.normal());
        KTask current = idle;
        long clock;
        long timers;

        @Override public int nrCpus() { return 1; }
        @Override public String label() { return "bench"; }
        @Override public int hz() { return 1000; }
        @Override public long tickNs() { return 1_000_000L; }
        @Override public long now() { return clock; }
        @Override public long clock(int cpu) { return clock; }
        @Override public int thisCpu() { return 0; }
        @Override public KTask current(int cpu) { return current; }
        @Override public KTask idleTask(int cpu) { return idle; }
        @Override public void reschedCurr(int cpu) {}
        @Override public Collection<? extends KTask> tasks() { return all; }
        @Override public long timer(long atNs, Runnable fn) { return timers++; }
        @Override public boolean cancel(long timerId) { return true; }
        @Override public void migrated(KTask p, int fromCpu, int toCpu) {}
        @Override public void log(LogLevel level, String message) {}
        @Override public SplittableRandom random(String stream) { return new SplittableRandom(stream.hashCode()); }
        @Override public void post(Runnable action) { action.run(); }
        @Override public long generation() { return 0; }
    }

    /** A policy bundle's provider, made as DS would with its default configuration. */
    public static PolicyProvider provider(String name) throws ReflectiveOperationException {
        String cls = "org.kernellab.policy." + name + "." + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Provider";
        var ctor = Class.forName(cls).getDeclaredConstructor();
        ctor.setAccessible(true);
        return (PolicyProvider) ctor.newInstance();
    }

    @Setup
    public void boot() throws ReflectiveOperationException {
        m = new Stub();
        SchedulerService svc = new SchedulerService();
        if (!policy.equals("fair")) {
            svc.addProvider(provider(policy));
            svc.use(policy, Map.of());
        }
        core = (Core) svc.create(m);
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 1; i <= tasks; i++) {
            // hints the teaching policies order by: run lengths, tickets, periods
            SchedAttr a = SchedAttr.normal().withNice(r.nextInt(-5, 6)).withExpectedRun(1_000_000L * r.nextInt(1, 1000))
                    .withTickets(r.nextInt(1, 200)).withPeriod(1_000_000L * r.nextInt(10, 1000), 0);
            Task t = new Task(i, false, a);
            m.all.add(t);
            core.wakeUpNew(t);
        }
        curr = (Task) core.pickNext(0, m.idle, Put.IDLE);
        curr.onCpu = true;
        m.current = curr;
        String active = core.ext.active() ? core.ext.policyName() : "fair";
        if (!active.equals(policy)) throw new IllegalStateException("policy " + policy + " is not active: " + active);
    }

    @Benchmark
    public KTask putAndPick() {
        Task prev = curr;
        prev.exec += 1_000_000L;
        m.clock += 1_000_000L;
        Task next = (Task) core.pickNext(0, prev, Put.PREEMPT);
        prev.onCpu = false;
        next.onCpu = true;
        m.current = next;
        curr = next;
        return next;
    }
}
