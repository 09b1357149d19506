package org.kernellab.policy.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.trace.Tracer;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.sched.SchedulerService;

/**
 * A policy on a real simulated machine: a {@link StandaloneMachine} (violations warn, full
 * preemption, Linux 6's preempt_count layout, a periodic tick) whose scheduler is the real
 * scheduler core, {@link SchedulerService}, with one policy provider registered. On top: the
 * workloads the policies' tests use (OSTEP jobs with a length hint, SimSo periodic tasks, hogs)
 * and readers of the trace (completion and first-run times, the order of switches, who ran
 * where and when) and of {@code ps} (CPU time, hence shares). Everything is virtual time: the
 * same machine, seed and workload give the same trace.
 *
 * <p>{@link #PolicyMachine(int, PolicyProvider, Map)} is what most tests want: HZ 1000, seed 1,
 * the policy enabled and the tracer on. The other constructors leave both to the test, for
 * one that swaps policies or sees {@code sched:use} refuse its parameters.
 */
public final class PolicyMachine implements AutoCloseable {
    public static final long US = 1_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;

    /** The task {@code comm} ran from {@code startMs} to {@code endMs} on one CPU. */
    public record Seg(long startMs, long endMs, String comm) {
        @Override public String toString() { return comm + " " + startMs + "-" + endMs; }
    }

    private final PolicyProvider provider;
    private final SchedulerService svc = new SchedulerService();
    private final StandaloneMachine m;
    /** The CPU time of each job of the tasks made by {@link #periodic} and {@link #background}, ms. */
    private final Map<String, Long> costMs = new HashMap<>();

    /** {@code cpus} CPUs at {@code hz}, seeded {@code seed}, with {@code provider} registered: no policy enabled, no tracing. */
    public PolicyMachine(int cpus, int hz, long seed, PolicyProvider provider) {
        this.provider = provider;
        svc.addProvider(provider);
        m = new StandaloneMachine(cpus, hz, seed, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.schedulerFactory(svc);
        m.withPeriodicTick();
    }

    /** Seed 1. */
    public PolicyMachine(int cpus, int hz, PolicyProvider provider) {
        this(cpus, hz, 1, provider);
    }

    /** {@code cpus} CPUs at HZ 1000, seed 1, running {@code provider}'s policy with {@code params}, tracing. */
    public PolicyMachine(int cpus, PolicyProvider provider, Map<String, String> params) {
        this(cpus, 1000, provider);
        use(params);
        m.tracer().start();
    }

    /** One CPU at HZ 1000, seed 1, running {@code provider}'s policy with its defaults, tracing. */
    public PolicyMachine(PolicyProvider provider) {
        this(1, provider, Map.of());
    }

    /** {@code sched:use} the provider's policy with {@code params}; returns this. */
    public PolicyMachine use(Map<String, String> params) {
        svc.use(provider.name(), params);
        return this;
    }

    /** Starts the tracer; returns this. */
    public PolicyMachine trace() {
        m.tracer().start();
        return this;
    }

    public Kernel kernel() { return m.kernel(); }

    public Tracer tracer() { return m.tracer(); }

    /** The scheduler core, for {@code use} of another policy (or of {@code fair}). */
    public SchedulerService scheduler() { return svc; }

    @Override
    public void close() {
        m.close();
    }

    // ---- workloads ----------------------------------------------------------------------

    public static long ms(long n) { return n * MS; }

    /** A spec with the expected run length hint {@code hintMs} (0: no hint). */
    public static TaskSpec spec(String comm, long hintMs) {
        return TaskSpec.process(comm).attr(SchedAttr.normal().withExpectedRun(ms(hintMs)));
    }

    /** OSTEP's job: computes {@code lengthMs}, with that length as its hint. */
    public Task job(String comm, long lengthMs) {
        return m.kernel().spawn(spec(comm, lengthMs), k -> k.compute(ms(lengthMs)));
    }

    public Task spawn(TaskSpec spec, TaskBody body) {
        return m.kernel().spawn(spec, body);
    }

    /** A task that computes 1 ms at a time, forever. */
    public Task hog(TaskSpec spec) {
        return m.kernel().spawn(spec, k -> {
            for (;;) k.compute(MS);
        });
    }

    /** A task that sleeps until jiffy {@code startMs} (HZ 1000: ms), then computes {@code computeMs}. */
    public Task startAt(TaskSpec spec, long startMs, long computeMs) {
        return m.kernel().spawn(spec, k -> {
            sleepUntil(k, startMs);
            k.compute(computeMs * MS);
        });
    }

    /**
     * SimSo's periodic task: {@code jobs} jobs of {@code c} ms, job k released at
     * {@code offset + k t} ms and due {@code d} ms after its release. A job released while the
     * previous one still runs starts when that one ends (SimSo's {@code continue}). Times are
     * whole ms, which ticks at HZ 1000 hit exactly: a release is the tick that wakes the task.
     */
    public Task periodic(String comm, long c, long t, long d, long offset, int jobs) {
        SchedAttr attr = SchedAttr.normal().withPeriod(t * MS, d == t ? 0 : d * MS);
        costMs.put(comm, c);
        return m.kernel().spawn(TaskSpec.process(comm).attr(attr), k -> {
            for (int j = 0; j < jobs; j++) {
                sleepUntil(k, offset + j * t);
                k.compute(c * MS);
            }
        });
    }

    /** Released at 0, due at the end of its period. */
    public Task periodic(String comm, long c, long t, int jobs) {
        return periodic(comm, c, t, t, 0, jobs);
    }

    /** A task with no period or deadline that computes {@code c} ms. */
    public Task background(String comm, long c) {
        costMs.put(comm, c);
        return m.kernel().spawn(TaskSpec.process(comm), k -> k.compute(c * MS));
    }

    /** Sleeps until jiffy {@code j}, which at HZ 1000 is {@code j} ms (the first tick, at 1 ms, makes jiffies 1). */
    private static void sleepUntil(Kernel k, long j) {
        while (k.jiffies() < j) {
            k.setCurrentState(TaskState.INTERRUPTIBLE);
            k.scheduleTimeout(j - k.jiffies());
        }
    }

    /** Runs until every CPU idles, for at most 10 s. */
    public void run() {
        m.kernel().runUntilIdle(10 * S);
    }

    /** Runs until every CPU idles, for at most {@code limitMs}. */
    public void run(long limitMs) {
        m.kernel().runUntilIdle(limitMs * MS);
    }

    // ---- the trace: when ----------------------------------------------------------------

    private List<TraceEventDTO> events(String type, int pid) {
        List<TraceEventDTO> out = new ArrayList<>();
        for (TraceEventDTO e : m.tracer().events()) if (e.type.equals(type) && e.arg == pid) out.add(e);
        return out;
    }

    /** When {@code t} exited (sched_process_exit): OSTEP's turnaround, as every job arrives at 0. */
    public long exitNs(Task t) {
        List<TraceEventDTO> ev = events("sched_process_exit", t.pid());
        if (ev.isEmpty()) fail(t.comm() + " never exited");
        return ev.get(0).timeNs;
    }

    /** When {@code t} first ran (its first sched_switch in): OSTEP's response. */
    public long firstRunNs(Task t) {
        List<TraceEventDTO> ev = events("sched_switch", t.pid());
        if (ev.isEmpty()) fail(t.comm() + " never ran");
        return ev.get(0).timeNs;
    }

    // ---- the trace: who, in which order, where ------------------------------------------

    /** The comms switched to, in order, counting only {@code tasks}; a task picked again straight after itself counts once. */
    public List<String> switches(Task... tasks) {
        List<String> out = new ArrayList<>();
        for (TraceEventDTO e : m.tracer().events()) {
            if (!e.type.equals("sched_switch")) continue;
            Arrays.stream(tasks).filter(t -> t.pid() == e.arg).findFirst().ifPresent(t -> {
                if (out.isEmpty() || !out.get(out.size() - 1).equals(t.comm())) out.add(t.comm());
            });
        }
        return out;
    }

    /** The CPUs {@code t} was switched in on. */
    public Set<Integer> cpus(Task t) {
        Set<Integer> out = new TreeSet<>();
        for (TraceEventDTO e : events("sched_switch", t.pid())) out.add(e.cpu);
        return out;
    }

    /** One stretch on a CPU, ns. */
    private record Run(long startNs, long endNs, String comm) {}

    /**
     * Who ran on {@code cpu} between {@code fromNs} and {@code toNs}, from sched_switch: idle and
     * zero-length runs left out, adjacent runs of one task merged. With {@code msGrid}, a run
     * that starts or ends off a whole ms fails the test.
     */
    private List<Run> runs(int cpu, long fromNs, long toNs, boolean msGrid) {
        Map<Integer, String> comms = new HashMap<>();
        List<long[]> switches = new ArrayList<>(); // time, next pid
        for (TraceEventDTO e : m.tracer().events()) {
            if (!e.type.equals("sched_switch") || e.cpu != cpu) continue;
            comms.put(e.arg, nextComm(e.detail));
            switches.add(new long[] {e.timeNs, e.arg});
        }
        List<Run> out = new ArrayList<>();
        for (int i = 0; i + 1 < switches.size(); i++) {
            long from = Math.max(switches.get(i)[0], fromNs), to = Math.min(switches.get(i + 1)[0], toNs);
            int pid = (int) switches.get(i)[1];
            if (pid == 0 || to <= from) continue;
            String comm = comms.get(pid);
            if (msGrid && (from % MS != 0 || to % MS != 0)) throw new AssertionError(comm + " ran " + from + "-" + to + " ns, off the ms grid");
            Run last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.comm().equals(comm) && last.endNs() == from) {
                out.set(out.size() - 1, new Run(last.startNs(), to, comm));
            } else {
                out.add(new Run(from, to, comm));
            }
        }
        return out;
    }

    /** Who ran on {@code cpu} and when, whole ms: idle and zero-length runs left out, adjacent runs of one task merged. */
    public List<Seg> schedule(int cpu) {
        return runs(cpu, Long.MIN_VALUE, Long.MAX_VALUE, true).stream().map(r -> new Seg(r.startNs() / MS, r.endNs() / MS, r.comm())).toList();
    }

    /**
     * "a 0-20, b 20-40, ...": who ran on {@code cpu} from {@code fromMs} to {@code toMs}, runs cut
     * to that window, times in ms (with three decimals when off the ms grid).
     */
    public String timeline(int cpu, long fromMs, long toMs) {
        List<String> out = new ArrayList<>();
        for (Run r : runs(cpu, fromMs * MS, toMs * MS, false)) out.add(r.comm() + " " + fmt(r.startNs()) + "-" + fmt(r.endNs()));
        return String.join(", ", out);
    }

    private static String fmt(long ns) {
        return ns % MS == 0 ? Long.toString(ns / MS) : (ns / 1000) / 1000.0 + "";
    }

    /** next_comm from a sched_switch record's text ("prev_comm=a ... ==> next_comm=b next_pid=2 ..."). */
    public static String nextComm(String detail) {
        int at = detail.indexOf("next_comm=") + "next_comm=".length();
        return detail.substring(at, detail.indexOf(" next_pid=", at));
    }

    /** Parses "T1 0-2, T2 2-6, ..." into segments, for expected schedules written as SimSo prints them. */
    public static List<Seg> segs(String s) {
        List<Seg> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String[] w = part.trim().split("[ -]");
            out.add(new Seg(Long.parseLong(w[1]), Long.parseLong(w[2]), w[0]));
        }
        return out;
    }

    /** CPU time {@code comm} had on {@code cpu} before {@code atMs}, ms. */
    public long ranBefore(int cpu, String comm, long atMs) {
        long sum = 0;
        for (Seg s : schedule(cpu)) {
            if (s.comm().equals(comm)) sum += Math.max(0, Math.min(s.endMs(), atMs) - s.startMs());
        }
        return sum;
    }

    /**
     * The completion time of job {@code job} of {@code comm} (made by {@link #periodic} or
     * {@link #background}), ms: when the task's CPU time, read from the trace, reaches
     * (job + 1) × C. (The body itself may see the end later: a release at the same instant
     * preempts it before its compute() returns.)
     */
    public long doneAt(String comm, int job) {
        long need = (job + 1) * costMs.get(comm), ran = 0;
        List<Seg> mine = new ArrayList<>();
        for (int cpu = 0; cpu < m.kernel().nrCpus(); cpu++) {
            for (Seg g : schedule(cpu)) if (g.comm().equals(comm)) mine.add(g);
        }
        mine.sort(Comparator.comparingLong(Seg::startMs));
        for (Seg g : mine) {
            if (ran + g.endMs() - g.startMs() >= need) return g.startMs() + need - ran;
            ran += g.endMs() - g.startMs();
        }
        throw new AssertionError(comm + " job " + job + " never finished: " + mine);
    }

    // ---- the kernel's own reports -------------------------------------------------------

    /** The kernel log, one line each. */
    public String dmesg() {
        StringBuilder sb = new StringBuilder();
        for (LogLineDTO l : m.kernel().dmesg()) sb.append(l.text).append('\n');
        return sb.toString();
    }

    /** {@code ps}'s line for {@code comm}: its CPU time (utime, stime), hence its share; its class. */
    public static TaskDTO ps(PolicyMachine m, String comm) {
        for (TaskDTO t : m.kernel().ps()) if (t.comm.equals(comm)) return t;
        throw new AssertionError("no task " + comm);
    }

    /** No line of the kernel log says a policy was disabled (sched_ext's "disabled (reason)"). */
    public static void assertNotEjected(PolicyMachine m) {
        for (LogLineDTO l : m.kernel().dmesg()) assertFalse(l.text.contains("disabled ("), l.text);
    }
}
