package org.kernellab.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.kernellab.api.LogLevel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.hw.HwEvent;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.sched.core.Put;
import org.kernellab.api.sched.core.Scheduler;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.softirq.BottomHalfEntry;
import org.kernellab.core.TraceBuffer.Type;

/**
 * The simulated machine: virtual time, CPUs, tasks and the baton that lets exactly one of
 * them execute at a time.
 *
 * <h2>Execution model</h2>
 * Every task runs on its own virtual thread. Whoever holds the baton runs {@link #dispatch}:
 * it picks the earliest thing to happen, ordered by virtual time, hardware events before CPUs
 * on a tie, then the lowest CPU. A hardware event runs inline on the holder's thread. A CPU
 * step hands the baton to the task current on that CPU, unless that is the holder itself, so
 * a switch is a single handoff. CPU time passes only in {@link #compute}: the CPU's burst ends
 * at {@code clock + ns} unless an interrupt or a reschedule request arrives first, in which
 * case the burst is split at that exact instant.
 *
 * <h2>Locking</h2>
 * All fields are guarded by the baton: only the holder touches them. The run-control entry
 * points take {@link #control} so that at most one outside thread drives the machine. Fields
 * written by other threads (the bound scheduling class, the IRQ and softirq entries) are
 * volatile and are read at safe points.
 */
final class Engine {
    static final long NEVER = Long.MAX_VALUE;

    final MachineConfig config;
    final int nrCpus;
    final long tickNs;
    final PreemptLayout layout;
    volatile PreemptModel model;
    volatile ViolationPolicy policy;

    final Cpu[] cpus;
    final EventQueue events = new EventQueue();
    final Printk printk;
    final TraceBuffer trace = new TraceBuffer();
    final Timers timers = new Timers();
    final Contracts contracts;
    /** The Kernel service handed to task bodies: the boundary proxy, which survives resets. */
    org.kernellab.api.Kernel kernel;
    /** Held by whoever drives or inspects the machine from outside; see {@link #still}. */
    final java.util.concurrent.locks.ReentrantLock control = new java.util.concurrent.locks.ReentrantLock();
    /** Actions posted from outside, applied at the next safe point (see {@link #post}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> posted = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean hasPosted;

    /** Live tasks by pid, in creation order (the idle tasks are not here). */
    private final Map<Integer, TaskImpl> tasks = new LinkedHashMap<>();
    private int nextPid = 1;
    long jiffies;

    /** The CPU whose execution holds the baton, or null (outside the simulation, or a hardware event). */
    Cpu running;
    /** The thread that holds the baton while the simulation runs. */
    volatile Thread holder;
    /** The highest virtual time any step has reached. */
    long globalNow;

    // ---- the scheduler of this machine, and plugins bound from outside threads ----
    final Scheduler sched;
    final SchedSeam seam;
    final String label;
    volatile IrqEntry irqEntry;
    volatile BottomHalfEntry bottomHalf;
    /** disable_irq(): lines masked at the controller, for every CPU. */
    long maskedLines;

    // ---- run control ----
    private final Baton controller = new Baton();
    private long limit;
    private boolean stopWhenIdle;
    private boolean stepMode;
    private long stepEvents;
    private boolean stopNow;
    String panicReport;
    private boolean dead;
    long eventsProcessed;
    /** The host's reset count when this machine booted. */
    long generation;
    long switchesTotal;
    long stepsProcessed;

    Engine(MachineConfig config, Printk printk, Function<Engine, Contracts> contracts, SchedulerFactory factory, String label) {
        this.config = config;
        this.nrCpus = config.cpus();
        this.tickNs = 1_000_000_000L / config.hz();
        this.layout = config.layout();
        this.model = config.model();
        this.policy = config.policy();
        this.printk = printk;
        this.label = label;
        this.cpus = new Cpu[nrCpus];
        for (int i = 0; i < nrCpus; i++) {
            TaskImpl idle = new TaskImpl(0, "swapper/" + i, true, true, SchedAttr.normal(), i, 1L << i, null, null, 0);
            idle.onCpu = true;
            cpus[i] = new Cpu(i, idle);
            cpus[i].resumeAt = 0;
        }
        this.contracts = contracts.apply(this);
        this.seam = new SchedSeam(this);
        this.sched = createScheduler(factory);
        for (Cpu c : cpus) startThread(c.idle, () -> idleLoop(c.idle));
        log(LogLevel.NOTICE, "Linux version " + MachineConfig.RELEASE + " (KernelLab simulated kernel)");
        log(LogLevel.INFO, "smp: Brought up 1 node, " + nrCpus + " CPU" + (nrCpus == 1 ? "" : "s"));
        log(LogLevel.INFO, "sched_clock: virtual time, HZ=" + config.hz() + ", tick " + tickNs + " ns, seed "
                + config.seed() + ", preempt model " + model.name().toLowerCase() + ", preempt_count layout " + layout);
    }

    private Scheduler createScheduler(SchedulerFactory factory) {
        if (factory != null) {
            try {
                return factory.create(seam);
            } catch (RuntimeException | Error e) {
                contracts.pluginFailed("the scheduler factory " + factory, "creating this machine's scheduler", e);
            }
        }
        return new BypassFifo(seam);
    }

    // =====================================================================================
    // Safe points
    // =====================================================================================

    /**
     * Runs {@code action} at the machine's next safe point: at once from simulated code or when
     * the machine is stopped, else before the next event of the run in progress.
     */
    void post(Runnable action) {
        if (inSimulation()) {
            action.run();
            return;
        }
        posted.add(action);
        hasPosted = true;
        if (control.tryLock()) {
            try {
                drainPosted();
            } finally {
                control.unlock();
            }
        }
        // else a run holds the machine: dispatch applies it at its next step, or the run at its end
    }

    private void drainPosted() {
        hasPosted = false;
        for (Runnable r; (r = posted.poll()) != null;) {
            try {
                r.run();
            } catch (Baton.Killed k) {
                throw k;
            } catch (RuntimeException | Error e) {
                contracts.pluginFailed("a posted action " + r, "a safe point", e);
            }
        }
    }

    /** Runs {@code r} as simulated code, or from outside with the machine held still; applies posted actions first. */
    <T> T still(java.util.function.Supplier<T> r) {
        if (inSimulation()) return r.get();
        control.lock();
        try {
            if (hasPosted) drainPosted();
            return r.get();
        } finally {
            control.unlock();
        }
    }

    // =====================================================================================
    // Baton and dispatch
    // =====================================================================================

    private void startThread(TaskImpl t, Runnable body) {
        t.thread = Thread.ofVirtual().name(t.comm + "-" + t.pid).unstarted(() -> {
            try {
                t.await();
                holder = Thread.currentThread();
                body.run();
            } catch (Baton.Killed k) {
                // machine reset: unwind quietly
            } catch (Throwable internal) {
                // A failure of the engine itself outside the task body (the exit path, the
                // built-in class): halt the machine with a panic rather than leave the
                // controller parked for ever.
                if (holder == Thread.currentThread()) internalPanic(t, internal);
            }
        });
        t.thread.start();
    }

    /** True when the caller is simulated code holding the baton. */
    boolean inSimulation() {
        return holder == Thread.currentThread();
    }

    Cpu cpuOrNull() {
        return inSimulation() ? running : null;
    }

    /** The current CPU of simulated code; refuses calls from outside the simulation. */
    Cpu cpu(String what) {
        if (dead) throw Baton.KILLED;
        Cpu c = inSimulation() ? running : null;
        if (c == null) {
            throw new IllegalStateException(what + " must be called from a simulated task or handler, not from "
                    + Thread.currentThread().getName() + "; spawn a task and call it from its body");
        }
        return c;
    }

    /** The current virtual time as the caller sees it. */
    long now() {
        Cpu c = cpuOrNull();
        return c != null ? c.clock : globalNow;
    }

    /**
     * Runs the machine forward until {@code me}'s CPU is chosen again (or, for an exiting task,
     * until the baton has been handed on). Called by the baton holder with its own CPU state
     * already describing when it wants control back.
     */
    void dispatch(Baton me, boolean exiting) {
        for (;;) {
            if (dead) throw Baton.KILLED;
            if (hasPosted) drainPosted();
            long evT = events.peekTime();
            Cpu best = null;
            long bestT = NEVER;
            for (Cpu c : cpus) {
                if (c.resumeAt < bestT) {
                    bestT = c.resumeAt;
                    best = c;
                }
            }
            long next = Math.min(evT, bestT);
            if (shouldStop(next)) {
                if (next > limit && limit != NEVER) globalNow = Math.max(globalNow, limit);
                handTo(me, controller, exiting);
                return;
            }
            if (evT <= bestT) {
                globalNow = Math.max(globalNow, evT);
                Object p = events.poll();
                eventsProcessed++;
                Cpu saved = running;
                running = null;
                try {
                    ((HwEvent) p).fire(evT);
                } catch (Baton.Killed k) {
                    throw k;
                } catch (RuntimeException | Error e) {
                    log(LogLevel.ERR, "hardware event " + p + " failed: " + e + "; event dropped");
                }
                running = saved;
                if (stepMode) stepEvents++;
                continue;
            }
            stepsProcessed++;
            best.clock = Math.max(best.clock, bestT);
            globalNow = Math.max(globalNow, best.clock);
            best.resumeAt = NEVER;
            running = best;
            TaskImpl t = best.current;
            if (t == me) return;
            handTo(me, t, exiting);
            return;
        }
    }

    private void handTo(Baton me, Baton to, boolean exiting) {
        if (to == me) return;
        holder = to == controller ? null : to.thread;
        to.release();
        if (exiting) return;
        me.await();
        if (me != controller) holder = Thread.currentThread();
    }

    private boolean shouldStop(long next) {
        if (stopNow || panicReport != null) return true;
        if (next > limit) return true;
        if (stepMode && stepEvents > 0) return true;
        return stopWhenIdle && stopWhenIdleMet();
    }

    private boolean stopWhenIdleMet() {
        if (!stopWhenIdle) return false;
        for (Cpu c : cpus) {
            if (c.current != c.idle || c.needResched || c.irqPending != 0) return false;
            if (c.resumeAt != NEVER) return false;
        }
        return !sched.anyQueued() && timers.isEmpty() && events.foregroundCount() == 0;
    }

    // =====================================================================================
    // Run control: called by the controller thread, outside the simulation
    // =====================================================================================

    RunResultDTO run(long ns, boolean untilIdle, boolean step) {
        if (inSimulation()) {
            throw new IllegalStateException("run control drives the simulation and cannot be called from simulated code");
        }
        control.lock();
        try {
            if (hasPosted) drainPosted();
            RunResultDTO r = new RunResultDTO();
            r.startNs = globalNow;
            long ev0 = eventsProcessed;
            long sw0 = switchesTotal;
            if (panicReport == null && !dead) {
                limit = ns == NEVER ? NEVER : saturatingAdd(globalNow, ns);
                stopWhenIdle = untilIdle;
                stepMode = step;
                stepEvents = 0;
                stopNow = false;
                controller.thread = Thread.currentThread();
                holder = Thread.currentThread();
                try {
                    dispatch(controller, false);
                } finally {
                    holder = null;
                    running = null;
                }
            }
            r.endNs = globalNow;
            r.events = eventsProcessed - ev0;
            r.switches = switchesTotal - sw0;
            if (panicReport != null) {
                r.stoppedBy = "panic";
                r.panic = panicReport;
            } else if (step) {
                r.stoppedBy = "step";
            } else if (untilIdle && stopWhenIdleMet()) {
                r.stoppedBy = "idle";
            } else {
                r.stoppedBy = "time";
            }
            stopWhenIdle = false;
            stepMode = false;
            if (hasPosted && panicReport == null && !dead) drainPosted();
            return r;
        } finally {
            control.unlock();
        }
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < a ? NEVER : s;
    }

    /** Halts the simulation with a panic; the calling task freezes where it is until reset. */
    void panic(String report) {
        recordPanic(report);
        Cpu c = cpuOrNull();
        if (c != null) {
            c.resumeAt = NEVER;
            handTo(c.current, controller, false);
            // only a reset wakes a panicked task, and it unwinds
            throw Baton.KILLED;
        }
    }

    /** The panic of an engine failure on a task thread that is ending: the controller takes over. */
    private void internalPanic(TaskImpl t, Throwable internal) {
        recordPanic("KernelLab internal error on " + t.comm + "/" + t.pid + ": " + internal);
        handTo(t, controller, true);
    }

    /** kernel/panic.c's first and last lines; the run stops at its next check. */
    private void recordPanic(String report) {
        log(LogLevel.EMERG, "Kernel panic - not syncing: " + report.lines().findFirst().orElse(report));
        log(LogLevel.EMERG, "---[ end Kernel panic - not syncing ]---");
        panicReport = report;
    }

    /** Kills every task thread. The engine is unusable afterwards. */
    void shutdown() {
        control.lock();
        try {
            dead = true;
            try {
                sched.shutdown();
            } catch (RuntimeException | Error e) {
                // the machine is going away; nothing to protect
            }
            List<Baton> all = new ArrayList<>(tasks.values());
            for (Cpu c : cpus) all.add(c.idle);
            for (Baton b : all) {
                b.killed = true;
                if (b.thread != null) b.release();
            }
            for (Baton b : all) {
                if (b.thread != null) {
                    try {
                        b.thread.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } finally {
            control.unlock();
        }
    }

    // =====================================================================================
    // Tasks
    // =====================================================================================

    TaskImpl spawn(TaskSpec spec, TaskBody body, String origin) {
        if (dead) throw new IllegalStateException("the machine has been shut down");
        if (spec.cpu >= nrCpus) {
            throw new IllegalArgumentException("cpu " + spec.cpu + " does not exist; this machine has CPUs 0.." + (nrCpus - 1));
        }
        long valid = validCpus(spec.affinity);
        if (valid == 0) {
            throw new IllegalArgumentException("affinity 0x" + Long.toHexString(spec.affinity)
                    + " holds no CPU of this machine; it has CPUs 0.." + (nrCpus - 1));
        }
        // from outside, the run-control lock keeps the machine still
        return still(() -> {
            int pid = nextPid++;
            int first = (pid - 1) % nrCpus;
            int cpu = (valid & (1L << first)) != 0 ? first : Long.numberOfTrailingZeros(valid);
            TaskImpl t = new TaskImpl(pid, spec.comm, spec.kernelThread, false, spec.attr, cpu, spec.affinity, body, origin, now());
            tasks.put(pid, t);
            startThread(t, () -> taskMain(t));
            int target = sched.wakeUpNew(t);
            emitWakeup(t, target, Type.SCHED_WAKEUP_NEW);
            return t;
        });
    }

    private void taskMain(TaskImpl me) {
        Throwable oops = null;
        try {
            finishSwitch();
            me.body.run(kernel);
        } catch (Baton.Killed k) {
            throw k;
        } catch (Throwable e) {
            oops = e;
        }
        if (oops != null) contracts.oops(me, running, oops);
        doExit(me);
    }

    /** do_exit(): the task dies and hands the CPU on; its thread then ends. */
    private void doExit(TaskImpl me) {
        Cpu c = running;
        int count = layout.count(c.preemptCount);
        if (count != 0) {
            // kernel/exit.c do_exit()
            log(LogLevel.INFO, "note: " + me.comm + "[" + me.pid + "] exited with preempt_count " + count);
            c.preemptCount &= ~(layout.preemptMask | layout.softirqMask);
        }
        if (c.irqsDisabled) {
            log(LogLevel.INFO, "note: " + me.comm + "[" + me.pid + "] exited with irqs disabled");
            c.irqsDisabled = false;
        }
        emit(c, Type.SCHED_PROCESS_EXIT, me, null, me.prio(), 0, 'X');
        me.state = TaskState.DEAD;
        tasks.remove(me.pid);
        switchAway(me, c, false, true);
    }

    void setState(TaskImpl t, TaskState s) {
        t.state = s;
    }

    // =====================================================================================
    // CPU time and interrupts
    // =====================================================================================

    /** compute(): uses {@code ns} of CPU time on the caller's CPU. */
    void compute(long ns) {
        if (ns < 0) throw new IllegalArgumentException("compute: ns " + ns + " is negative");
        Cpu c = cpu("compute()");
        TaskImpl me = c.current;
        long remaining = ns;
        for (;;) {
            handleInterruptions(me);
            c = running;
            if (remaining == 0) return;
            c.burstEnd = c.clock + remaining;
            c.segmentStart = c.clock;
            c.resumeAt = c.deliverable(maskedLines) != 0 ? c.clock : c.burstEnd;
            dispatch(me, false);
            c = running;
            long used = c.clock - c.segmentStart;
            account(c, me, used);
            remaining = c.burstEnd - c.clock;
            c.burstEnd = NEVER;
        }
    }

    private void account(Cpu c, TaskImpl t, long ns) {
        int pc = c.preemptCount;
        if (layout.inHardirq(pc) || layout.inServingSoftirq(pc)) {
            c.irqNs += ns;
            t.stimeNs += ns;
        } else if (t.idle) {
            c.idleNs += ns;
        } else if (t.kernelThread) {
            t.stimeNs += ns;
        } else {
            t.utimeNs += ns;
        }
    }

    /**
     * The return-from-interrupt path: takes every deliverable interrupt, then preempts if a
     * reschedule is due and allowed. Runs on the current task's own thread.
     */
    void handleInterruptions(TaskImpl me) {
        for (;;) {
            Cpu c = running;
            long ready = c.deliverable(maskedLines);
            if (ready != 0) {
                doIrq(c, Long.numberOfTrailingZeros(ready));
                continue;
            }
            if (c.needResched && preemptible(c, me)) {
                switchAway(me, c, true, false);
                continue;
            }
            return;
        }
    }

    private boolean preemptible(Cpu c, TaskImpl me) {
        if (layout.count(c.preemptCount) != 0 || c.irqsDisabled) return false;
        if (me.idle) return true;
        if (model == PreemptModel.FULL) return true;
        // Without kernel preemption only a return to user mode may preempt: a user process
        // computing outside any kernel lock.
        return !me.kernelThread && me.locksHeld == 0;
    }

    /** do_IRQ: irq_enter, the generic layer's handlers, irq_exit. On the interrupted task's thread. */
    private void doIrq(Cpu c, int irq) {
        long bit = 1L << irq;
        c.irqPending &= ~bit;
        c.irqInService |= bit;
        c.irqCount++;
        int pcBefore = c.preemptCount;
        boolean offBefore = c.irqsDisabled;
        c.preemptCount += layout.hardirqOffset;
        c.irqsDisabled = true;
        IrqEntry entry = irqEntry;
        if (entry == null) {
            // arch/x86/kernel/irq.c: no descriptor for the vector
            log(LogLevel.EMERG, "do_IRQ: " + c.id + "." + irq + " No irq handler for vector");
        } else {
            try {
                entry.handleIrq(irq, c.id);
            } catch (Baton.Killed k) {
                throw k;
            } catch (RuntimeException | Error e) {
                contracts.pluginFailed("the interrupt layer", "handling irq " + irq, e);
            }
        }
        int expected = pcBefore + layout.hardirqOffset;
        if (c.preemptCount != expected || !c.irqsDisabled) {
            contracts.unbalanced("irq " + irq, expected, c.preemptCount, !c.irqsDisabled);
            c.preemptCount = expected;
            c.irqsDisabled = true;
        }
        c.irqInService &= ~bit;
        c.preemptCount -= layout.hardirqOffset;
        BottomHalfEntry bh = bottomHalf;
        if (bh != null && !layout.inInterrupt(c.preemptCount)) {
            try {
                bh.irqExit(c.id);
            } catch (Baton.Killed k) {
                throw k;
            } catch (RuntimeException | Error e) {
                contracts.pluginFailed("the softirq layer", "irq_exit on CPU " + c.id, e);
            }
        }
        running.irqsDisabled = offBefore;
    }

    /** Asserts an interrupt line at a CPU now (from a hardware model or an IPI). */
    void raiseIrq(int irq, int cpu) {
        if (irq < 0 || irq > 63) throw new IllegalArgumentException("irq " + irq + " is out of range 0..63");
        if (cpu < 0 || cpu >= nrCpus) throw new IllegalArgumentException("cpu " + cpu + " does not exist");
        Cpu c = cpus[cpu];
        c.irqPending |= 1L << irq;
        if (c != running && c.deliverable(maskedLines) != 0) kick(c);
    }

    /** Makes a CPU that is not executing now take control back at the current instant. */
    private void kick(Cpu c) {
        long t = Math.max(now(), c.clock);
        if (c.resumeAt > t) c.resumeAt = t;
    }

    void localIrqEnable() {
        Cpu c = cpu("local_irq_enable()");
        c.irqsDisabled = false;
        if (c.deliverable(maskedLines) != 0 || c.needResched) handleInterruptions(c.current);
    }

    /** Unmasked a line at the controller: CPUs with it pending may take it now. */
    void linesUnmasked() {
        for (Cpu c : cpus) if (c != running && c.deliverable(maskedLines) != 0) kick(c);
    }

    // =====================================================================================
    // Scheduling
    // =====================================================================================

    /** schedule() called by a task: sleeps if its state is not RUNNING. */
    void schedule() {
        Cpu c = cpu("schedule()");
        TaskImpl me = c.current;
        int count = layout.count(c.preemptCount);
        if (count != 0) {
            // kernel/sched/core.c schedule_debug(): report, then repair the count and go on
            contracts.schedulingWhileAtomic(me, c);
            c.preemptCount &= ~layout.preemptMask;
        }
        switchAway(me, c, false, false);
    }

    /** sched_yield() (kernel/sched/syscalls.c do_sched_yield): the class hook, then a switch. */
    void yieldCpu() {
        Cpu c = cpu("sched_yield()");
        sched.yieldTask(c.id, c.current);
        schedule();
    }

    /**
     * _cond_resched() (kernel/sched/core.c): a voluntary preemption point. When need_resched is
     * set and the task may be preempted (preempt_count 0, interrupts on), it is switched away as
     * a preemption: it stays runnable and the switch counts as involuntary.
     */
    boolean condResched(Cpu c) {
        if (!c.needResched || c.irqsDisabled || layout.inAtomic(c.preemptCount) || c.current.idle) return false;
        switchAway(c.current, c, true, false);
        return true;
    }

    /**
     * __schedule(): puts prev away (back in the queue if still runnable), picks next and hands
     * the CPU over. Returns when {@code prev} runs again, on whichever CPU.
     */
    private void switchAway(TaskImpl prev, Cpu c, boolean preempt, boolean exiting) {
        c.needResched = false;
        char prevState;
        Put how;
        if (!preempt && prev.state != TaskState.RUNNING) {
            prevState = prev.state.letter();
            if (!exiting) prev.nvcsw++;
            how = exiting ? Put.EXIT : Put.SLEEP;
        } else {
            prevState = preempt ? '+' : 'R';
            if (!prev.idle) prev.nivcsw++;
            how = prev.idle ? Put.IDLE : preempt ? Put.PREEMPT : Put.YIELD;
        }
        TaskImpl next = (TaskImpl) sched.pickNext(c.id, prev, how);
        if (next != prev && (next == null || next.onCpu || (!next.idle && next.state != TaskState.RUNNING))) {
            // the machine checks its scheduler too: an invalid pick is an internal error (a panic)
            throw new IllegalStateException("the scheduler \"" + sched.name() + "\" picked " + next
                    + (next == null ? "" : " (state " + next.state.letter() + (next.onCpu ? ", running on CPU " + next.cpu : "") + ")")
                    + " on CPU " + c.id + ", which is not a runnable task");
        }
        if (next == prev) {
            // the only runnable task: keep running
            return;
        }
        emit(c, Type.SCHED_SWITCH, prev, next, prev.prio(), next.prio(), prevState);
        prev.onCpu = false;
        next.onCpu = true;
        c.current = next;
        next.cpu = c.id;
        c.switches++;
        switchesTotal++;
        c.resumeAt = c.clock;
        dispatch(prev, exiting);
        if (!exiting) finishSwitch();
    }

    /** finish_task_switch(): the rq lock is released with interrupts enabled. */
    private void finishSwitch() {
        running.irqsDisabled = false;
    }

    /** try_to_wake_up(): true if the task was sleeping. */
    boolean wakeUp(TaskImpl p) {
        if (p.state == TaskState.RUNNING || p.state == TaskState.DEAD) return false;
        p.state = TaskState.RUNNING;
        if (p.onCpu || sched.onRq(p)) {
            // Still on its CPU between set_current_state() and schedule(), or preempted there
            // and still on the runqueue: nothing to queue (kernel/sched/core.c ttwu_runnable()).
            emitWakeup(p, p.cpu, Type.SCHED_WAKEUP);
            return true;
        }
        int target = sched.wakeUp(p, running != null ? running.id : p.cpu);
        emitWakeup(p, target, Type.SCHED_WAKEUP);
        return true;
    }

    /** sched_wakeup(_new) on the CPU that executes, or from outside on the target CPU. */
    private void emitWakeup(TaskImpl p, int target, Type type) {
        emit(running != null ? running : cpus[target], type, p, null, p.prio(), target, 'R');
    }

    /** resched_curr(): sets need_resched, and kicks the CPU if it is not the one executing. */
    void reschedCurr(Cpu c) {
        c.needResched = true;
        if (c != running) kick(c);
    }

    void setNice(TaskImpl t, int nice) {
        if (nice < -20 || nice > 19) throw new IllegalArgumentException("nice " + nice + " is out of range -20..19");
        if (t.idle) throw new IllegalArgumentException("the idle task's nice value cannot be changed");
        still(() -> sched.setAttr(t, t.attr.withNice(nice)));
    }

    /** scheduler_tick(), from the timer interrupt on the CPU that took it. */
    void schedulerTick(Cpu c) {
        sched.tick(c.id);
    }

    /** The CPUs of {@code mask} this machine has. */
    long validCpus(long mask) {
        return nrCpus >= 64 ? mask : mask & ((1L << nrCpus) - 1);
    }

    // =====================================================================================
    // Idle
    // =====================================================================================

    /** cpu_idle loop of swapper/N: schedule when work arrives, else wait for an interrupt. */
    private void idleLoop(TaskImpl me) {
        finishSwitch();
        for (;;) {
            Cpu c = running;
            if (c.needResched) {
                switchAway(me, c, false, false);
                continue;
            }
            c.burstEnd = NEVER;
            c.segmentStart = c.clock;
            c.resumeAt = c.deliverable(maskedLines) != 0 ? c.clock : NEVER;
            dispatch(me, false);
            c = running;
            c.idleNs += c.clock - c.segmentStart;
            handleInterruptions(me);
        }
    }

    // =====================================================================================
    // Time
    // =====================================================================================

    /** tick_periodic() on the CPU that took the tick. */
    void tick() {
        Cpu c = cpu("the timer tick");
        if (c.id == 0) {
            jiffies++;
            timers.expire(jiffies, this);
        }
        schedulerTick(c);
    }

    /** msecs_to_jiffies() (include/linux/jiffies.h): rounds up. */
    long msecsToJiffies(long ms) {
        if (ms <= 0) return 0;
        return (ms * config.hz() + 999) / 1000;
    }

    /** schedule_timeout() (kernel/time/sleep_timeout.c); the caller has set its state. */
    long scheduleTimeout(long timeout) {
        Cpu c = cpu("schedule_timeout()");
        TaskImpl me = c.current;
        if (timeout < 0) throw new IllegalArgumentException("schedule_timeout: timeout " + timeout + " is negative");
        long expire = jiffies + timeout;
        Timers.Timer t = timers.add(expire, () -> wakeUp(me), "process_timeout");
        schedule();
        timers.remove(t);
        long left = expire - jiffies;
        return left < 0 ? 0 : left;
    }

    /** msleep(): uninterruptible, msecs_to_jiffies(ms) + 1 so that it sleeps at least ms. */
    void msleep(long ms) {
        Cpu c = cpu("msleep()");
        long timeout = msecsToJiffies(ms) + 1;
        while (timeout > 0) {
            c.current.state = TaskState.UNINTERRUPTIBLE;
            timeout = scheduleTimeout(timeout);
            c = running;
        }
    }

    long at(long atNs, HwEvent ev, boolean background) {
        long t = Math.max(atNs, now());
        return events.add(t, ev, background);
    }

    SplittableRandom random(String stream) {
        long h = config.seed();
        for (int i = 0; i < stream.length(); i++) h = h * 31 + stream.charAt(i);
        return new SplittableRandom(h);
    }

    // =====================================================================================
    // Log, trace, ps
    // =====================================================================================

    void log(LogLevel level, String text) {
        printk.log(now(), level, text);
    }

    void emit(Cpu c, Type type, TaskImpl a, Object b, int x, int y, char state) {
        trace.emit(c.clock, c.id, type, trace.recording() ? flags(c) : null, c.current, a, b, x, y, state);
    }

    /** ftrace's latency flags (kernel/trace/trace_output.c trace_print_lat_fmt). */
    String flags(Cpu c) {
        int pc = c.preemptCount;
        char irqs = c.irqsDisabled ? 'd' : '.';
        char nr = c.needResched ? 'N' : '.';
        boolean hard = layout.inHardirq(pc);
        boolean soft = layout.inServingSoftirq(pc);
        char ctx = hard && soft ? 'H' : hard ? 'h' : soft ? 's' : '.';
        int depth = layout.preemptCount(pc);
        char d = depth == 0 ? '.' : Character.forDigit(Math.min(depth, 15), 16);
        return "" + irqs + nr + ctx + d;
    }

    Map<Integer, TaskImpl> tasks() { return tasks; }

    List<TaskDTO> ps() {
        List<TaskDTO> out = new ArrayList<>();
        for (Cpu c : cpus) out.add(dto(c.idle, c));
        for (TaskImpl t : tasks.values()) out.add(dto(t, null));
        return out;
    }

    private TaskDTO dto(TaskImpl t, Cpu idleCpu) {
        TaskDTO d = new TaskDTO();
        d.pid = t.pid;
        d.comm = t.comm;
        d.state = String.valueOf(t.state.letter());
        d.cpu = t.cpu;
        d.nice = t.attr.nice;
        d.policy = t.attr.policy.name();
        d.prio = t.prio();
        d.schedClass = sched.className(t);
        d.migrations = t.migrations;
        d.utimeNs = t.utimeNs;
        d.stimeNs = idleCpu != null ? idleCpu.idleNs : t.stimeNs;
        d.voluntarySwitches = t.nvcsw;
        d.involuntarySwitches = t.nivcsw;
        d.kernelThread = t.kernelThread;
        d.running = cpus[t.cpu].current == t;
        return d;
    }
}
