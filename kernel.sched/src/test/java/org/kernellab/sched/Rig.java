package org.kernellab.sched;

import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;

/** A standalone machine with this bundle's scheduler and a periodic tick, for the scheduler's tests. */
final class Rig implements AutoCloseable {
    final SchedulerService svc;
    final StandaloneMachine m;
    final Kernel k;

    Rig(int cpus, int hz) {
        this(cpus, hz, new SchedulerService());
    }

    Rig(int cpus, int hz, SchedulerService svc) {
        this.svc = svc;
        m = new StandaloneMachine(cpus, hz, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.schedulerFactory(svc);
        m.withPeriodicTick();
        k = m.kernel();
    }

    TaskDTO ps(String comm) {
        for (TaskDTO t : k.ps()) if (t.comm.equals(comm)) return t;
        throw new AssertionError("no task " + comm + " in " + k.ps());
    }

    long cpuNs(String comm) {
        TaskDTO t = ps(comm);
        return t.utimeNs + t.stimeNs;
    }

    String dmesg() {
        StringBuilder sb = new StringBuilder();
        List<LogLineDTO> lines = k.dmesg();
        for (LogLineDTO l : lines) sb.append(l.text).append('\n');
        return sb.toString();
    }

    static long ms(long n) { return n * 1_000_000L; }

    @Override
    public void close() {
        m.close();
    }
}
