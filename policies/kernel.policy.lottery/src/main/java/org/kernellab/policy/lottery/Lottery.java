package org.kernellab.policy.lottery;

import java.util.TreeMap;
import java.util.function.DoubleSupplier;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;
import org.kernellab.api.workload.PyRandom;

/**
 * OSTEP's lottery scheduling, with the rules of {@code lottery.py} as
 * /work/shared/SCHED-MODELS.md states them.
 *
 * <ul>
 * <li>One lottery per quantum: each {@link #pick} draws {@code r = int(random() * 1000001)},
 *     takes {@code winner = r % T} with T the tickets ({@link SchedTask#tickets()}) of the
 *     runnable tasks, walks them in pid order (arrival order, lottery.py's job ids) adding
 *     their tickets, and the first whose running total exceeds {@code winner} runs.</li>
 * <li>The winner runs one quantum, preempted at that exact instant with
 *     {@link PolicyHost#preemptAfter}; a wakeup never preempts. A task that sleeps or exits
 *     gives its tickets back until it is runnable again.</li>
 * <li>{@code random()} is {@code host.random().nextDouble()}, or with {@code pyseed} Python's
 *     {@code random.random()} after {@code random.seed(pyseed)} ({@link PyRandom}) and
 *     {@code pyskip} discarded draws (those lottery.py's random job generation takes first), so
 *     that the draws are lottery.py's one for one.</li>
 * <li>One global queue for every CPU; a CPU's lottery is over the queued tasks it may run.
 *     A pick that finds no task draws nothing.</li>
 * </ul>
 *
 * <p>Only lottery.py's loop has: the clock advancing by a full quantum when the winner needed
 * less. Here the next lottery is held at once, so with the same draws the winners are the same
 * but a finish time is the exact one, not the next multiple of the quantum (no difference
 * with lottery.py's default quantum of 1 and whole-unit job lengths).
 *
 * <p>Draws come from picks, so they are lottery.py's only if a task whose work ends exactly with
 * its quantum exits before the next lottery, as in lottery.py. That is the machine's order of
 * two events at one instant, not the policy's: where the quantum-end preemption comes first
 * (KernelLab's machine delivers timers before a task's next step at the same instant), the
 * finished task is queued again for that lottery, its tickets count in T, and if it wins it
 * exits at once and one more lottery is held. The policy cannot tell a finished task from one
 * that goes on computing, so a comparison with lottery.py needs the exit first (or lengths that
 * are not multiples of the quantum).
 */
final class Lottery implements Policy {
    private final PolicyHost host;
    private final long quantumNs;
    private final PyRandom py;
    private DoubleSupplier random;
    /** The queued tasks by pid: lottery.py walks its jobs in id order. */
    private final TreeMap<Integer, SchedTask> queued = new TreeMap<>();

    Lottery(PolicyHost host, long quantumNs, PyRandom py) {
        this.host = host;
        this.quantumNs = quantumNs;
        this.py = py;
    }

    @Override
    public String name() {
        return LotteryProvider.NAME;
    }

    @Override
    public void init() {
        if (py != null) {
            random = py::random;
        } else {
            java.util.SplittableRandom r = host.random();
            random = r::nextDouble;
        }
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        queued.put(p.pid(), p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        queued.remove(p.pid());
    }

    @Override
    public SchedTask pick(int cpu) {
        long total = 0;
        for (SchedTask t : queued.values()) if (t.allowed(cpu)) total += t.tickets();
        if (total == 0) return null;
        long r = (long) (random.getAsDouble() * 1000001); // lottery.py: r = int(random.random() * 1000001)
        long winner = r % total;
        long counter = 0;
        for (SchedTask t : queued.values()) {
            if (!t.allowed(cpu)) continue;
            counter += t.tickets();
            if (counter > winner) {
                queued.remove(t.pid());
                return t;
            }
        }
        throw new IllegalStateException("lottery: winning ticket " + winner + " beyond the total " + total);
    }

    @Override
    public void running(int cpu, SchedTask p) {
        host.preemptAfter(cpu, quantumNs);
    }
}
