package org.kernellab.policy.test.testfifo;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * A correct global FIFO with a time slice (round robin over one queue, sched_ext's
 * {@code scx_simple} in FIFO mode): enqueue appends, pick takes the first task allowed on the
 * CPU, dequeue removes, and {@link PolicyHost#preemptAfter} ends each slice so that every task
 * gets the CPU. Touched only inside ops, one at a time per machine.
 */
final class TestFifo implements Policy {
    private final PolicyHost host;
    private final long sliceNs;
    private final boolean kickOwnCpu;
    private final String instance;
    private final DispatchQueue queue = DispatchQueue.fifo();

    TestFifo(PolicyHost host, long sliceNs, boolean kickOwnCpu, String instance) {
        this.host = host;
        this.sliceNs = sliceNs;
        this.kickOwnCpu = kickOwnCpu;
        this.instance = instance;
    }

    @Override public String name() { return "testfifo"; }

    @Override
    public void init() {
        host.log("init by " + instance);
    }

    /**
     * Appends {@code p} and kicks one other idle CPU that may run it. Not {@code cpu} itself unless
     * {@code kick_own_cpu=true}: the core calls enqueue from inside that CPU's schedule (a
     * preempted task is requeued while the CPU has no current task, so {@link PolicyHost#isIdle}
     * says true), and today a kick there makes the CPU schedule again at the same instant, for
     * ever (SchedulerCoreBugsTest). sched_ext allows the kick; only the test of that bug sets it.
     */
    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        queue.insertTail(p);
        for (int c = 0; c < host.nrCpus(); c++) {
            if ((c != cpu || kickOwnCpu) && p.allowed(c) && host.isIdle(c)) {
                host.kick(c);
                break;
            }
        }
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        queue.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        return queue.take(cpu);
    }

    @Override
    public void running(int cpu, SchedTask p) {
        host.preemptAfter(cpu, sliceNs);
    }
}
