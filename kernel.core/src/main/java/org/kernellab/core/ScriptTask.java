package org.kernellab.core;

import org.kernellab.api.TaskSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.TaskState;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;

/**
 * One workload task's body as a state machine: its phases, loops and periodic jobs. The same
 * machine runs in two ways, and both make the same calls into the engine in the same order,
 * so both give the same trace:
 * <ul>
 * <li>scripted: the task has no thread. The dispatch loop calls {@link #step} inline whenever
 *     the task's CPU comes up, and the step returns as soon as the task computes, blocks,
 *     yields or exits. No handoff, no park.</li>
 * <li>threaded ({@link #runThreaded}): the body of an ordinary task on its own thread, as a
 *     Java body written against the kernel's services would run it.</li>
 * </ul>
 * {@link #advance} decides what comes next; it performs the phases that never block (unlock,
 * signal, a lock or wait that succeeds) and prepares those that do (a sleep's timer, a place
 * in a mutex's queue) and then says {@link #BLOCK}. Guarded by the baton.
 */
final class ScriptTask implements Stepper {
    static final int COMPUTE = 0;
    static final int BLOCK = 1;
    static final int YIELD = 2;
    static final int EXIT = 3;

    private final Engine e;
    private final ScriptWorld world;
    final TaskDef def;
    private final Phase[] phases;
    /** Per phase, the index of the mutex, event or barrier it names in {@link ScriptWorld} (-1 for none). */
    private final int[] objects;
    /** The object this task sleeps on in {@link ScriptWorld}, or -1. */
    int waitingOn = -1;
    private final Periodic periodic;
    TaskImpl task;

    // ---- where the body is ----
    private int phase;
    private int iteration;
    private boolean jobActive;
    /** CPU time left of the run phase in progress. */
    long remaining;
    private boolean computing;
    /** A burst is in flight on the CPU: its accounting is due when the CPU steps. */
    private boolean inBurst;
    /** Switched in (or created) since the last step: finish_task_switch() is due. */
    private boolean switchIn = true;
    /** The current periodic job's deadline passed with work left, under on_miss abort. */
    boolean abortRequested;
    /** The mutexes held (their indexes), in order of taking; null until the first lock. */
    private List<Integer> held;
    private Map<String, Long> timers;
    /** Counts sleeps: the timer of an earlier sleep does nothing. */
    private long sleeps;

    // ---- periodic jobs ----
    private long release;
    private long deadline;
    int jobs;
    int misses;
    long firstMissNs = -1;
    final LongList jobResponses = new LongList();

    ScriptTask(Engine e, ScriptWorld world, TaskDef def) {
        this.e = e;
        this.world = world;
        this.def = def;
        this.phases = def.phases().toArray(new Phase[0]);
        this.objects = new int[phases.length];
        for (int i = 0; i < phases.length; i++) objects[i] = world.id(phases[i]);
        this.periodic = def.periodic();
    }

    void bind(TaskImpl t) {
        this.task = t;
    }

    /**
     * Plans {@code w}'s tasks on {@code e}: one script per task instance, each handed to
     * {@code create} at its start counted from {@code fromNs} (a workload run starts at 0; a load
     * into a running machine at its now). Returns the scripts in the workload's order.
     */
    static java.util.List<ScriptTask> plan(Engine e, org.kernellab.api.workload.Workload w, long fromNs,
                                           java.util.function.Consumer<ScriptTask> create) {
        ScriptWorld world = new ScriptWorld(e, w.tasks(), w.barriers());
        java.util.List<ScriptTask> out = new java.util.ArrayList<>();
        for (org.kernellab.api.workload.TaskDef t : w.expand()) {
            ScriptTask s = new ScriptTask(e, world, t);
            out.add(s);
            e.at(fromNs + t.startNs(), now -> create.accept(s), false);
        }
        return out;
    }

    /** The task this script runs as: its name, scheduling attributes and CPUs. */
    TaskSpec spec() {
        return TaskSpec.process(def.name()).attr(def.sched()).affinity(def.cpus());
    }

    /** Creates the task as {@code spec} says, its body this script on the task's own thread (or continuation). */
    TaskImpl spawnThreaded(TaskSpec spec) {
        TaskImpl t = e.spawn(spec, k -> runThreaded(), null);
        t.script = this;
        bind(t);
        return t;
    }

    // =====================================================================================
    // Scripted: stepped inline by the dispatch loop
    // =====================================================================================

    @Override
    public void switchedOut() {
        switchIn = true;
    }

    /**
     * The task's CPU came up: continue the body until it computes (a burst is set up and the
     * CPU's next step ends it), blocks, yields to another task or exits. Mirrors what the
     * task's own thread does in {@link Engine#compute}, {@link Switcher#schedule} and
     * {@link Switcher#yieldCpu}, step for step.
     */
    @Override
    public void step(Cpu c) {
        TaskImpl me = task;
        try {
            if (switchIn) {
                switchIn = false;
                e.sw.finishSwitch();
            }
            if (inBurst) {
                inBurst = false;
                e.endBurst(c, me);
                remaining = c.burstEnd - c.clock;
                c.burstEnd = Engine.NEVER;
            }
            for (;;) {
                if (computing) {
                    if (!e.irq.handleInterruptions(me)) return;
                    c = e.running;
                    if (remaining == 0 || abortRequested) {
                        computing = false;
                        continue;
                    }
                    e.startBurst(c, remaining);
                    inBurst = true;
                    return;
                }
                switch (advance()) {
                    case COMPUTE -> computing = true;
                    case BLOCK -> {
                        e.sw.switchAway(me, c, false, false);
                        if (c.current != me) return;
                    }
                    case YIELD -> {
                        c.yldCount++; // do_sched_yield(): schedstat_inc(rq->yld_count)
                        e.sched.yieldTask(c.id, me);
                        e.sw.switchAway(me, c, false, false);
                        if (c.current != me) return;
                    }
                    default -> {
                        e.doExit(me);
                        return;
                    }
                }
            }
        } catch (Baton.Killed k) {
            throw k;
        } catch (RuntimeException | Error bug) {
            // an exception kills only this task, as a throwing task body does
            e.contracts.oops(me, e.running, bug);
            if (me.state != TaskState.DEAD && e.running.current == me) e.doExit(me);
        }
    }

    // =====================================================================================
    // Threaded: the same body on the task's own thread
    // =====================================================================================

    /** The body of the task's thread: each action done with the blocking calls a Java body makes. */
    void runThreaded() {
        for (;;) {
            switch (advance()) {
                case COMPUTE -> e.compute(remaining);
                case BLOCK -> e.sw.switchAway(task, e.running, false, false);
                case YIELD -> e.sw.yieldCpu();
                default -> {
                    return;
                }
            }
        }
    }

    // =====================================================================================
    // The body
    // =====================================================================================

    /**
     * Goes on through the phases: returns {@link #COMPUTE} with {@link #remaining} set,
     * {@link #BLOCK} with the task's state set and its wakeup arranged, {@link #YIELD}, or
     * {@link #EXIT} when the loops (or jobs) are done.
     */
    int advance() {
        long now = e.running.clock;
        for (;;) {
            if (abortRequested) {
                // on_miss abort: the late job is dropped at its deadline (SimSo's abort)
                abortRequested = false;
                releaseHeld();
                jobActive = false;
                iteration++;
            }
            if (!jobActive) {
                if (!def.forever() && iteration >= def.loop()) return EXIT;
                phase = 0;
                if (periodic != null) {
                    long r = def.startNs() + periodic.offsetNs() + (long) iteration * periodic.periodNs();
                    if (now < r) {
                        sleepUntil(r, TaskState.INTERRUPTIBLE);
                        return BLOCK;
                    }
                    startJob(r, now);
                }
                jobActive = true;
            }
            if (phase == phases.length) {
                if (periodic != null) jobResponses.add(now - release);
                jobActive = false;
                iteration++;
                continue;
            }
            int obj = objects[phase];
            Phase p = phases[phase++];
            switch (p) {
                case Phase.Run r -> {
                    remaining = r.ns();
                    return COMPUTE;
                }
                case Phase.Sleep s -> {
                    sleepUntil(now + s.ns(), TaskState.INTERRUPTIBLE);
                    return BLOCK;
                }
                case Phase.Io io -> {
                    sleepUntil(now + io.ns(), TaskState.UNINTERRUPTIBLE);
                    return BLOCK;
                }
                case Phase.Yield y -> {
                    return YIELD;
                }
                case Phase.Lock l -> {
                    if (held == null) held = new ArrayList<>(2);
                    held.add(obj);
                    if (!world.lock(obj, task)) return BLOCK;
                }
                case Phase.Unlock u -> {
                    if (held != null) held.remove(Integer.valueOf(obj));
                    world.unlock(obj, task);
                }
                case Phase.Signal s -> world.signal(obj);
                case Phase.Wait w -> {
                    if (!world.await(obj, task)) return BLOCK;
                }
                case Phase.Barrier b -> {
                    if (!world.arrive(obj, task)) return BLOCK;
                }
                case Phase.Timer t -> {
                    if (timers == null) timers = new HashMap<>();
                    long next = timers.getOrDefault(t.ref(), def.startNs()) + t.periodNs();
                    if (next <= now) {
                        // late: go on at once; relative mode re-bases the timer on now
                        timers.put(t.ref(), t.mode() == Phase.Timer.Mode.RELATIVE ? now : next);
                    } else {
                        timers.put(t.ref(), next);
                        sleepUntil(next, TaskState.INTERRUPTIBLE);
                        return BLOCK;
                    }
                }
            }
        }
    }

    /** Job {@code iteration} starts: released at {@code r}, due at r + deadline. */
    private void startJob(long r, long now) {
        release = r;
        deadline = r + periodic.deadlineNs();
        jobs++;
        if (now > r) e.sched.jobReleased(task, r);
        if (now >= deadline) {
            // under on_miss continue a job can start after its own deadline: it has missed it
            missed(deadline);
            return;
        }
        int job = iteration;
        // a late event: a job that completes exactly at its deadline (its CPU's step at that
        // instant) meets it, as SimSo counts it
        e.atLate(deadline, at -> deadlineCheck(job, at));
    }

    private void deadlineCheck(int job, long at) {
        if (task.state == TaskState.DEAD || iteration != job || !jobActive) return;
        missed(at);
        if (periodic.onMiss() == Periodic.OnMiss.ABORT) {
            abortRequested = true;
            if (task.onCpu) {
                e.irq.kick(e.cpus[task.cpu]);
            } else if (task.state != TaskState.RUNNING && waitingOn < 0) {
                // asleep in the job (a sleep or io phase): the job ends now, and that sleep's timer is void
                sleeps++;
                e.sw.wakeUp(task);
            }
        }
    }

    private void missed(long at) {
        misses++;
        if (firstMissNs < 0) firstMissNs = at;
    }

    private void sleepUntil(long at, TaskState state) {
        task.state = state;
        long mine = ++sleeps;
        e.at(at, now -> {
            // a sleep cut short (its job aborted) leaves its timer behind: only the current one wakes
            if (sleeps == mine) e.sw.wakeUp(task);
        }, false);
    }

    private void releaseHeld() {
        if (held == null) return;
        for (int i = held.size() - 1; i >= 0; i--) world.unlock(held.get(i), task);
        held.clear();
    }
}
