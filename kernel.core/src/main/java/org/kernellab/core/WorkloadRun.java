package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.kernellab.api.LogLevel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.Slice;
import org.kernellab.api.run.TaskStats;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.workload.Workload;

/**
 * One workload run on a machine of its own: boots it with the run's policy, creates each task
 * at its start time, runs to the workload's stop (or until every task has exited) and collects
 * what happened. Used once, by one thread.
 *
 * <p>The machine: the workload's CPUs and HZ, the run's seed, full preemption, and the timer
 * interrupt at HZ on every CPU (its handler is the tick, with no irq trace events). Each task is
 * a {@link ScriptTask}, scripted or on a thread as the spec asks.
 */
final class WorkloadRun {
    /** A run without a stop whose tasks have not all exited after this much virtual time ends with {@code limit}. */
    static final long LIMIT_NS = 3_600_000_000_000L;
    /** Virtual time between two looks at the monitor. */
    private static final long CHUNK_NS = 10_000_000L;

    private final RunSpec spec;
    private final Workload w;
    private final Engine e;
    private final List<ScriptTask> scripts = new ArrayList<>();
    private int live;
    private int created;
    private final int total;

    WorkloadRun(RunSpec spec, SchedulerFactory factory) {
        this(spec, factory, true);
    }

    /** {@code threadlessIdle}: the idle tasks are stepped inline (the default), or run on threads (to test that both agree). */
    WorkloadRun(RunSpec spec, SchedulerFactory factory, boolean threadlessIdle) {
        this.spec = spec;
        this.w = spec.workload();
        MachineConfig cfg = new MachineConfig(w.machine().cpus(), w.machine().hz(), spec.seed(), ViolationPolicy.WARN,
                PreemptModel.FULL, PreemptLayout.LINUX_6);
        this.e = new Engine(cfg, new Printk(4096), Contracts::new, factory, "run:" + w.name() + ":" + spec.policy(), threadlessIdle);
        this.total = w.taskCount();
        e.runStats = true;
        e.burstsFirst = true;
        // scripts and idle loops stepped inline: no continuation, so no carrier thread to hand each chunk to
        e.rc.inlineOnly = threadlessIdle && !spec.threaded();
        if (spec.timeline() || spec.trace()) e.trace.start();
        e.switchCostNs = w.machine().costs().switchNs();
        e.tickCostNs = w.machine().costs().tickNs();
        e.irqEntryCostNs = w.machine().costs().irqEntryNs();
        e.irqEntry = (irq, cpu) -> {
            if (irq != 0) return;
            Cpu c = e.running;
            if (!c.current.idle) c.stolenNs += e.tickCostNs;
            e.time.tick();
        };
        for (int c = 0; c < e.nrCpus; c++) armTick(c, 1);
        scripts.addAll(ScriptTask.plan(e, w, 0, this::create));
        e.exitHook = t -> {
            if (t.script != null) {
                live--;
                if (live == 0 && created == total) e.rc.stopNow = true;
            }
        };
    }

    /** Tick {@code k} of {@code cpu}, at its exact instant (the remainder of 10^9/HZ carried: Machine.tickAt). */
    private void armTick(int cpu, long k) {
        e.at(org.kernellab.api.workload.Machine.tickAt(e.config.hz(), k), now -> {
            e.irq.raiseIrq(0, cpu);
            armTick(cpu, k + 1);
        }, true);
    }

    private void create(ScriptTask s) {
        TaskSpec ts = s.spec();
        if (spec.threaded()) {
            s.spawnThreaded(ts);
        } else {
            e.spawnScripted(ts, s);
        }
        created++;
        live++;
    }

    /** The run's machine (shut down once the run is over; its trace stays readable). */
    Engine engine() {
        return e;
    }

    RunResult run(RunMonitor monitor) {
        try {
            String stoppedBy = drive(monitor);
            return result(stoppedBy);
        } finally {
            e.rc.shutdown();
        }
    }

    private String drive(RunMonitor monitor) {
        // the run covers [0, stop): what would happen at the stop instant itself is not part of it
        long stop = (w.hasStop() ? w.stopNs() : LIMIT_NS) - 1;
        for (;;) {
            if (monitor.cancelled() || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("run of " + w.name() + " under " + spec.policy() + " cancelled at "
                        + e.globalNow + " ns of virtual time");
            }
            long chunk = Math.min(CHUNK_NS, stop - e.globalNow);
            RunResultDTO r = e.rc.run(chunk, !w.hasStop(), false);
            monitor.progress(e.globalNow, e.eventsProcessed);
            if ("panic".equals(r.stoppedBy)) return "panic";
            if (created == total && live == 0) return "exit";
            if (e.globalNow >= stop) return w.hasStop() ? "stop" : "limit";
            if ("idle".equals(r.stoppedBy)) {
                // nothing can ever wake the tasks that are left (a wait never signalled)
                e.log(LogLevel.WARNING, "workload " + w.name() + ": " + live + " task(s) blocked with nothing left to wake them; the run ends");
                return "idle";
            }
        }
    }

    private RunResult result(String stoppedBy) {
        long end = switch (stoppedBy) {
            case "stop" -> w.stopNs();
            case "exit" -> lastExit();
            default -> e.globalNow;
        };
        // the bursts in flight at the end: CPU time used up to the end, not yet charged
        long[] idle = new long[e.nrCpus];
        java.util.Map<TaskImpl, Long> inFlight = new java.util.HashMap<>();
        for (Cpu c : e.cpus) {
            idle[c.id] = c.idleNs;
            long from = Math.min(end, c.segmentStart);
            if (c.current.idle) idle[c.id] += end - from; // the idle wait in progress
            else if (c.burstEnd != Engine.NEVER) inFlight.put(c.current, Math.min(end, c.burstEnd) - from);
        }
        List<TaskStats> stats = new ArrayList<>();
        long migrations = 0;
        for (ScriptTask s : scripts) {
            TaskImpl t = s.task;
            if (t == null) {
                stats.add(new TaskStats(s.def.name(), 0, s.def.startNs(), null, null, 0, 0, 0, 0, 0, null, 0, 0, null, null));
                continue;
            }
            long wait = t.runDelayNs;
            if (t.state != TaskState.DEAD && t.runnableSince >= 0 && !t.onCpu) wait += Math.max(0, end - t.runnableSince);
            migrations += t.migrations;
            stats.add(new TaskStats(s.def.name(), t.pid, t.startNs, t.firstRunNs < 0 ? null : t.firstRunNs,
                    t.exitNs < 0 ? null : t.exitNs, t.utimeNs + t.stimeNs + inFlight.getOrDefault(t, 0L), wait, t.nvcsw, t.nivcsw, t.migrations,
                    t.wakeupLatencies.toArray(), s.jobs, s.misses, s.firstMissNs < 0 ? null : s.firstMissNs,
                    s.jobResponses.toArray()));
        }
        long[] busy = new long[e.nrCpus];
        for (Cpu c : e.cpus) busy[c.id] = Math.max(0, end - idle[c.id]);
        List<Slice> timeline = spec.timeline() ? Timeline.of(e, end) : List.of();
        String trace = spec.trace() ? e.trace.text(e.nrCpus) : "";
        List<String> log = new ArrayList<>();
        for (LogLineDTO l : e.printk.since(0)) log.add(String.format("[%5d.%06d] %s", l.timeNs / 1_000_000_000L, (l.timeNs % 1_000_000_000L) / 1000, l.text));
        return new RunResult(spec, e.nrCpus, e.config.hz(), end, stoppedBy, stats, e.switchesTotal, migrations, busy,
                timeline, trace, e.trace.digest(), log);
    }

    private long lastExit() {
        long last = 0;
        for (ScriptTask s : scripts) if (s.task != null) last = Math.max(last, s.task.exitNs);
        return last;
    }
}
