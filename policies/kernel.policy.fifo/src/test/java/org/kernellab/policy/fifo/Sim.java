package org.kernellab.policy.fifo;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.sched.SchedulerService;

/**
 * A standalone machine (HZ 1000, periodic tick) running one policy, with OSTEP's job model:
 * a job computes its length and carries it as the expected run length hint. Reads completion
 * and first-run times from the trace.
 */
final class Sim implements AutoCloseable {
    static final long MS = 1_000_000L;

    final StandaloneMachine m;

    Sim(int cpus, PolicyProvider provider, Map<String, String> params) {
        SchedulerService svc = new SchedulerService();
        svc.addProvider(provider);
        m = new StandaloneMachine(cpus, 1000, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.schedulerFactory(svc);
        m.withPeriodicTick();
        svc.use(provider.name(), params);
        m.tracer().start();
    }

    static long ms(long n) { return n * MS; }

    /** A spec with the expected run length hint {@code hintMs} (0: no hint). */
    static TaskSpec spec(String comm, long hintMs) {
        return TaskSpec.process(comm).attr(SchedAttr.normal().withExpectedRun(ms(hintMs)));
    }

    /** A job that computes {@code lengthMs}, with that length as its hint. */
    Task job(String comm, long lengthMs) {
        return m.kernel().spawn(spec(comm, lengthMs), k -> k.compute(ms(lengthMs)));
    }

    Task spawn(TaskSpec spec, TaskBody body) {
        return m.kernel().spawn(spec, body);
    }

    void run() {
        m.kernel().runUntilIdle(10_000_000_000L);
    }

    private List<TraceEventDTO> events(String type, int pid) {
        List<TraceEventDTO> out = new ArrayList<>();
        for (TraceEventDTO e : m.tracer().events()) if (e.type.equals(type) && e.arg == pid) out.add(e);
        return out;
    }

    /** When {@code t} exited (sched_process_exit): OSTEP's turnaround, as every job arrives at 0. */
    long exitNs(Task t) {
        List<TraceEventDTO> ev = events("sched_process_exit", t.pid());
        if (ev.isEmpty()) fail(t.comm() + " never exited");
        return ev.get(0).timeNs;
    }

    /** When {@code t} first ran (its first sched_switch in): OSTEP's response. */
    long firstRunNs(Task t) {
        List<TraceEventDTO> ev = events("sched_switch", t.pid());
        if (ev.isEmpty()) fail(t.comm() + " never ran");
        return ev.get(0).timeNs;
    }

    /** The comms switched to, in order, counting only {@code tasks}; a task picked again straight after itself counts once. */
    List<String> switches(Task... tasks) {
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
    Set<Integer> cpus(Task t) {
        Set<Integer> out = new TreeSet<>();
        for (TraceEventDTO e : events("sched_switch", t.pid())) out.add(e.cpu);
        return out;
    }

    @Override
    public void close() {
        m.close();
    }
}
