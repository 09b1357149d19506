package org.kernellab.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.kernellab.api.LogLevel;
import org.kernellab.api.plugin.Plugins;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.ExitInfo;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedTask;

/**
 * The swappable policy's class slot, between fair and idle, and the host that guards it
 * (kernel/sched/ext.c). Every call into the policy goes through {@link #call}, one guarded
 * path that counts, samples the cost of, and catches every op; what an op returns is checked
 * where it is used. A policy that breaks a rule is ejected: disabled with sched_ext's words,
 * and every task it held goes back to the fair class, queued, running or asleep as it was.
 *
 * <p>Guarded by the machine's baton, like the rest of the scheduler core.
 */
final class PolicySlot extends SchedClassImpl {
    /** A pick that comes back empty this many times in a row at one virtual instant, while tasks wait, is a livelock. */
    static final int LIVELOCK_PICKS = 10_000;

    enum Op {
        INIT, EXIT, ENABLE, DISABLE, SELECT_CPU, RUNNABLE, ENQUEUE, DEQUEUE, PICK, RUNNING, STOPPING,
        QUIESCENT, TICK, WAKEUP_PREEMPT, YIELD, SET_WEIGHT, SET_CPUMASK;

        final String opName = "ops." + name().toLowerCase();
    }

    /** One policy op, with the arguments every op fits into; non-capturing, so a call allocates nothing. */
    @FunctionalInterface
    private interface Call {
        Object apply(Policy p, int cpu, Entity e, Object arg);
    }

    private static final Object FAILED = new Object();
    private static final Call INIT = (p, c, e, a) -> { p.init(); return null; };
    private static final Call EXIT = (p, c, e, a) -> { p.exit((ExitInfo) a); return null; };
    private static final Call ENABLE = (p, c, e, a) -> { p.enable(e); return null; };
    private static final Call DISABLE = (p, c, e, a) -> { p.disable(e); return null; };
    private static final Call SELECT = (p, c, e, a) -> p.selectCpu(e, c, ((int[]) a)[0], Enqueue.values()[((int[]) a)[1]]);
    private static final Call RUNNABLE = (p, c, e, a) -> { p.runnable(e, (Enqueue) a); return null; };
    private static final Call ENQUEUE = (p, c, e, a) -> { p.enqueue(c, e, (Enqueue) a); return null; };
    private static final Call DEQUEUE = (p, c, e, a) -> { p.dequeue(c, e, (Dequeue) a); return null; };
    private static final Call PICK = (p, c, e, a) -> p.pick(c);
    private static final Call RUNNING = (p, c, e, a) -> { p.running(c, e); return null; };
    private static final Call STOPPING = (p, c, e, a) -> { p.stopping(c, e, (Boolean) a); return null; };
    private static final Call QUIESCENT = (p, c, e, a) -> { p.quiescent(e, (Dequeue) a); return null; };
    private static final Call TICK = (p, c, e, a) -> p.tick(c, e);
    private static final Call PREEMPT = (p, c, e, a) -> p.wakeupPreempt(c, e, (Entity) a);
    private static final Call YIELD = (p, c, e, a) -> { p.yield(c, e); return null; };
    private static final Call SET_WEIGHT = (p, c, e, a) -> { p.setWeight(e, e.weight); return null; };
    private static final Call SET_CPUMASK = (p, c, e, a) -> { p.setCpumask(e, (Long) a); return null; };

    private final long watchdogNs;

    // ---- the enabled policy; null while the machine runs on fair alone ----
    private Policy policy;
    private PolicyProvider provider;
    private Map<String, String> params = Map.of();
    private String name;
    private long sinceNs;
    private Host host;
    /** Set while the policy is being disabled: its ops are still called, but a failure no longer ejects. */
    private boolean disabling;
    /** Set by an ejection, read by the pick loop. */
    private boolean ejectedNow;

    // ---- the core's own record of what the policy holds ----
    private int queued;
    private final int[] queuedOn;
    private final long[] calls = new long[Op.values().length];
    private final long[] sampledNs = new long[Op.values().length];
    private final long[] samples = new long[Op.values().length];

    // ---- the watchdog's clock ----
    private long higherBusyNs;
    private long nextWatchdog;

    PolicySlot(Core core, long watchdogNs) {
        super(core);
        this.watchdogNs = watchdogNs;
        this.queuedOn = new int[core.rqs.length];
    }

    @Override String name() { return name != null ? name : "ext"; }

    boolean active() { return policy != null; }
    String policyName() { return name; }
    Map<String, String> params() { return params; }
    long sinceNs() { return sinceNs; }
    PolicyProvider provider() { return provider; }
    int queuedOn(int cpu) { return queuedOn[cpu]; }

    long[] calls() { return calls.clone(); }

    // =====================================================================================
    // The guarded path
    // =====================================================================================

    private Object call(Op op, Call f, int cpu, Entity e, Object arg) {
        Policy p = policy;
        if (p == null) return FAILED;
        int i = op.ordinal();
        boolean sample = (calls[i]++ & 255) == 0;
        long t0 = sample ? System.nanoTime() : 0; // a measurement for sched:status; never read by the simulation
        try {
            return f.apply(p, cpu, e, arg);
        } catch (Throwable thrown) {
            // the guarded path written out: this call is the scheduler's hottest (Plugins.failure
            // lets a machine unwind through, as Plugins.call does)
            Throwable t = Plugins.failure(thrown);
            if (!disabling) eject("runtime error", op.opName + (e != null ? " for " + e : "") + " threw " + t, t);
            return FAILED;
        } finally {
            if (sample) {
                sampledNs[i] += System.nanoTime() - t0;
                samples[i]++;
            }
        }
    }

    /** Mean sampled cost of each op in ns, for sched:status (wall time: a measurement, not a simulation input). */
    long[] meanNs() {
        long[] out = new long[sampledNs.length];
        for (int i = 0; i < out.length; i++) out[i] = samples[i] == 0 ? 0 : sampledNs[i] / samples[i];
        return out;
    }

    // =====================================================================================
    // The class
    // =====================================================================================

    @Override
    void enqueue(Rq rq, Entity e, Enqueue why) {
        e.extQueued = true;
        e.extWaitSince = core.m.now();
        e.extBusyAtWait = higherBusyNs;
        queued++;
        queuedOn[rq.cpu]++;
        if (!e.extRunnable) {
            e.extRunnable = true;
            call(Op.RUNNABLE, RUNNABLE, rq.cpu, e, why);
            if (!active() || e.cls != this) return;
        }
        call(Op.ENQUEUE, ENQUEUE, rq.cpu, e, why);
    }

    private void forget(Entity e) {
        if (!e.extQueued) return;
        e.extQueued = false;
        queued--;
        queuedOn[e.rqCpu]--;
    }

    @Override
    void dequeue(Rq rq, Entity e, Dequeue why) {
        forget(e);
        call(Op.DEQUEUE, DEQUEUE, rq.cpu, e, why);
    }

    @Override
    Entity pick(Rq rq) {
        if (queued == 0 || policy == null) return null;
        int cpu = rq.cpu;
        Object r = call(Op.PICK, PICK, cpu, null, null);
        if (r == FAILED) return null;
        if (r == null) {
            long now = core.m.clock(cpu);
            if (now == rq.extIdleClock) {
                if (++rq.extIdlePicks >= LIVELOCK_PICKS) {
                    eject("runtime error", "ops.pick on CPU " + cpu + " came back empty " + LIVELOCK_PICKS
                            + " times at " + now + " ns while " + queued + " tasks waited: a livelock", null);
                }
            } else {
                rq.extIdleClock = now;
                rq.extIdlePicks = 1;
            }
            return null;
        }
        rq.extIdleClock = -1;
        if (!(r instanceof Entity e) || e.core() != core) {
            eject("runtime error", "ops.pick on CPU " + cpu + " returned " + r + ", which is not a task of this machine", null);
            return null;
        }
        // queued with the policy is what runnable means here: a task preempted between
        // set_current_state() and schedule() is queued in S or D, and runs on to its schedule()
        String bad = !e.extQueued || e.cls != this ? "which is not queued with the policy (not runnable, state "
                        + e.task.state().letter() + ")"
                : !e.allowed(cpu) ? "which may not run on CPU " + cpu + " (affinity 0x" + Long.toHexString(e.affinity()) + ")"
                : null;
        if (bad != null) {
            eject("runtime error", "ops.pick on CPU " + cpu + " returned " + e + ", " + bad, null);
            return null;
        }
        forget(e);
        return e;
    }

    boolean consumeEjected() {
        boolean r = ejectedNow;
        ejectedNow = false;
        return r;
    }

    @Override
    void setCurr(Rq rq, Entity e) {
        call(Op.RUNNING, RUNNING, rq.cpu, e, null);
    }

    @Override
    void putCurr(Rq rq, Entity e, boolean runnable) {
        call(Op.STOPPING, STOPPING, rq.cpu, e, runnable);
    }

    @Override
    void blocked(Rq rq, Entity e, Dequeue why) {
        e.extRunnable = false;
        call(Op.QUIESCENT, QUIESCENT, rq.cpu, e, why);
    }

    @Override
    void tick(Rq rq, Entity curr) {
        if (call(Op.TICK, TICK, rq.cpu, curr, null) == Boolean.TRUE) core.m.reschedCurr(rq.cpu);
    }

    @Override
    boolean preempts(Rq rq, Entity curr, Entity woken) {
        return call(Op.WAKEUP_PREEMPT, PREEMPT, rq.cpu, curr, woken) == Boolean.TRUE;
    }

    @Override
    int selectCpu(Entity e, int prev, int waker, Enqueue why) {
        Object r = call(Op.SELECT_CPU, SELECT, prev, e, new int[] {waker, why.ordinal()});
        if (!(r instanceof Integer cpu) || cpu == -1) return -1;
        if (cpu < 0 || cpu >= core.rqs.length || !e.allowed(cpu)) {
            eject("runtime error", "ops.select_cpu for " + e + " returned CPU " + cpu
                    + ", which " + (cpu < 0 || cpu >= core.rqs.length ? "does not exist" : "the task may not use"), null);
            return -1;
        }
        return cpu;
    }

    @Override
    void yieldTask(Rq rq, Entity e) {
        call(Op.YIELD, YIELD, rq.cpu, e, null);
    }

    @Override
    void joined(Entity e) {
        e.policyData = null;
        e.reweight();
        call(Op.ENABLE, ENABLE, e.rqCpu, e, null);
    }

    @Override
    void left(Entity e) {
        forget(e);
        e.extRunnable = false;
        call(Op.DISABLE, DISABLE, e.rqCpu, e, null);
        e.policyData = null;
    }

    void setWeight(Entity e) {
        call(Op.SET_WEIGHT, SET_WEIGHT, e.rqCpu, e, null);
    }

    void setCpumask(Entity e, long mask) {
        call(Op.SET_CPUMASK, SET_CPUMASK, e.rqCpu, e, mask);
    }

    @Override int nrQueued(Rq rq) { return queuedOn[rq.cpu]; }

    // =====================================================================================
    // The watchdog (kernel/sched/ext.c scx_watchdog_workfn, check_rq_for_timeouts)
    // =====================================================================================

    /** From CPU 0's tick: counts time the policy could not use, and every timeout/2 looks for stalled tasks. */
    void watchdogTick(boolean higherBusy) {
        long tick = core.m.tickNs();
        if (higherBusy) higherBusyNs += tick;
        if (policy == null) return;
        long now = core.m.now();
        if (now < nextWatchdog) return;
        nextWatchdog = now + watchdogNs / 2;
        for (Entity e : core.entities()) {
            if (!e.extQueued) continue;
            long waited = now - e.extWaitSince - (higherBusyNs - e.extBusyAtWait);
            if (waited >= watchdogNs) {
                long ms = waited / 1_000_000L;
                eject("runnable task stall", String.format("%s[%d] failed to run for %d.%03ds", e.comm(), e.pid(), ms / 1000, ms % 1000), null);
                return;
            }
        }
    }

    // =====================================================================================
    // Enabling, disabling, ejecting
    // =====================================================================================

    /**
     * Enables {@code p}'s policy on this machine, at a safe point: every fair-policy task, queued,
     * running or asleep, leaves the current policy (or the fair class) and joins the new one.
     * Returns false (and logs why) when the policy could not be made or its init failed.
     */
    boolean enable(PolicyProvider p, Map<String, String> withParams) {
        if (policy != null) disable(new ExitInfo(ExitInfo.Kind.SWAPPED, "replaced by \"" + p.name() + "\"", ""));
        Host h = new Host(p.name());
        Policy made;
        try {
            made = p.create(h, withParams);
            if (made == null) throw new IllegalStateException("create() returned null");
        } catch (Throwable thrown) {
            Throwable e = Plugins.failure(thrown);
            core.m.log(LogLevel.ERR, "sched_ext: " + p.name() + ": failed to create the scheduler: " + e
                    + "\nKernelLab: " + SchedulerService.origin(p) + "; the machine stays on the fair class");
            return false;
        }
        policy = made;
        provider = p;
        params = Map.copyOf(withParams);
        name = p.name();
        host = h;
        sinceNs = core.m.now();
        nextWatchdog = sinceNs + watchdogNs / 2;
        call(Op.INIT, INIT, -1, null, null);
        if (policy == null) return false;
        for (Entity e : core.entities()) {
            if (e.cls != core.fair) continue;
            Rq rq = core.rqs[e.rqCpu];
            boolean q = e.onRq;
            boolean running = rq.curr == e;
            if (q) core.fair.dequeue(rq, e, Dequeue.SAVE);
            if (running) core.fair.putCurr(rq, e, true);
            core.fair.left(e);
            e.cls = this;
            joined(e);
            if (policy == null) return false; // ejected in ops.enable; the tasks are back on fair
            if (q) {
                enqueue(rq, e, Enqueue.RESTORE);
            } else if (running) {
                e.extRunnable = true;
                call(Op.RUNNABLE, RUNNABLE, rq.cpu, e, Enqueue.RESTORE);
                if (policy != null) call(Op.RUNNING, RUNNING, rq.cpu, e, null);
            }
            if (policy == null) return false;
        }
        core.m.log(LogLevel.INFO, "sched_ext: BPF scheduler \"" + name + "\" enabled");
        for (Rq rq : core.rqs) core.m.reschedCurr(rq.cpu);
        return true;
    }

    /** Disables the policy: its tasks go back to the fair class as they are. Ops are still called, unguarded against ejection. */
    void disable(ExitInfo info) {
        if (policy == null) return;
        disabling = true;
        List<Entity> members = new ArrayList<>();
        for (Entity e : core.entities()) if (e.cls == this) members.add(e);
        for (Entity e : members) {
            if (e.extQueued) {
                forget(e);
                call(Op.DEQUEUE, DEQUEUE, e.rqCpu, e, Dequeue.SWAP);
            }
        }
        for (Entity e : members) {
            call(Op.DISABLE, DISABLE, e.rqCpu, e, null);
            e.policyData = null;
            e.extRunnable = false;
        }
        call(Op.EXIT, EXIT, -1, null, info);
        String was = name;
        policy = null;
        provider = null;
        host = null;
        name = null;
        params = Map.of();
        disabling = false;
        queued = 0;
        java.util.Arrays.fill(queuedOn, 0);
        toFair(members);
        String detail = info.detail() == null || info.detail().isEmpty() ? "" : "\nsched_ext: " + was + ": " + info.detail();
        core.m.log(info.kind() == ExitInfo.Kind.EJECTED ? LogLevel.ERR : LogLevel.INFO,
                "sched_ext: BPF scheduler \"" + was + "\" disabled (" + info.reason() + ")" + detail);
    }

    /** Moves tasks that belonged to the policy to the fair class, each in the state it is in. */
    private void toFair(List<Entity> members) {
        FairClass fair = core.fair;
        for (Entity e : members) {
            Rq rq = core.rqs[e.rqCpu];
            e.cls = fair;
            fair.joined(e);
            if (e.onRq) fair.enqueue(rq, e, Enqueue.RESTORE);
            else if (rq.curr == e) fair.setCurr(rq, e);
        }
        for (Rq rq : core.rqs) core.m.reschedCurr(rq.cpu);
    }

    /**
     * Ejects the policy for breaking a rule: sched_ext's report, KernelLab's line naming the
     * bundle, every task back on fair, and the ejection remembered by the service until the user
     * enables the policy again.
     */
    void eject(String reason, String detail, Throwable cause) {
        if (policy == null || disabling) return;
        String was = name;
        PolicyProvider p = provider;
        disable(new ExitInfo(ExitInfo.Kind.EJECTED, reason, detail));
        ejectedNow = true;
        StringBuilder sb = new StringBuilder("KernelLab: policy \"" + was + "\" from " + SchedulerService.origin(p)
                + " ejected; every task it held is back on the fair class");
        if (cause != null) {
            int n = 0;
            for (StackTraceElement el : cause.getStackTrace()) {
                if (n++ == 6) break;
                sb.append("\n  ").append(el);
            }
        }
        core.m.log(LogLevel.ERR, sb.toString());
        if (core.shared) core.service.ejected(was, reason + ": " + detail, core.m.now());
    }

    void shutdown() {
        if (policy != null) disable(new ExitInfo(ExitInfo.Kind.SHUTDOWN, "machine shut down", ""));
    }

    // =====================================================================================
    // PolicyHost
    // =====================================================================================

    private final class Host implements PolicyHost {
        private final String policyName;
        private SplittableRandom random;

        Host(String policyName) {
            this.policyName = policyName;
        }

        private void check(int cpu) {
            if (cpu < 0 || cpu >= core.rqs.length) {
                throw new IllegalArgumentException("cpu " + cpu + " does not exist; this machine has CPUs 0.." + (core.rqs.length - 1));
            }
        }

        @Override public int nrCpus() { return core.rqs.length; }
        @Override public long now() { return core.m.now(); }

        @Override
        public long clock(int cpu) {
            check(cpu);
            return core.m.clock(cpu);
        }

        @Override public long tickNs() { return core.m.tickNs(); }

        @Override
        public boolean isIdle(int cpu) {
            check(cpu);
            return core.rqs[cpu].curr == null;
        }

        @Override
        public SchedTask current(int cpu) {
            check(cpu);
            Entity c = core.rqs[cpu].curr;
            return c != null && c.cls == PolicySlot.this ? c : null;
        }

        @Override
        public void kick(int cpu) {
            check(cpu);
            core.m.reschedCurr(cpu);
        }

        @Override
        public void preemptAfter(int cpu, long ns) {
            check(cpu);
            if (ns < 0) throw new IllegalArgumentException("preemptAfter: " + ns + " ns is negative");
            core.preemptAfter(cpu, ns);
        }

        @Override
        public SplittableRandom random() {
            if (random == null) random = core.m.random("policy:" + policyName);
            return random;
        }

        @Override
        public void log(String message) {
            core.m.log(LogLevel.INFO, "sched_ext: " + policyName + ": " + message);
        }
    }
}
