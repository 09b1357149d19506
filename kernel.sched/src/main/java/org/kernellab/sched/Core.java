package org.kernellab.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Errno;
import org.kernellab.api.LogLevel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.core.KTask;
import org.kernellab.api.sched.core.Put;
import org.kernellab.api.sched.core.SchedMachine;
import org.kernellab.api.sched.core.Scheduler;

/**
 * The scheduler core of one machine (kernel/sched/core.c): per-CPU runqueues, the class stack
 * deadline → rt → fair → the swappable policy → idle, wakeup placement, wakeup preemption, the
 * tick, attribute and affinity changes, and balancing. The classes order tasks; this class owns
 * the transitions between them and every {@link Entity#onRq} bit.
 *
 * <p>Locking: everything is guarded by the machine's baton (rq->lock in Linux); the machine
 * calls in from the simulation's single execution or with the machine held still.
 */
final class Core implements Scheduler {
    final SchedMachine m;
    final SchedulerService service;
    final Rq[] rqs;
    final DlClass dl;
    final RtClass rt;
    final FairClass fair;
    final PolicySlot ext;
    /** The class stack in priority order (idle is the fallback of {@link #pickNext}). */
    private final SchedClassImpl[] chain;
    private long seq;
    /** Tasks queued on any runqueue (the core's count of onRq bits). */
    private int queued;
    /** False for the machine of one workload run: its ejections are its own, not the console's. */
    final boolean shared;

    Core(SchedMachine m, SchedulerService service, long watchdogNs) {
        this(m, service, watchdogNs, true);
    }

    Core(SchedMachine m, SchedulerService service, long watchdogNs, boolean shared) {
        this.m = m;
        this.service = service;
        this.shared = shared;
        this.rqs = new Rq[m.nrCpus()];
        for (int i = 0; i < rqs.length; i++) rqs[i] = new Rq(i);
        this.dl = new DlClass(this);
        this.rt = new RtClass(this);
        this.fair = new FairClass(this);
        this.ext = new PolicySlot(this, watchdogNs);
        this.chain = new SchedClassImpl[] {dl, rt, fair, ext};
    }

    @Override public String name() { return "kernel.sched"; }

    static Entity se(KTask p) { return (Entity) p.se(); }

    /** The class a task of these attributes belongs to (__setscheduler_prio / task_should_scx). */
    SchedClassImpl classFor(SchedAttr a) {
        if (a.policy == SchedPolicy.DEADLINE) return dl;
        if (a.policy.isRealtime()) return rt;
        return ext.active() ? ext : fair;
    }

    /** The rank of a class: lower runs first. */
    private int rank(SchedClassImpl c) {
        for (int i = 0; i < chain.length; i++) if (chain[i] == c) return i;
        return chain.length;
    }

    // =====================================================================================
    // Queueing: every onRq transition goes through here
    // =====================================================================================

    void enqueue(Rq rq, Entity e, Enqueue why) {
        e.onRq = true;
        e.rqCpu = rq.cpu;
        queued++;
        e.cls.enqueue(rq, e, why);
    }

    void dequeue(Rq rq, Entity e, Dequeue why) {
        e.cls.dequeue(rq, e, why);
        e.onRq = false;
        queued--;
    }

    /** A class's pick took {@code e} off its queue. */
    private void picked(Entity e) {
        e.onRq = false;
        queued--;
    }

    /** set_task_cpu(): counts a migration when a placed task changes CPU (se.nr_migrations). */
    void moveTo(Entity e, int cpu) {
        int from = e.task.cpu();
        if (from != cpu) {
            if (e.placed) m.migrated(e.task, from, cpu);
            e.task.setCpu(cpu);
        }
        e.rqCpu = cpu;
    }

    // =====================================================================================
    // Wakeups
    // =====================================================================================

    @Override
    public int wakeUpNew(KTask p) {
        Entity e = new Entity(p, seq++, this);
        p.se(e);
        e.jobRelease = m.now();
        if (p.attr().policy == SchedPolicy.DEADLINE && !dl.fits(e, p.attr())) {
            // a task created with deadline attributes passes the same admission control as
            // sched_setattr(); refused, it starts as SCHED_NORMAL and the log says why
            m.log(LogLevel.WARNING, "sched: " + p.comm() + "[" + p.pid() + "]: SCHED_DEADLINE admission control refused "
                    + p.attr() + " (-EBUSY: the deadline bandwidth would exceed 95% of every CPU); it runs SCHED_NORMAL");
            p.attr(SchedAttr.normal().withNice(p.attr().nice));
            e.reweight();
        }
        e.cls = classFor(p.attr());
        if (e.cls == dl) dl.admit(e, p.attr());
        e.cls.joined(e);
        int cpu = activate(e, Enqueue.NEW, p.cpu());
        e.placed = true; // from here on, a change of CPU is a migration (wake_up_new_task's is not)
        return cpu;
    }

    @Override
    public int wakeUp(KTask p, int wakerCpu) {
        Entity e = se(p);
        e.jobRelease = m.now();
        return activate(e, Enqueue.WAKEUP, wakerCpu);
    }

    @Override
    public void jobReleased(KTask p, long releaseNs) {
        Entity e = se(p);
        if (e == null || e.jobRelease == releaseNs) return;
        e.jobRelease = releaseNs;
        // the job's deadline moved: its CPU picks again at its next preemption point
        if (p.onCpu()) m.reschedCurr(p.cpu());
    }

    /** ttwu_do_activate / wake_up_new_task: place, enqueue, and preempt the target's task if it should. */
    private int activate(Entity e, Enqueue why, int wakerCpu) {
        int cpu = selectCpu(e, e.task.cpu(), wakerCpu, why);
        moveTo(e, cpu);
        Rq rq = rqs[cpu];
        enqueue(rq, e, why);
        wakeupPreempt(rq, e);
        if (e.cls == ext) kickIdleFor(e, cpu);
        else if (e.cls == rt) rt.push(rq); // task_woken_rt()
        return e.rqCpu;
    }

    /** select_task_rq(): the class's choice if valid, else the default placement. */
    int selectCpu(Entity e, int prev, int waker, Enqueue why) {
        SchedClassImpl c = e.cls;
        int cpu = c.selectCpu(e, prev, waker, why);
        if (e.cls != c) cpu = -1; // the policy was ejected during the call
        if (cpu >= 0 && cpu < rqs.length && e.allowed(cpu)) return cpu;
        return defaultCpu(e, prev, why == Enqueue.NEW);
    }

    /**
     * The default placement: for a wakeup, the previous CPU if it is idle, else an idle allowed
     * CPU, else the previous one (select_idle_sibling); for a new task the least loaded allowed
     * CPU (sched_balance_find_dst_cpu). Ties go to the previous CPU, then the lowest number.
     */
    int defaultCpu(Entity e, int prev, boolean fork) {
        if (prev < 0 || prev >= rqs.length || !e.allowed(prev)) prev = firstAllowed(e);
        if (fork) {
            int best = prev;
            for (int i = 0; i < rqs.length; i++) {
                if (e.allowed(i) && rqs[i].nrRunning() + extLoad(i) < rqs[best].nrRunning() + extLoad(best)) best = i;
            }
            return best;
        }
        if (idle(prev)) return prev;
        for (int i = 0; i < rqs.length; i++) if (e.allowed(i) && idle(i)) return i;
        return prev;
    }

    private int extLoad(int cpu) {
        return ext.queuedOn(cpu);
    }

    boolean idle(int cpu) {
        return rqs[cpu].curr == null && rqs[cpu].nrRunning() == 0 && ext.queuedOn(cpu) == 0;
    }

    private int firstAllowed(Entity e) {
        for (int i = 0; i < rqs.length; i++) if (e.allowed(i)) return i;
        return 0;
    }

    /** wakeup_preempt() (kernel/sched/core.c): a higher class always preempts; within a class, the class decides. */
    void wakeupPreempt(Rq rq, Entity woken) {
        Entity curr = rq.curr;
        if (curr == null) {
            m.reschedCurr(rq.cpu);
            return;
        }
        if (woken.cls == curr.cls) {
            if (curr.cls.preempts(rq, curr, woken)) m.reschedCurr(rq.cpu);
        } else if (rank(woken.cls) < rank(curr.cls)) {
            m.reschedCurr(rq.cpu);
        }
    }

    /**
     * A policy task queued on a busy CPU while another allowed CPU idles: kick that CPU so it
     * asks the policy too (what sched_ext's default select_cpu and its idle tracking achieve).
     */
    private void kickIdleFor(Entity e, int cpu) {
        if (rqs[cpu].curr == null) return;
        for (int i = 0; i < rqs.length; i++) {
            if (i != cpu && e.allowed(i) && rqs[i].curr == null && rqs[i].nrRunning() == 0) {
                m.reschedCurr(i);
                return;
            }
        }
    }

    @Override
    public boolean onRq(KTask p) {
        Entity e = se(p);
        return e != null && e.onRq;
    }

    // =====================================================================================
    // __schedule()
    // =====================================================================================

    /** Switches a CPU may make at one virtual instant while a policy is enabled before it counts as a livelock. */
    static final int LIVELOCK_SWITCHES = 100_000;

    @Override
    public KTask pickNext(int cpu, KTask prev, Put how) {
        Rq rq = rqs[cpu];
        cancelHrtick(rq);
        long now = m.clock(cpu);
        if (now != rq.pickClock) {
            rq.pickClock = now;
            rq.picksAtClock = 0;
        } else if (++rq.picksAtClock >= LIVELOCK_SWITCHES && ext.active()) {
            // a policy that keeps a CPU switching without letting time pass (kicking itself, say)
            rq.picksAtClock = 0;
            ext.eject("runtime error", "CPU " + cpu + " rescheduled " + LIVELOCK_SWITCHES
                    + " times at " + now + " ns without running anything: a livelock", null);
        }
        return pick(rq, prev, how);
    }

    private KTask pick(Rq rq, KTask prev, Put how) {
        int cpu = rq.cpu;
        Entity pe = prev.isIdle() ? null : se(prev);
        if (pe != null) putPrev(rq, pe, how);
        outer:
        for (;;) {
            for (SchedClassImpl c : chain) {
                Entity n = c.pick(rq);
                if (n != null) {
                    picked(n);
                    moveTo(n, cpu);
                    rq.curr = n;
                    n.cls.setCurr(rq, n); // an ejection during ops.running leaves it running under fair
                    return n.task;
                }
                if (ext.consumeEjected()) continue outer; // ejected during its pick: its tasks are on fair now
            }
            if (fair.newidleBalance(rq) || rt.pull(rq)) continue;
            break;
        }
        rq.curr = null;
        return m.idleTask(cpu);
    }

    /** put_prev_task, then the task's way out: back on a queue, asleep, or gone. */
    private void putPrev(Rq rq, Entity pe, Put how) {
        boolean runnable = how == Put.PREEMPT || how == Put.YIELD;
        SchedClassImpl c0 = pe.cls;
        c0.putCurr(rq, pe, runnable);
        if (pe.cls != c0) pe.cls.putCurr(rq, pe, runnable); // moved to fair by an ejection during the call
        rq.curr = null;
        if (runnable) {
            int target = rq.cpu;
            if (!pe.allowed(target)) {
                // its CPU mask changed while it ran (sched_setaffinity's migration)
                target = defaultCpu(pe, target, false);
                moveTo(pe, target);
            }
            enqueue(rqs[target], pe, how == Put.YIELD ? Enqueue.YIELD : Enqueue.PREEMPTED);
            if (target != rq.cpu) wakeupPreempt(rqs[target], pe);
        } else {
            Dequeue why = how == Put.EXIT ? Dequeue.EXIT : Dequeue.SLEEP;
            pe.cls.blocked(rq, pe, why);
            if (how == Put.EXIT) {
                pe.cls.left(pe);
                if (pe.cls == dl) dl.release(pe);
                fair.release(pe);
            }
        }
    }

    @Override
    public void yieldTask(int cpu, KTask p) {
        if (p.isIdle()) return;
        Entity e = se(p);
        e.cls.yieldTask(rqs[cpu], e);
    }

    // =====================================================================================
    // The tick
    // =====================================================================================

    @Override
    public void tick(int cpu) {
        Rq rq = rqs[cpu];
        Entity curr = rq.curr;
        if (curr != null) curr.cls.tick(rq, curr);
        rt.periodTick(rq);
        fair.periodicBalance(rq);
        if (cpu == 0) ext.watchdogTick(higherClassesBusy());
    }

    /** True while every CPU runs a deadline or rt task: time the policy could not have used. */
    private boolean higherClassesBusy() {
        for (Rq rq : rqs) {
            Entity c = rq.curr;
            if (c == null || (c.cls != dl && c.cls != rt)) return false;
        }
        return true;
    }

    // =====================================================================================
    // hrtick: exact preemption for policies (PolicyHost.preemptAfter)
    // =====================================================================================

    void preemptAfter(int cpu, long ns) {
        Rq rq = rqs[cpu];
        cancelHrtick(rq);
        Entity target = rq.curr;
        if (target == null) return;
        long at = m.clock(cpu) + Math.max(0, ns);
        rq.hrtickTimer = m.timer(at, () -> {
            rq.hrtickTimer = -1;
            if (rq.curr == target) m.reschedCurr(cpu);
        });
    }

    private void cancelHrtick(Rq rq) {
        if (rq.hrtickTimer >= 0) {
            m.cancel(rq.hrtickTimer);
            rq.hrtickTimer = -1;
        }
    }

    // =====================================================================================
    // sched_setattr, sched_setaffinity
    // =====================================================================================

    @Override
    public int setAttr(KTask p, SchedAttr attr) {
        Entity e = se(p);
        if (e == null) {
            p.attr(attr);
            return 0;
        }
        SchedAttr old = p.attr();
        if (attr.policy == SchedPolicy.DEADLINE && !dl.fits(e, attr)) return -Errno.EBUSY;
        SchedClassImpl to = classFor(attr);
        Rq rq = rqs[e.rqCpu];
        boolean wasQueued = e.onRq;
        // a running task is put away and set again only when it changes class, or in the fair
        // class, whose accounting (update_curr) must run at the old weight first; a policy sees
        // its running task's new weight through set_weight alone
        boolean running = rq.curr == e && (to != e.cls || e.cls != ext);
        if (wasQueued) dequeue(rq, e, Dequeue.SAVE);
        if (running) e.cls.putCurr(rq, e, true);
        SchedClassImpl from = e.cls;
        if (to != from) {
            from.left(e);
            if (from == dl) dl.release(e);
        }
        p.attr(attr);
        int oldWeight = e.weight;
        e.reweight();
        if (to == dl) dl.admit(e, attr);
        if (to != from) {
            e.cls = to;
            to.joined(e);
        } else if (to == ext && oldWeight != e.weight) {
            ext.setWeight(e);
        }
        if (running) {
            e.cls.setCurr(rq, e);
            m.reschedCurr(rq.cpu);
        }
        if (wasQueued) {
            enqueue(rq, e, Enqueue.RESTORE);
            wakeupPreempt(rq, e);
        }
        if (old.policy != attr.policy) {
            m.log(LogLevel.DEBUG, "sched: " + e + " " + old + " -> " + attr);
        }
        return 0;
    }

    @Override
    public int setAffinity(KTask p, long mask) {
        long valid = rqs.length >= 64 ? mask : mask & ((1L << rqs.length) - 1);
        if (valid == 0) return -Errno.EINVAL;
        Entity e = se(p);
        if (e == null) {
            p.affinity(mask);
            return 0;
        }
        Rq rq = rqs[e.rqCpu];
        boolean wasQueued = e.onRq;
        if (wasQueued) dequeue(rq, e, Dequeue.SAVE);
        p.affinity(mask);
        if (e.cls == ext) ext.setCpumask(e, mask);
        if (wasQueued) {
            int target = e.allowed(rq.cpu) ? rq.cpu : defaultCpu(e, rq.cpu, false);
            moveTo(e, target);
            enqueue(rqs[target], e, Enqueue.RESTORE);
            wakeupPreempt(rqs[target], e);
        } else if (rq.curr == e && !e.allowed(rq.cpu)) {
            m.reschedCurr(rq.cpu); // __schedule puts it on an allowed CPU
        }
        return 0;
    }

    // =====================================================================================
    // Views
    // =====================================================================================

    @Override
    public String className(KTask p) {
        if (p.isIdle()) return "idle";
        Entity e = se(p);
        // a task the scheduler has not met yet (a boot kthread asleep until its first wakeup) is
        // in the class its attributes give it, as sched_fork() places a task before it first runs
        return e == null ? classFor(p.attr()).name() : e.cls.name();
    }

    @Override public boolean anyQueued() { return queued > 0; }

    /** Live tasks per class, in the stack's order. */
    Map<String, Integer> tasksPerClass() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (SchedClassImpl c : chain) out.put(c.name(), 0);
        for (KTask t : m.tasks()) {
            if (!t.isIdle()) out.merge(className(t), 1, Integer::sum);
        }
        out.put("idle", rqs.length);
        return out;
    }

    /** Every live task's entity, in pid order. */
    List<Entity> entities() {
        List<Entity> out = new ArrayList<>();
        for (KTask t : m.tasks()) {
            Entity e = se(t);
            if (e != null) out.add(e);
        }
        return out;
    }

    @Override
    public void shutdown() {
        service.machineGone(this);
        ext.shutdown();
    }
}
