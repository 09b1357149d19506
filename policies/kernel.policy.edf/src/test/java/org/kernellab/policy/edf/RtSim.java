package org.kernellab.policy.edf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.sched.SchedulerService;

/**
 * A machine at HZ 1000 running one policy, with periodic tasks written as SimSo counts them:
 * job k of a task (C, T, D, O) is released at O + kT ms and computes C ms. A job released while
 * the previous one still runs starts when that one ends (SimSo's {@code continue}). Times are
 * whole milliseconds, which ticks at HZ 1000 hit exactly: a job's release is the tick that
 * wakes its task.
 */
final class RtSim implements AutoCloseable {
    static final long MS = 1_000_000L;

    /** The task {@code comm} ran from {@code startMs} to {@code endMs} on one CPU. */
    record Seg(long startMs, long endMs, String comm) {
        @Override public String toString() { return comm + " " + startMs + "-" + endMs; }
    }

    final StandaloneMachine m;
    private final Map<String, Long> costMs = new HashMap<>();

    RtSim(int cpus, PolicyProvider provider, Map<String, String> params) {
        SchedulerService svc = new SchedulerService();
        svc.addProvider(provider);
        m = new StandaloneMachine(cpus, 1000, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.schedulerFactory(svc);
        m.withPeriodicTick();
        svc.use(provider.name(), params);
        m.tracer().start();
    }

    RtSim(PolicyProvider provider) {
        this(1, provider, Map.of());
    }

    /** A periodic task: {@code jobs} jobs of {@code c} ms every {@code t} ms from {@code offset} ms, due {@code d} ms after release. */
    Task periodic(String comm, long c, long t, long d, long offset, int jobs) {
        SchedAttr attr = SchedAttr.normal().withPeriod(t * MS, d == t ? 0 : d * MS);
        costMs.put(comm, c);
        return m.kernel().spawn(TaskSpec.process(comm).attr(attr), k -> {
            for (int j = 0; j < jobs; j++) {
                sleepUntil(k, offset + j * t);
                k.compute(c * MS);
            }
        });
    }

    Task periodic(String comm, long c, long t, int jobs) {
        return periodic(comm, c, t, t, 0, jobs);
    }

    /** A task with no period or deadline that computes {@code c} ms. */
    Task background(String comm, long c) {
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

    void run(long limitMs) {
        m.kernel().runUntilIdle(limitMs * MS);
    }

    /** Who ran on {@code cpu} and when, from sched_switch: idle and zero-length runs left out, adjacent runs of one task merged. */
    List<Seg> schedule(int cpu) {
        Map<Integer, String> comms = new HashMap<>();
        List<long[]> switches = new ArrayList<>(); // time, next pid
        for (TraceEventDTO e : m.tracer().events()) {
            if (!e.type.equals("sched_switch") || e.cpu != cpu) continue;
            comms.put(e.arg, nextComm(e.detail));
            switches.add(new long[] {e.timeNs, e.arg});
        }
        List<Seg> out = new ArrayList<>();
        for (int i = 0; i + 1 < switches.size(); i++) {
            long from = switches.get(i)[0], to = switches.get(i + 1)[0];
            int pid = (int) switches.get(i)[1];
            if (pid == 0 || to == from) continue;
            String comm = comms.get(pid);
            if (from % MS != 0 || to % MS != 0) throw new AssertionError(comm + " ran " + from + "-" + to + " ns, off the ms grid");
            Seg last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.comm().equals(comm) && last.endMs() == from / MS) {
                out.set(out.size() - 1, new Seg(last.startMs(), to / MS, comm));
            } else {
                out.add(new Seg(from / MS, to / MS, comm));
            }
        }
        return out;
    }

    /** next_comm from a sched_switch record's text ("prev_comm=a ... ==> next_comm=b next_pid=2 ..."). */
    static String nextComm(String detail) {
        int at = detail.indexOf("next_comm=") + "next_comm=".length();
        return detail.substring(at, detail.indexOf(" next_pid=", at));
    }

    /** CPU time {@code comm} had on {@code cpu} before {@code atMs}, ms. */
    long ranBefore(int cpu, String comm, long atMs) {
        long sum = 0;
        for (Seg s : schedule(cpu)) {
            if (s.comm().equals(comm)) sum += Math.max(0, Math.min(s.endMs(), atMs) - s.startMs());
        }
        return sum;
    }

    /**
     * The completion time of job {@code job} of {@code comm}, ms: when the task's CPU time,
     * read from the trace, reaches (job + 1) × C. (The body itself may see the end later: a
     * release at the same instant preempts it before its compute() returns.)
     */
    long doneAt(String comm, int job) {
        long need = (job + 1) * costMs.get(comm), ran = 0;
        List<Seg> mine = new ArrayList<>();
        for (int cpu = 0; cpu < m.kernel().nrCpus(); cpu++) {
            for (Seg g : schedule(cpu)) if (g.comm().equals(comm)) mine.add(g);
        }
        mine.sort(java.util.Comparator.comparingLong(Seg::startMs));
        for (Seg g : mine) {
            if (ran + g.endMs() - g.startMs() >= need) return g.startMs() + need - ran;
            ran += g.endMs() - g.startMs();
        }
        throw new AssertionError(comm + " job " + job + " never finished: " + mine);
    }

    String dmesg() {
        StringBuilder sb = new StringBuilder();
        for (LogLineDTO l : m.kernel().dmesg()) sb.append(l.text).append('\n');
        return sb.toString();
    }

    /** Parses "T1 0-2, T2 2-6, ..." into segments, for expected schedules written as SimSo prints them. */
    static List<Seg> segs(String s) {
        List<Seg> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String[] w = part.trim().split("[ -]");
            out.add(new Seg(Long.parseLong(w[1]), Long.parseLong(w[2]), w[0]));
        }
        return out;
    }

    @Override
    public void close() {
        m.close();
    }
}
