package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.plugin.Plugins;

/**
 * The machine as the outside drives it: run control (run, run until idle, step), the one way in
 * for everything else from outside (posted actions, applied at the machine's next safe point),
 * holding the machine still for a read or a change, and shutdown. At most one outside thread
 * drives the machine: {@link #lock} is held for the whole of a run.
 */
final class RunControl {
    private final Engine e;
    /** Held by whoever drives or inspects the machine from outside. */
    final ReentrantLock lock = new ReentrantLock();
    /** Actions posted from outside, applied at the next safe point. */
    private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
    volatile boolean hasPosted;
    /**
     * Holds on the machine from outside: while above zero, the machine stops at its next safe
     * point and waits (a driver bundle being swapped). Shared by every engine of one host.
     */
    AtomicInteger holds = new AtomicInteger();
    /** Called while the machine is held, on the thread that waits: ends the holds whose condition is met. */
    Runnable holdPoll = () -> { };

    // ---- the run in progress: guarded by the baton ----
    long limit;
    boolean stopWhenIdle;
    boolean stepMode;
    long stepEvents;
    boolean stopNow;
    /** The monitor of the run in progress, or null: asked before every event whether to stop. */
    org.kernellab.api.run.RunMonitor monitor;
    /** Events until the monitor is told of progress again. */
    private int untilProgress;
    /** Set when the monitor cancelled the run in progress. */
    boolean cancelled;
    /**
     * The step count the run in progress stops at ({@link Until} event=), or -1: the engine stops
     * after exactly that many steps of the machine since boot (hardware events and CPU resumptions,
     * {@link Engine#steps()}), so that a replay to the step count a run ended with is that run.
     */
    long untilEvents = -1;
    /** The thread that runs the machine's continuations, whoever drives it (continuations only). */
    private final Carrier carrier = new Carrier("kernellab-continuations");
    /**
     * The thread that asked for the run in progress, and whether it was interrupted while it
     * waited for the carrier (which clears its interrupt status to wait on; it is set again when
     * the run returns). An interrupted caller stops the run at its next step, as Ctrl-C does.
     */
    private Thread caller;
    private volatile boolean callerInterrupted;
    /**
     * Set by a machine whose every task is stepped inline (a workload run's scripts and idle
     * loops): it has no continuation to keep on one thread, so its runs stay on the caller's
     * thread, without a handoff per run. Such a machine refuses to make a continuation.
     */
    boolean inlineOnly;

    RunControl(Engine e) {
        this.e = e;
    }

    // =====================================================================================
    // Safe points
    // =====================================================================================

    /**
     * Runs {@code action} at the machine's next safe point: at once from simulated code or when
     * the machine is stopped, else before the next event of the run in progress.
     */
    void post(Runnable action) {
        if (e.inSimulation()) {
            action.run();
            return;
        }
        posted.add(action);
        hasPosted = true;
        if (lock.tryLock()) {
            try {
                drainPosted();
            } finally {
                lock.unlock();
            }
        }
        // else a run holds the machine: dispatch applies it at its next step, or the run at its end
    }

    /**
     * The safe point of the thread running the machine: posted actions are applied, and while
     * the machine is held it waits here, applying what is posted meanwhile (a driver's free_irq
     * and request_irq during its swap), so that nothing simulated happens until the hold ends.
     */
    void safePoint() {
        // what is applied here comes from outside: it sees the machine as a stopped machine
        // shows it (no current CPU; now() is the time the machine has reached), not the CPU of
        // whichever task happens to hold the baton
        Cpu was = e.running;
        e.running = null;
        e.contracts.revokeFastPass();
        try {
            holdPoll.run();
            drainPosted();
            while (holds.get() > 0 && !e.dead) {
                LockSupport.parkNanos(1_000_000L); // waits for the framework's threads, not simulated time
                if (hasPosted) drainPosted();
                holdPoll.run();
            }
        } finally {
            e.running = was;
            e.contracts.revokeFastPass();
        }
    }

    void drainPosted() {
        hasPosted = false;
        for (Runnable r; (r = posted.poll()) != null;) {
            Runnable action = r;
            Plugins.run(action, ex -> e.contracts.pluginFailed("a posted action " + action, "a safe point", ex));
        }
    }

    /**
     * Runs {@code r} as simulated code, or from outside with the machine held still, and returns
     * its result; posted actions are applied first. While another thread runs the machine,
     * {@code r} is posted and applied at the run's next safe point, so a caller from outside
     * waits for one step of the run, never for the whole run.
     */
    <T> T still(Supplier<T> r) {
        if (e.inSimulation()) return r.get();
        if (!lock.tryLock()) return atNextSafePoint(r);
        try {
            if (hasPosted) drainPosted();
            return r.get();
        } finally {
            lock.unlock();
        }
    }

    /** Posts {@code r} and waits until a run applies it, or applies it itself once the machine is free. */
    private <T> T atNextSafePoint(Supplier<T> r) {
        FutureTask<T> f = new FutureTask<>(r::get);
        post(f);
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    // a wall-clock wait for another thread's progress, not simulated time
                    return f.get(1, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    // the run may have ended between the post and its last drain: take the machine then
                    if (lock.tryLock()) {
                        try {
                            if (hasPosted) drainPosted();
                        } finally {
                            lock.unlock();
                        }
                    }
                } catch (InterruptedException ie) {
                    interrupted = true;
                } catch (ExecutionException ex) {
                    Throwable c = ex.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error er) throw er;
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    boolean shouldStop(long next) {
        if (stopNow || e.panicReport != null) return true;
        if (callerInterrupted || caller != null && caller.isInterrupted()) {
            cancelled = true;
            return true;
        }
        if (e.trace.untilHit != null) return true;
        if (next > limit) return true;
        if (monitor != null && monitorStops()) return true;
        if (stepMode && stepEvents > 0) return true;
        return stopWhenIdle && stopWhenIdleMet();
    }

    /** Asks the monitor, between two events, whether to stop; tells it of progress now and then. */
    private boolean monitorStops() {
        if (--untilProgress <= 0) {
            untilProgress = org.kernellab.api.Kernel.PROGRESS_EVENTS;
            monitor.progress(e.globalNow, e.eventsProcessed);
        }
        if (monitor.cancelled()) {
            cancelled = true;
            return true;
        }
        return false;
    }

    /** True when nothing at all is left to happen: no hardware event queued and no CPU to resume. */
    private boolean nothingPending() {
        if (e.events.peekTime() != Engine.NEVER) return false;
        for (Cpu c : e.cpus) if (c.resumeAt != Engine.NEVER) return false;
        return true;
    }

    /** A run until idle that stops because the machine is idle. */
    boolean idleStop() {
        return stopWhenIdle && stopWhenIdleMet();
    }

    private boolean stopWhenIdleMet() {
        if (!stopWhenIdle) return false;
        for (Cpu c : e.cpus) {
            if (c.current != c.idle || c.needResched || c.irqPending != 0 || c.localTimerPending) return false;
            if (c.resumeAt != Engine.NEVER) return false;
        }
        return !e.sched.anyQueued() && e.timerBases.isEmpty() && e.events.foregroundCount() == 0;
    }

    // =====================================================================================
    // Run control: called by the e.controller thread, outside the simulation
    // =====================================================================================

    RunResultDTO run(long ns, boolean untilIdle, boolean step) {
        return run(ns, untilIdle, step, null);
    }

    /** A run, run until idle or step; {@code m}, if not null, may stop it at any safe point (Ctrl-C). */
    RunResultDTO run(long ns, boolean untilIdle, boolean step, org.kernellab.api.run.RunMonitor m) {
        return run(ns, untilIdle, step, m, null);
    }

    /**
     * A run that also stops when {@code until} (if not null) holds: after the step in which a trace
     * clause held, at its time, or at its step count; {@code stoppedBy} is then {@code "until"} and
     * {@code until} says what held.
     */
    RunResultDTO run(long ns, boolean untilIdle, boolean step, org.kernellab.api.run.RunMonitor m, Until until) {
        if (e.inSimulation()) {
            throw new IllegalStateException("run control drives the simulation and cannot be called from simulated code");
        }
        lock.lock();
        try {
            if (hasPosted) safePoint();
            RunResultDTO r = new RunResultDTO();
            r.startNs = e.globalNow;
            long ev0 = e.eventsProcessed;
            long sw0 = e.switchesTotal;
            String hit = null;
            if (e.panicReport == null && !e.dead) {
                limit = ns == Engine.NEVER ? Engine.NEVER : saturatingAdd(e.globalNow, ns);
                if (until != null) {
                    limit = Math.min(limit, until.timeNs);
                    untilEvents = until.events;
                    e.trace.until = until.hasTraceClauses() ? until : null;
                }
                e.trace.untilHit = null;
                stopWhenIdle = untilIdle;
                stepMode = step;
                stepEvents = 0;
                stopNow = false;
                monitor = m;
                cancelled = false;
                untilProgress = org.kernellab.api.Kernel.PROGRESS_EVENTS;
                caller = Thread.currentThread();
                callerInterrupted = false;
                try {
                    if (carried()) carrier.run(this::dispatch, () -> callerInterrupted = true);
                    else dispatch();
                } finally {
                    caller = null;
                    callerInterrupted = false;
                    monitor = null;
                    e.trace.until = null;
                    untilEvents = -1;
                    hit = e.trace.untilHit;
                    e.trace.untilHit = null; // no later stop of the machine may see it
                }
            }
            r.endNs = e.globalNow;
            r.events = e.eventsProcessed - ev0;
            r.switches = e.switchesTotal - sw0;
            if (e.panicReport != null) {
                r.stoppedBy = "panic";
                r.panic = e.panicReport;
            } else if (cancelled) {
                r.stoppedBy = "interrupt";
            } else if (until != null && hit != null) {
                r.stoppedBy = "until";
                r.until = hit;
            } else if (until != null && until.events >= 0 && e.steps() >= until.events) {
                r.stoppedBy = "until";
                r.until = "the machine made step " + until.events;
            } else if (until != null && until.timeNs != Engine.NEVER && e.globalNow >= until.timeNs) {
                r.stoppedBy = "until";
                r.until = "virtual time reached " + until.timeNs + " ns";
            } else if (step && stepEvents > 0) {
                r.stoppedBy = "step";
            } else if (ns == Engine.NEVER && nothingPending()) {
                r.stoppedBy = "idle"; // a step or run without a limit, and nothing is left to happen
            } else if (step) {
                r.stoppedBy = "step";
            } else if (untilIdle && stopWhenIdleMet()) {
                r.stoppedBy = "idle";
            } else {
                r.stoppedBy = "time";
            }
            stopWhenIdle = false;
            stepMode = false;
            cancelled = false;
            if (hasPosted && e.panicReport == null && !e.dead) drainPosted();
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** The machine's continuations run on its carrier: it may have some, and it is not made of inline tasks only. */
    private boolean carried() {
        return e.continuations && !inlineOnly;
    }

    /** The run itself, on the thread that drives the machine: the caller's, or with continuations the carrier. */
    private void dispatch() {
        e.controller.thread = Thread.currentThread();
        e.holder = Thread.currentThread();
        e.contracts.revokeFastPass();
        try {
            e.dispatch(e.controller, false);
        } finally {
            e.holder = null;
            e.running = null;
            e.contracts.revokeFastPass();
        }
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < a ? Engine.NEVER : s;
    }

    private static void unwind(List<Baton> all) {
        for (Baton b : all) {
            if (b.cont != null && !Conts.isDone(b.cont)) {
                try {
                    Conts.run(b.cont);
                } catch (RuntimeException | Error ex) {
                    // the machine is going away; a body that fails while unwinding changes nothing
                }
            }
        }
    }

    /** Kills every task thread. The engine is unusable afterwards. */
    void shutdown() {
        lock.lock();
        try {
            e.dead = true;
            try {
                e.sched.shutdown();
            } catch (RuntimeException | Error ex) {
                // the machine is going away; nothing to protect
            }
            List<Baton> all = new ArrayList<>(e.tasks().values());
            for (Cpu c : e.cpus) all.add(c.idle);
            for (Baton b : all) {
                b.killed = true;
                if (b.thread != null) b.release();
            }
            // a suspended continuation resumes only to unwind (its yield throws Killed), on the
            // carrier it ran on; one that never ran ends at once. A machine not carried has none.
            if (carried()) carrier.run(() -> unwind(all), () -> { });
            carrier.close();
            for (Baton b : all) {
                if (b.thread != null) {
                    try {
                        b.thread.join(5_000);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

}
