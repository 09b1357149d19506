package org.kernellab.core;

import java.util.LinkedHashMap;
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
 * them execute at a time. Its parts: {@link Interrupts} (the interrupt path), {@link Switcher}
 * (schedule(), the preemption points and the switch), {@link TimeKeeper} (the tick and the
 * jiffies sleeps), {@link RunControl} (run control and safe points), and the scheduler of this
 * machine ({@link #sched}, from kernel.sched through the seam in {@link SchedSeam}).
 *
 * <h2>Execution model</h2>
 * Every task runs on its own virtual thread. Whoever holds the baton runs {@link #dispatch}:
 * it picks the earliest thing to happen, ordered by virtual time; on a tie hardware events
 * go first, then CPUs (the lowest first), then late events (the scheduler's timers). A hardware
 * event runs inline on the holder's thread. A CPU step hands the baton to the task current on
 * that CPU, unless that is the holder itself, so a switch is a single handoff. CPU time passes
 * only in {@link #compute}: the CPU's burst ends at {@code clock + ns} unless an interrupt or a
 * reschedule request arrives first, in which case the burst is split at that exact instant.
 *
 * <h2>Locking</h2>
 * All fields are guarded by the baton: only the holder touches them. The run-control entry
 * points take {@link RunControl#lock} so that at most one outside thread drives the machine.
 * Fields written by other threads (the IRQ and softirq entries) are volatile and are read at
 * safe points; everything else from outside is posted ({@link RunControl#post}).
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
    /** The jiffies timers and hrtimers of each CPU (kernel/time/timer.c, hrtimer.c). */
    final TimerBases timerBases;
    final Contracts contracts;
    /** The Kernel service handed to task bodies: the boundary proxy, which survives resets. */
    org.kernellab.api.Kernel kernel;
    /** Run control, safe points and shutdown: the machine as the outside drives it. */
    final RunControl rc = new RunControl(this);

    /** Live tasks by pid, in creation order (the idle tasks are not here). */
    private final Map<Integer, TaskImpl> tasks = new LinkedHashMap<>();
    /** Keep every task's wakeup latencies for the statistics of a workload run. */
    boolean runStats;
    /** The machine's own costs, ns (a workload's {@code machine.costs}; 0 elsewhere): each context switch, each tick on a busy CPU, each interrupt's entry and exit. */
    long switchCostNs;
    long tickCostNs;
    long irqEntryCostNs;
    /**
     * Ties at one instant between a CPU whose burst ends then and hardware events: the burst's
     * end first (the task finishes, sleeps or starts its I/O, then the instant's arrivals,
     * completions and ticks come), as the reference simulators order a time step. Workload
     * runs set it; the console's machine keeps hardware events first.
     */
    boolean burstsFirst;
    /** Told of each task's exit (a workload run counts them); null for none. */
    java.util.function.Consumer<TaskImpl> exitHook;
    /** The services' exit hooks (Kernel.addExitHook), the host's list, which outlives a reset; read in do_exit. */
    java.util.List<org.kernellab.api.TaskExitHook> exitHooks = java.util.List.of();
    private int nextPid = 1;
    /**
     * The kernel threads the machine's parts start while it boots (from MachineListener.machineReset:
     * ksoftirqd/N) take pids from here, in the order they are started, so that the tasks of a
     * run keep the pids they have always had (1, 2, ...); the run's pids skip this block. See
     * docs/execution-model.md, "Pids".
     */
    static final int BOOT_PID_BASE = 1000;
    private int nextBootPid = BOOT_PID_BASE;
    /** The machine is booting: its parts' listeners are starting their per-CPU kernel threads. */
    boolean booting;
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
    /** The interrupt path, the switch and preemption points, and the jiffies-based sleeps. */
    final Interrupts irq = new Interrupts(this);
    final Switcher sw = new Switcher(this);
    final TimeKeeper time = new TimeKeeper(this);
    final String label;
    /** Task bodies run in continuations on the controller's thread (else each on a virtual thread). */
    final boolean continuations;
    volatile IrqEntry irqEntry;
    volatile BottomHalfEntry bottomHalf;
    /** The softirq service the timers raise TIMER_SOFTIRQ and HRTIMER_SOFTIRQ on; null: the tick expires timers itself. */
    volatile org.kernellab.api.softirq.Softirqs softirqs;
    /** disable_irq(): lines masked at the controller, for every CPU. */
    long maskedLines;

    // ---- run control: the controller's place in the baton ring, and the halt states ----
    final Baton controller = new Baton();
    String panicReport;
    boolean dead;
    long eventsProcessed;

    /** Every step of the machine since boot: hardware events and CPU resumptions (Kernel.eventCount, Until's event=). */
    long steps() {
        return eventsProcessed + stepsProcessed;
    }
    /** The host's reset count when this machine booted. */
    long generation;
    long switchesTotal;
    long stepsProcessed;

    Engine(MachineConfig config, Printk printk, Function<Engine, Contracts> contracts, SchedulerFactory factory, String label) {
        this(config, printk, contracts, factory, label, false);
    }

    /**
     * A machine; with {@code threadless} its idle tasks have no threads either ({@link IdleStep}),
     * so that a machine of scripted tasks alone (a workload run) starts no thread at all.
     */
    Engine(MachineConfig config, Printk printk, Function<Engine, Contracts> contracts, SchedulerFactory factory, String label,
           boolean threadless) {
        this.continuations = config.tasks() == TaskMechanism.CONTINUATION && Conts.AVAILABLE;
        this.config = config;
        this.nrCpus = config.cpus();
        // TICK_NSEC (include/vdso/jiffies.h): rounded when HZ does not divide 10^9 (HZ=300)
        this.tickNs = org.kernellab.api.workload.Machine.tickNs(config.hz());
        this.layout = config.layout();
        this.model = config.model();
        this.policy = config.policy();
        this.printk = printk;
        this.label = label;
        this.contracts = contracts.apply(this);
        this.cpus = new Cpu[nrCpus];
        for (int i = 0; i < nrCpus; i++) {
            TaskImpl idle = new TaskImpl(0, "swapper/" + i, true, true, SchedAttr.normal(), i, 1L << i, null, null, 0);
            idle.onCpu = true;
            cpus[i] = new Cpu(i, idle, this.contracts.fastPass);
            cpus[i].resumeAt = 0;
        }
        this.timerBases = new TimerBases(this);
        this.seam = new SchedSeam(this);
        // the boot lines come first, as in Linux: the scheduler and its policy report after them
        log(LogLevel.NOTICE, "Linux version " + MachineConfig.RELEASE + " (KernelLab simulated kernel)");
        log(LogLevel.INFO, "smp: Brought up 1 node, " + nrCpus + " CPU" + (nrCpus == 1 ? "" : "s"));
        log(LogLevel.INFO, continuations ? "KernelLab: task bodies run as continuations on the engine's thread"
                : config.tasks() == TaskMechanism.THREAD ? "KernelLab: task bodies run on virtual threads (tasks=thread)"
                : "KernelLab: task bodies run on virtual threads: continuations are not available (" + Conts.WHY_NOT
                        + "); the JVM needs --add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
        log(LogLevel.INFO, "sched_clock: virtual time, HZ=" + config.hz() + ", tick " + tickNs + " ns, seed "
                + config.seed() + ", preempt model " + model.name().toLowerCase() + ", preempt_count layout " + layout);
        this.sched = createScheduler(factory);
        for (Cpu c : cpus) {
            // An inline idle has no stack of its own: an interrupt handler that computes or
            // sleeps on it runs on the dispatcher's stack, and two such handlers on two idle CPUs
            // would have to suspend out of order. So only a workload run's machine, whose only
            // handler is the tick (which never blocks), steps its idle tasks inline; elsewhere
            // idle is a task body like any other (a continuation or a thread).
            if (threadless) c.idle.stepper = new IdleStep(this, c.idle);
            else startThread(c.idle, () -> idleLoop(c.idle));
        }
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
    // Baton and dispatch
    // =====================================================================================

    private void startThread(TaskImpl t, Runnable body) {
        if (continuations) {
            // its runs are on the caller's thread, which may change: a continuation would not stay on one (Carrier)
            if (rc.inlineOnly) throw new IllegalStateException("a machine of inline tasks only cannot run " + t.comm + "'s body");
            t.cont = Conts.create(new ContEntry(t));
            return;
        }
        t.thread = Thread.ofVirtual().name(t.comm + "-" + t.pid).unstarted(() -> {
            try {
                t.await();
                holder = Thread.currentThread();
                contracts.revokeFastPass();
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

    /**
     * The bottom of a task's continuation: the idle loop or the task's main, called directly.
     * Every switch copies the continuation's stack out and back in, so nothing sits between the
     * continuation's entry and the task's own frames but this one frame.
     */
    private final class ContEntry implements Runnable {
        private final TaskImpl t;

        ContEntry(TaskImpl t) {
            this.t = t;
        }

        @Override
        public void run() {
            if (t.killed) return; // the machine went away before the task first ran
            try {
                if (t.idle) idleLoop(t);
                else taskMain(t);
            } catch (Baton.Killed k) {
                // machine reset, or a pinned task given up: unwind quietly
            } catch (Throwable internal) {
                if (!dead) internalPanic(t, internal);
            }
        }
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
            if (rc.hasPosted) rc.safePoint();
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
            // on a tie, hardware events go before CPUs, and CPUs before late events (scheduler
            // timers), so that a task whose burst ends at T sleeps or exits before an hrtick at T;
            // with burstsFirst a CPU whose burst ends at T goes before the hardware events too
            boolean hwNext = evT < bestT || (evT == bestT && !events.peekLate() && !(burstsFirst && best != null && best.burstEnd == bestT));
            // next == NEVER: nothing is left to happen at all (every CPU idle, every tick stopped,
            // no timer or device event); a run without a time limit (a step) stops where it is
            if (next == NEVER || rc.shouldStop(next) || (rc.untilEvents >= 0 && eventsProcessed + stepsProcessed >= rc.untilEvents)) {
                // a run until idle stops when the machine became idle, even when nothing is left to
                // come (every tick stopped: NO_HZ idle); only a run that reached its limit moves there
                if (next > rc.limit && rc.limit != NEVER && !rc.idleStop()) globalNow = Math.max(globalNow, rc.limit);
                handTo(me, controller, exiting);
                return;
            }
            if (hwNext) {
                globalNow = Math.max(globalNow, evT);
                Object p = events.poll();
                eventsProcessed++;
                Cpu saved = running;
                running = null;
                contracts.revokeFastPass();
                try {
                    ((HwEvent) p).fire(evT);
                } catch (Baton.Killed k) {
                    throw k;
                } catch (RuntimeException | Error e) {
                    log(LogLevel.ERR, "hardware event " + p + " failed: " + e + "; event dropped");
                }
                running = saved;
                contracts.revokeFastPass();
                if (rc.stepMode) rc.stepEvents++;
                continue;
            }
            stepsProcessed++;
            best.clock = Math.max(best.clock, bestT);
            globalNow = Math.max(globalNow, best.clock);
            best.resumeAt = NEVER;
            // the same CPU again (a burst of the task that holds the baton ended): nothing the
            // gates remembered has changed, so a sleeping call after compute() stays on the fast path
            if (running != best) contracts.revokeFastPass();
            running = best;
            TaskImpl t = best.current;
            if (t == me) return;
            if (t.stepper != null) {
                // a task with no thread runs inline on whichever thread holds the baton: no handoff
                t.stepper.step(best);
                continue;
            }
            handTo(me, t, exiting);
            return;
        }
    }

    void handTo(Baton me, Baton to, boolean exiting) {
        if (to == me) return;
        if (continuations) {
            handToContinuation(me, to, exiting);
            return;
        }
        holder = to == controller ? null : to.thread;
        contracts.revokeFastPass();
        to.release();
        if (exiting) return;
        me.await();
        if (me != controller) {
            holder = Thread.currentThread();
            contracts.revokeFastPass();
        }
    }

    /**
     * {@link #handTo} with continuations. Everything runs on the controller's thread. The
     * controller runs the continuation of the task it hands to, and of each task that one hands
     * to, until one hands back to the controller. A task hands over by naming its successor
     * and yielding; it is resumed where it yielded when someone hands to it again.
     */
    private void handToContinuation(Baton me, Baton to, boolean exiting) {
        if (me == controller) {
            for (Baton cur = to; cur != controller;) {
                cur.next = null;
                Conts.run(cur.cont);
                Baton n = cur.next;
                if (n == null) {
                    // a task's continuation ended without handing on: an engine failure
                    recordPanic("KernelLab internal error: " + cur + " ended without handing the CPU on");
                    n = controller;
                }
                cur = n;
            }
            return;
        }
        me.next = to;
        if (exiting) return; // the body ends, and with it the continuation
        try {
            Conts.yieldNow();
        } catch (IllegalStateException pinned) {
            // A native frame (or, before JDK 24, a monitor) on the task's stack: the continuation
            // cannot be suspended. Waiting here would deadlock the machine, so it halts with a
            // report, and the task unwinds; the next task runs only to see the panic.
            recordPanic("BUG: " + me + " cannot be switched away: its continuation is pinned (" + pinned.getMessage()
                    + "); a task body must not block inside a synchronized block or a native frame\n"
                    + "KernelLab: use the kernel's locks (Sync) instead of Java monitors in simulated code");
            throw Baton.KILLED;
        }
        if (me.killed) throw Baton.KILLED;
    }

    /** Halts the simulation with a panic; the calling task freezes where it is until reset. */
    void panic(String report) {
        recordPanic(report);
        Cpu c = cpuOrNull();
        if (c == null) return;
        c.resumeAt = NEVER;
        if (c.current.stepper != null) {
            // a task with no thread (an idle CPU taking an interrupt, a workload script) has no
            // stack of its own to freeze: the offending operation is skipped, the step returns,
            // and the dispatch loop stops at the panic
            return;
        }
        handTo(c.current, controller, false);
        // only a reset wakes a panicked task, and it unwinds
        throw Baton.KILLED;
    }

    /** The panic of an engine failure on a task thread that is ending: the controller takes over. */
    private void internalPanic(TaskImpl t, Throwable internal) {
        recordPanic("KernelLab internal error on " + t.comm + "/" + t.pid + ": " + internal);
        handTo(t, controller, true);
    }

    /** kernel/panic.c's first and last lines; the run stops at its next check. */
    private void recordPanic(String report) {
        log(LogLevel.EMERG, "Kernel panic - not syncing: " + report.lines().findFirst().orElse(report));
        // kernel/panic.c panic(): the closing line repeats the reason
        log(LogLevel.EMERG, "---[ end Kernel panic - not syncing: " + report.lines().findFirst().orElse(report) + " ]---");
        panicReport = report;
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
        return rc.still(() -> {
            int pid = allocPid(spec.kernelThread);
            TaskImpl t = new TaskImpl(pid, spec.comm, spec.kernelThread, false, spec.attr, firstCpu(pid, valid), spec.affinity, body, origin, now());
            t.sleepHook = spec.sleepHook;
            startThread(t, () -> taskMain(t));
            if (booting && spec.kernelThread) {
                // a boot kernel thread is at its first sleep when the machine is up: off the runqueue,
                // untraced, until a wakeup starts it (ksoftirqd/N until its first softirq)
                tasks.put(t.pid, t);
                if (runStats) t.wakeupLatencies = new LongList();
                t.state = TaskState.INTERRUPTIBLE;
                t.bootAsleep = true;
                return t;
            }
            register(t);
            return t;
        });
    }

    /**
     * Creates a task that runs {@code script} with no thread: the dispatch loop steps it inline
     * ({@link ScriptTask#step}). Called by simulated code (a hardware event of the run).
     */
    TaskImpl spawnScripted(TaskSpec spec, ScriptTask script) {
        int pid = allocPid(false);
        TaskImpl t = new TaskImpl(pid, spec.comm, false, false, spec.attr, firstCpu(pid, validCpus(spec.affinity)), spec.affinity, null, null, now());
        t.script = script;
        t.stepper = script;
        script.bind(t);
        register(t);
        return t;
    }

    /** alloc_pid(): a boot kernel thread's from the boot block, any other task's from 1 up, past the boot block. */
    private int allocPid(boolean kthread) {
        if (booting && kthread) return nextBootPid++;
        if (nextPid >= BOOT_PID_BASE && nextPid < nextBootPid) nextPid = nextBootPid;
        return nextPid++;
    }

    /** The CPU a new task starts on: pids round-robin over the CPUs, else the first its affinity allows. */
    private int firstCpu(int pid, long valid) {
        int first = (pid - 1) % nrCpus;
        return (valid & (1L << first)) != 0 ? first : Long.numberOfTrailingZeros(valid);
    }

    /** A new task joins: the task table, stats, the scheduler, the trace. */
    private void register(TaskImpl t) {
        tasks.put(t.pid, t);
        t.runnableSince = t.startNs;
        if (runStats) t.wakeupLatencies = new LongList();
        int target = sched.wakeUpNew(t);
        sw.emitWakeup(t, target, Type.SCHED_WAKEUP_NEW);
    }

    private void taskMain(TaskImpl me) {
        Throwable oops = null;
        try {
            sw.finishSwitch();
            me.body.run(kernel);
        } catch (Baton.Killed k) {
            throw k;
        } catch (org.kernellab.api.TaskDeath death) {
            // a fatal signal (the service printed its line) or an Oops (the report is ours to finish)
            if (death.isOops()) contracts.die(me, running, death);
        } catch (Throwable e) {
            oops = e;
        }
        if (oops != null) contracts.oops(me, running, oops);
        doExit(me);
    }

    /** do_exit(): the task dies and hands the CPU on; its thread, if it has one, then ends. */
    void doExit(TaskImpl me) {
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
        me.fatalSignal = false; // it is dying: a hook's compute() is no safe point to die at again
        // exit_mm() and the other teardowns of services outside the core (kernel/exit.c do_exit)
        for (org.kernellab.api.TaskExitHook h : exitHooks) {
            try {
                h.exiting(me);
            } catch (Baton.Killed k) {
                throw k;
            } catch (Throwable t) {
                log(LogLevel.WARNING, "KernelLab: exit hook " + h + " failed for " + me.comm + "[" + me.pid + "]: " + t
                        + "\nKernelLab: the task exits anyway; fix: an exit hook must not throw or sleep");
            }
        }
        emit(c, Type.SCHED_PROCESS_EXIT, me, null, me.prio(), 0, 'X');
        me.state = TaskState.DEAD;
        me.exitNs = c.clock;
        tasks.remove(me.pid);
        if (exitHook != null) exitHook.accept(me);
        sw.switchAway(me, c, false, true);
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
        if (me.fatalSignal) dieOfSigkill(c, me);
        long remaining = ns;
        for (;;) {
            irq.handleInterruptions(me);
            c = running;
            if (remaining == 0) return;
            if (me.script != null && me.script.abortRequested) return; // a late periodic job dropped at its deadline
            startBurst(c, remaining);
            dispatch(me, false);
            c = running;
            endBurst(c, me);
            remaining = c.burstEnd - c.clock;
            c.burstEnd = NEVER;
        }
    }

    /**
     * A pending SIGKILL is delivered at compute() when the task could return to user mode there:
     * its own code (not an interrupt on its stack), no preemption count, interrupts on.
     */
    private void dieOfSigkill(Cpu c, TaskImpl me) {
        if (me.script == null && layout.count(c.preemptCount) == 0 && !c.irqsDisabled) {
            throw org.kernellab.api.TaskDeath.signal(org.kernellab.api.TaskDeath.SIGKILL);
        }
    }

    /** A burst of {@code ns} of CPU time starts on {@code c}: its step comes at its end, or at an interruption. */
    void startBurst(Cpu c, long ns) {
        c.burstEnd = c.clock + ns;
        c.segmentStart = c.clock;
        c.resumeAt = c.hasDeliverable(maskedLines) ? c.clock : c.burstEnd;
    }

    /** The CPU's step came: charge the time used since the burst (re)started. */
    void endBurst(Cpu c, TaskImpl me) {
        account(c, me, c.clock - c.segmentStart);
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

    // =====================================================================================
    // Scheduling
    // =====================================================================================

    /** The CPUs of {@code mask} this machine has. */
    long validCpus(long mask) {
        return nrCpus >= 64 ? mask : mask & ((1L << nrCpus) - 1);
    }

    // =====================================================================================
    // Idle
    // =====================================================================================

    /** cpu_idle loop of swapper/N: schedule when work arrives, else wait for an interrupt. */
    private void idleLoop(TaskImpl me) {
        sw.finishSwitch();
        for (;;) {
            Cpu c = running;
            if (c.needResched) {
                sw.switchAway(me, c, false, false);
                continue;
            }
            c.burstEnd = NEVER;
            c.segmentStart = c.clock;
            c.resumeAt = c.hasDeliverable(maskedLines) ? c.clock : NEVER;
            if (c.resumeAt == NEVER) time.idleEnter(c);
            dispatch(me, false);
            c = running;
            // idle time is accounted here, when the wait ends (as Linux's tick_nohz_idle_exit / irq_enter do), never per tick
            time.idleExit(c);
            c.idleNs += c.clock - c.segmentStart;
            irq.handleInterruptions(me);
        }
    }

    // =====================================================================================
    // Time
    // =====================================================================================

    long at(long atNs, HwEvent ev, boolean background) {
        return events.add(Math.max(atNs, now()), ev, background, false);
    }

    /** A late event: at its instant it runs after the CPUs' own steps (scheduler timers). */
    long atLate(long atNs, HwEvent ev) {
        return events.add(Math.max(atNs, now()), ev, false, true);
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

    /**
     * An event about CPU {@code c} from outside any CPU's execution (a hardware event's wakeup):
     * stamped with the current virtual time, not with the CPU's own clock, which lags while it
     * waits.
     */
    void emitOutside(Cpu c, Type type, TaskImpl a, Object b, int x, int y, char state) {
        trace.emit(Math.max(c.clock, globalNow), c.id, type, trace.recording() ? flags(c) : null, c.current, a, b, x, y, state);
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
}
