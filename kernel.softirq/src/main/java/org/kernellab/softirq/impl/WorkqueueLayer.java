package org.kernellab.softirq.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSleepHook;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.kthread.KthreadFn;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.kthread.Kthreads;
import org.kernellab.api.workqueue.DelayedWork;
import org.kernellab.api.workqueue.Work;
import org.kernellab.api.workqueue.WorkFn;
import org.kernellab.api.workqueue.Workqueue;
import org.kernellab.api.workqueue.Workqueues;
import org.kernellab.api.workqueue.WqFlag;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Workqueues (kernel/workqueue.c, pinned to Linux 6.6), with workers made by the kthread API.
 *
 * <h2>Pools and workers</h2>
 * Each CPU has a normal pool (nice 0) and a high-priority pool (nice -20); two unbound pools
 * (nice 0 and -20) serve WQ_UNBOUND workqueues. Pool ids follow Linux's allocation order: CPU
 * n's pools are 2n and 2n+1, the unbound ones come after. Every pool starts with one idle
 * worker (workqueue_init), named {@code kworker/N:M}, {@code kworker/N:MH} or
 * {@code kworker/uP:M} as create_worker() names them.
 *
 * <h2>Concurrency management</h2>
 * A pool counts its running workers ({@code nr_running}); workers flagged PREP, IDLE,
 * CPU_INTENSIVE or UNBOUND are not counted. worker_thread(): a woken worker leaves idle; if the
 * pool needs a worker (work and nr_running 0) it first makes sure an idle one remains
 * (manage_workers, which creates one), then processes work while keep_working() (nr_running
 * at most 1). A worker that blocks in schedule() is reported through the task's sleep hook
 * (wq_worker_sleeping): nr_running drops and, if work is waiting, an idle worker is woken
 * (kick_pool). So a per-CPU pool runs a second item concurrently only while the first sleeps.
 *
 * <h2>max_active, ordering, rescuers</h2>
 * Each workqueue has one pool_workqueue per pool; an item beyond max_active waits on the
 * pwq's inactive list until an active one completes. An ordered workqueue is unbound with
 * max_active 1 and one pwq, so its items run one at a time in order. When a worker cannot be
 * created (injectable: {@link #failWorkerCreation}), the manager sends a mayday to every
 * WQ_MEM_RECLAIM workqueue with work in the pool; its rescuer takes that work and runs it,
 * while the manager retries every CREATE_COOLDOWN.
 *
 * <h2>Plugin code</h2>
 * Work functions run through {@link PluginGuard}: one that throws is reported and its item is
 * ejected; the worker carries on. One that returns in atomic context gets the leak report.
 *
 * <h2>State and locking</h2>
 * Everything simulated (pools, workers, pwqs, item state) belongs to one machine generation and
 * is guarded by the baton: only simulated code changes it. Linux's pool->lock is not needed:
 * no list edit here spends CPU time, so nothing interleaves with it. Workqueues and items
 * outlive a reset (they are driver state); their per-generation state starts again empty.
 * {@link #alloc} may come from a framework thread: it runs at a safe point ({@code Machine.still}).
 */
@Component(service = {Workqueues.class, MachineListener.class}, immediate = true, configurationPid = "org.kernellab.workqueue",
        property = PerBundle.PROPERTY + ":Boolean=true")
@Designate(ocd = WorkqueueLayer.Config.class)
public final class WorkqueueLayer implements Workqueues, PerBundle<Workqueues>, MachineListener {

    @ObjectClassDefinition(name = "KernelLab workqueues", description = "kernel/workqueue.c: watchdog and CPU hog thresholds, and fault injection")
    public @interface Config {
        @AttributeDefinition(description = "wq_watchdog_thresh: seconds a pool with pending work may make no progress before the lockup report (0 disables)")
        int watchdog_thresh() default 30;

        @AttributeDefinition(description = "wq_cpu_intensive_thresh_us: a per-CPU work item running longer is marked CPU intensive and counted for the hog report")
        long cpu_intensive_thresh_us() default 10_000;

        @AttributeDefinition(description = "Fault injection: creating a new worker fails with -ENOMEM (the rescuers take over)")
        boolean fail_worker_creation() default false;
    }

    /** CREATE_COOLDOWN: the manager's wait between failed worker creations, HZ jiffies (kernel/workqueue.c). */
    static final long CREATE_COOLDOWN_MS = 1000;
    /** WQ_MAX_UNBOUND_PER_CPU (include/linux/workqueue.h, 6.6). */
    static final int WQ_MAX_UNBOUND_PER_CPU = 4;

    // worker flags (enum worker_flags, kernel/workqueue.c)
    static final int WORKER_DIE = 1 << 1;
    static final int WORKER_IDLE = 1 << 2;
    static final int WORKER_PREP = 1 << 3;
    static final int WORKER_CPU_INTENSIVE = 1 << 6;
    static final int WORKER_UNBOUND = 1 << 7;
    static final int WORKER_NOT_RUNNING = WORKER_PREP | WORKER_CPU_INTENSIVE | WORKER_UNBOUND;
    /** POOL_DISASSOCIATED: set on unbound pools (kernel/workqueue.c). */
    static final int POOL_DISASSOCIATED = 1 << 2;

    private final Kernel kernel;
    private final KernelContext ctx;
    private final Machine machine;
    private final Kthreads kthreads;
    private final PluginGuard guard;
    private final long watchdogThreshNs;
    private final long cpuIntensiveThreshNs;
    private volatile boolean failWorkerCreation;
    private final WqImpl systemWq;
    private final WqImpl systemHighpriWq;
    private final WqImpl systemUnboundWq;
    /** Every workqueue not destroyed, in allocation order (the workqueues list). Changed only at safe points. */
    private final List<WqImpl> workqueues = new ArrayList<>();
    /** The state of the current machine generation. */
    private final PerGeneration<Boot> boot;

    @Activate
    public WorkqueueLayer(@Reference Kernel kernel, @Reference Machine machine, @Reference Kthreads kthreads, Config config) {
        this(kernel, machine, kthreads, config.watchdog_thresh(), config.cpu_intensive_thresh_us(), config.fail_worker_creation());
    }

    WorkqueueLayer(Kernel kernel, Machine machine, Kthreads kthreads, int watchdogThreshS, long cpuIntensiveThreshUs, boolean failCreation) {
        if (watchdogThreshS < 0) throw new IllegalArgumentException("watchdog_thresh " + watchdogThreshS + " must be 0 (off) or a number of seconds");
        if (cpuIntensiveThreshUs <= 0) throw new IllegalArgumentException("cpu_intensive_thresh_us " + cpuIntensiveThreshUs + " must be positive");
        this.kernel = kernel;
        this.ctx = kernel.context();
        this.machine = machine;
        this.kthreads = kthreads;
        this.guard = new PluginGuard(kernel, ctx);
        this.watchdogThreshNs = watchdogThreshS * 1_000_000_000L;
        this.cpuIntensiveThreshNs = cpuIntensiveThreshUs * 1000L;
        this.failWorkerCreation = failCreation;
        this.boot = new PerGeneration<>(machine, g -> new Boot(g, machine.nrCpus()));
        // workqueue_init_early(): system_wq, system_highpri_wq, system_unbound_wq
        this.systemWq = newWq("events", 0, 0);
        this.systemHighpriWq = newWq("events_highpri", WqFlag.HIGHPRI.bit, 0);
        this.systemUnboundWq = newWq("events_unbound", WqFlag.UNBOUND.bit, WQ_MAX_ACTIVE);
    }

    /** Fault injection: while set, create_worker() fails with -ENOMEM. Any thread. */
    void failWorkerCreation(boolean fail) {
        this.failWorkerCreation = fail;
    }

    // =====================================================================================
    // Data structures
    // =====================================================================================

    /** struct worker_pool. */
    private final class Pool {
        final int id;
        /** The CPU, or -1 for an unbound pool. */
        final int cpu;
        final boolean highpri;
        final int flags;
        final ArrayDeque<WorkImpl> worklist = new ArrayDeque<>();
        /** Idle workers, most recently idle first (list_add in worker_enter_idle). */
        final ArrayDeque<WorkerImpl> idle = new ArrayDeque<>();
        final List<WorkerImpl> workers = new ArrayList<>();
        int nrRunning;
        int nextId;
        /** The worker running manage_workers() (pool->manager), or null. */
        WorkerImpl manager;
        /** When the pool last made progress (pool->watchdog_ts), ns. */
        long watchdogTs;

        Pool(int id, int cpu, boolean highpri) {
            this.id = id;
            this.cpu = cpu;
            this.highpri = highpri;
            this.flags = cpu < 0 ? POOL_DISASSOCIATED : 0;
        }

        int nice() { return highpri ? -20 : 0; }

        /** need_more_worker(). */
        boolean needMoreWorker() { return !worklist.isEmpty() && nrRunning == 0; }

        /** keep_working(). */
        boolean keepWorking() { return !worklist.isEmpty() && nrRunning <= 1; }

        /** may_start_working(). */
        boolean mayStartWorking() { return !idle.isEmpty(); }

        /** need_to_create_worker(). */
        boolean needToCreateWorker() { return needMoreWorker() && !mayStartWorking(); }

        /** The cpus= part of pr_cont_pool_info (%*pbl). */
        String cpus() { return cpu >= 0 ? Integer.toString(cpu) : (kernel.nrCpus() == 1 ? "0" : "0-" + (kernel.nrCpus() - 1)); }

        /** pr_cont_pool_info(). */
        String info() { return "cpus=" + cpus() + " node=0 flags=0x" + Integer.toHexString(flags) + " nice=" + nice(); }
    }

    /** struct worker; also the PF_WQ_WORKER hook of its task. */
    private final class WorkerImpl implements TaskSleepHook {
        final Pool pool;
        final String comm;
        /** The workqueue this worker rescues, or null for a pool worker. */
        final WqImpl rescues;
        Kthread kthread;
        int flags;
        WorkImpl current;
        final ArrayDeque<WorkImpl> scheduled = new ArrayDeque<>();
        boolean sleeping;
        /** When the current item started running or last woke (worker->current_at), ns. */
        long currentAt;
        /** The machine event that checks the CPU-intensive threshold, or -1. */
        long hogEvent = -1;

        WorkerImpl(Pool pool, String comm, WqImpl rescues) {
            this.pool = pool;
            this.comm = comm;
            this.rescues = rescues;
        }

        /** worker_set_flags(): entering NOT_RUNNING drops nr_running. */
        void setFlags(int f) {
            if ((f & WORKER_NOT_RUNNING) != 0 && (flags & WORKER_NOT_RUNNING) == 0 && pool != null) pool.nrRunning--;
            flags |= f;
        }

        /** worker_clr_flags(): leaving the last NOT_RUNNING flag raises nr_running. */
        void clrFlags(int f) {
            int old = flags;
            flags &= ~f;
            if ((f & WORKER_NOT_RUNNING) != 0 && (old & WORKER_NOT_RUNNING) != 0 && (flags & WORKER_NOT_RUNNING) == 0 && pool != null) pool.nrRunning++;
        }

        /** wq_worker_sleeping(). */
        @Override
        public void sleeping(Task task) {
            disarmHog(this);
            if ((flags & WORKER_NOT_RUNNING) != 0 || sleeping || pool == null) return;
            sleeping = true;
            pool.nrRunning--;
            if (pool.needMoreWorker()) kickPool(pool);
        }

        /** wq_worker_running(). */
        @Override
        public void running(Task task) {
            if (!sleeping) return;
            if ((flags & WORKER_NOT_RUNNING) == 0) pool.nrRunning++;
            sleeping = false;
            if (current != null) {
                currentAt = kernel.now();
                armHog(this);
            }
        }

        @Override public String toString() { return comm; }
    }

    /** struct pool_workqueue: one workqueue's share of one pool. */
    private static final class Pwq {
        final WqImpl wq;
        final Pool pool;
        int nrActive;
        int nrInFlight;
        final ArrayDeque<WorkImpl> inactive = new ArrayDeque<>();
        boolean mayday;

        Pwq(WqImpl wq, Pool pool) {
            this.wq = wq;
            this.pool = pool;
        }
    }

    /** struct workqueue_struct. */
    private final class WqImpl implements Workqueue {
        final String name;
        final int flags;
        final int maxActive;
        boolean destroyed;
        boolean draining;

        WqImpl(String name, int flags, int maxActive) {
            this.name = name;
            this.flags = flags;
            this.maxActive = maxActive;
        }

        boolean has(WqFlag f) { return (flags & f.bit) != 0; }

        @Override public String name() { return name; }
        @Override public int flags() { return flags; }
        @Override public int maxActive() { return maxActive; }
        @Override public boolean destroyed() { return destroyed; }
        @Override public String toString() { return "workqueue " + name; }

        WorkqueueLayer owner() { return WorkqueueLayer.this; }
    }

    /** struct work_struct / struct delayed_work. */
    private final class WorkImpl implements DelayedWork {
        final String name;
        final WorkFn fn;
        final boolean delayed;
        long generation = Long.MIN_VALUE;
        /** WORK_STRUCT_PENDING. */
        boolean pending;
        /** WORK_STRUCT_INACTIVE: on its pwq's inactive list. */
        boolean inactive;
        /** The pwq it is queued on (or was last queued on). */
        Pwq pwq;
        WorkerImpl runner;
        /** Times queued; the queueing whose execution {@link #doneSeq} last finished. */
        long queuedSeq;
        long runningSeq;
        long doneSeq;
        /** The last queueing removed by a cancel before it ran. */
        long cancelledSeq;
        boolean ejected;
        /** The delay timer: its machine event, the workqueue and CPU it queues on. */
        long timerEvent = -1;
        WqImpl timerWq;
        int timerCpu;
        final VarWait waiters = new VarWait();

        WorkImpl(String name, WorkFn fn, boolean delayed) {
            this.name = name;
            this.fn = fn;
            this.delayed = delayed;
        }

        @Override public String name() { return name; }
        @Override public boolean pending() { return fresh() && pending; }
        @Override public boolean running() { return fresh() && runner != null; }
        @Override public boolean ejected() { return ejected; }
        @Override public boolean timerPending() { return fresh() && timerEvent >= 0; }
        @Override public String toString() { return "work " + name; }

        boolean fresh() { return generation == machine.generation(); }

        WorkqueueLayer owner() { return WorkqueueLayer.this; }
    }

    /** The per-generation state: pools, pwqs, rescuers, hog counts. */
    private final class Boot {
        final long generation;
        final Pool[] bound;
        final Pool[] unbound = new Pool[2];
        final Map<WqImpl, Pwq[]> pwqs = new IdentityHashMap<>();
        final Map<WqImpl, WorkerImpl> rescuers = new IdentityHashMap<>();
        final Map<WqImpl, ArrayDeque<Pwq>> maydays = new IdentityHashMap<>();
        /** wq_cpu_intensive_report(): per function (work name), how often it hogged a CPU. */
        final Map<String, Long> hogs = new HashMap<>();
        boolean createFailureReported;
        boolean started;
        boolean watchdogArmed;

        Boot(long generation, int nrCpus) {
            this.generation = generation;
            this.bound = new Pool[2 * nrCpus];
            for (int c = 0; c < nrCpus; c++) {
                bound[2 * c] = new Pool(2 * c, c, false);
                bound[2 * c + 1] = new Pool(2 * c + 1, c, true);
            }
            unbound[0] = new Pool(2 * nrCpus, -1, false);
            unbound[1] = new Pool(2 * nrCpus + 1, -1, true);
        }

        List<Pool> all() {
            List<Pool> l = new ArrayList<>(List.of(bound));
            l.addAll(List.of(unbound));
            return l;
        }
    }

    // =====================================================================================
    // Allocation
    // =====================================================================================

    @Override
    public Workqueue alloc(String name, int maxActive, WqFlag... flags) {
        int f = 0;
        if (flags != null) {
            for (WqFlag x : flags) {
                if (x == null) throw new IllegalArgumentException("flags of workqueue " + name + " must not contain null");
                f |= x.bit;
            }
        }
        int bits = f;
        return machine.still(() -> newWq(name, bits, maxActive));
    }

    @Override
    public Workqueue allocOrdered(String name, WqFlag... flags) {
        int f = WqFlag.UNBOUND.bit | WQ_ORDERED_BIT;
        if (flags != null) {
            for (WqFlag x : flags) {
                if (x == null) throw new IllegalArgumentException("flags of workqueue " + name + " must not contain null");
                f |= x.bit;
            }
        }
        int bits = f;
        // alloc_ordered_workqueue(): WQ_UNBOUND | __WQ_ORDERED, max_active 1
        return machine.still(() -> newWq(name, bits, 1));
    }

    private WqImpl newWq(String name, int flags, int maxActive) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name of a workqueue must not be empty");
        // alloc_workqueue(): max_active = max_active ?: WQ_DFL_ACTIVE; wq_clamp_max_active()
        int requested = maxActive == 0 ? WQ_DFL_ACTIVE : maxActive;
        int lim = (flags & WqFlag.UNBOUND.bit) != 0 ? Math.max(WQ_MAX_ACTIVE, machine.nrCpus() * WQ_MAX_UNBOUND_PER_CPU) : WQ_MAX_ACTIVE;
        if (requested < 1 || requested > lim) {
            kernel.printk(LogLevel.WARNING, String.format("workqueue: max_active %d requested for %s is out of range, clamping between %d and %d",
                    requested, name, 1, lim));
        }
        WqImpl q = new WqImpl(name, flags, Math.max(1, Math.min(lim, requested)));
        workqueues.add(q);
        return q;
    }

    @Override public Workqueue systemWq() { return systemWq; }
    @Override public Workqueue systemHighpriWq() { return systemHighpriWq; }
    @Override public Workqueue systemUnboundWq() { return systemUnboundWq; }

    @Override
    public Work initWork(String name, WorkFn fn) {
        return newWork(name, fn, false);
    }

    @Override
    public DelayedWork initDelayedWork(String name, WorkFn fn) {
        return newWork(name, fn, true);
    }

    private WorkImpl newWork(String name, WorkFn fn, boolean delayed) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name of a work item must not be empty");
        if (fn == null) throw new IllegalArgumentException("fn of work item " + name + " must not be null");
        return new WorkImpl(name, fn, delayed);
    }

    // =====================================================================================
    // Queueing
    // =====================================================================================

    @Override
    public boolean queue(Workqueue wq, Work work) {
        WqImpl q = wq(wq);
        WorkImpl w = work(work);
        return queueOnCpu(q, w, kernel.smpProcessorId());
    }

    @Override
    public boolean queueOn(int cpu, Workqueue wq, Work work) {
        WqImpl q = wq(wq);
        WorkImpl w = work(work);
        checkCpu(cpu);
        kernel.smpProcessorId(); // simulated code only
        return queueOnCpu(q, w, cpu);
    }

    /** queue_work_on(): test_and_set_bit(WORK_STRUCT_PENDING), then __queue_work(). */
    private boolean queueOnCpu(WqImpl q, WorkImpl w, int cpu) {
        Boot b = live();
        fresh(w);
        if (refused(q, w)) return false;
        if (w.pending) return false;
        w.pending = true;
        insert(b, q, w, cpu);
        return true;
    }

    /** Queueing an ejected item, or on a destroyed or draining workqueue, is refused with a report. */
    private boolean refused(WqImpl q, WorkImpl w) {
        if (w.ejected) {
            kernel.printk(LogLevel.WARNING, "workqueue: " + w.name + " was ejected after its function failed; queueing on " + q.name
                    + " dropped (KernelLab: fix the function and init a new work item)");
            return true;
        }
        if (q.destroyed) {
            throw new IllegalStateException("queueing " + w.name + " on " + q.name + ", which was destroyed (use after destroy_workqueue)");
        }
        if (q.draining && !isChained(q)) {
            // __queue_work(): WARN_ON_ONCE(!is_chained_work(wq)) while __WQ_DRAINING
            kernel.printk(LogLevel.WARNING, "WARNING: workqueue " + q.name + " is draining; only its own work may queue on it: " + w.name + " dropped (kernel/workqueue.c __queue_work)");
            return true;
        }
        return false;
    }

    /** is_chained_work(): the caller is a worker running an item of {@code q}. */
    private boolean isChained(WqImpl q) {
        WorkerImpl me = currentWorker();
        return me != null && me.current != null && me.current.pwq.wq == q;
    }

    /**
     * __queue_work() with the PENDING bit already owned: picks the pwq (the CPU's, the
     * unbound one, or the pool where the item still runs: non-reentrancy), then makes the item
     * active or inactive (max_active). Simulated code or a hardware event (the delay timer).
     */
    private void insert(Boot b, WqImpl q, WorkImpl w, int cpu) {
        Pool pool = q.has(WqFlag.UNBOUND) ? b.unbound[q.has(WqFlag.HIGHPRI) ? 1 : 0] : b.bound[2 * cpu + (q.has(WqFlag.HIGHPRI) ? 1 : 0)];
        // a work item still running on another pool is queued there, so it never runs twice at once
        if (w.runner != null && w.runner.pool != null && w.runner.pool != pool && w.pwq != null && w.pwq.wq == q) pool = w.runner.pool;
        Pwq pwq = pwq(b, q, pool);
        w.pwq = pwq;
        w.queuedSeq++;
        pwq.nrInFlight++;
        if (pwq.nrActive < q.maxActive) {
            pwq.nrActive++;
            w.inactive = false;
            addToWorklist(pool, w);
        } else {
            w.inactive = true;
            pwq.inactive.addLast(w);
        }
    }

    /** insert_work() + kick_pool(). */
    private void addToWorklist(Pool pool, WorkImpl w) {
        if (pool.worklist.isEmpty()) pool.watchdogTs = machine.now();
        pool.worklist.addLast(w);
        kickPool(pool);
    }

    /** kick_pool(): wakes the first idle worker if the pool needs one. */
    private void kickPool(Pool pool) {
        if (!pool.needMoreWorker()) return;
        WorkerImpl w = pool.idle.peekFirst();
        if (w != null && w.kthread != null) kernel.wakeUpProcess(w.kthread.task());
    }

    private Pwq pwq(Boot b, WqImpl q, Pool pool) {
        Pwq[] row = b.pwqs.computeIfAbsent(q, k -> new Pwq[b.bound.length + b.unbound.length]);
        Pwq p = row[pool.id];
        if (p == null) {
            p = new Pwq(q, pool);
            row[pool.id] = p;
        }
        return p;
    }

    @Override
    public boolean queueDelayed(Workqueue wq, DelayedWork work, long delayJiffies) {
        return queueDelayedOn(wq, work, delayJiffies, false);
    }

    @Override
    public boolean modDelayed(Workqueue wq, DelayedWork work, long delayJiffies) {
        return queueDelayedOn(wq, work, delayJiffies, true);
    }

    /**
     * queue_delayed_work_on() (false if already pending) or, with {@code mod},
     * mod_delayed_work_on(): try_to_grab_pending() first, true if it was pending.
     */
    private boolean queueDelayedOn(Workqueue wq, DelayedWork work, long delayJiffies, boolean mod) {
        WqImpl q = wq(wq);
        WorkImpl w = delayedWork(work);
        if (delayJiffies < 0) throw new IllegalArgumentException("delay " + delayJiffies + " jiffies is negative");
        int cpu = kernel.smpProcessorId();
        Boot b = live();
        fresh(w);
        if (refused(q, w)) return false;
        boolean was = mod ? grabPending(w) : w.pending;
        if (was && !mod) return false;
        w.pending = true;
        queueDelayedCommon(b, q, w, cpu, delayJiffies);
        return mod ? was : true;
    }

    /**
     * __queue_delayed_work(): at once for a delay of 0, else a timer on this CPU. KernelLab's
     * timer is a machine event at exactly delay × TICK_NSEC from now (see docs/workqueues.md);
     * at its instant delayed_work_timer_fn() queues the item on the CPU that armed it.
     */
    private void queueDelayedCommon(Boot b, WqImpl q, WorkImpl w, int cpu, long delayJiffies) {
        if (delayJiffies == 0) {
            insert(b, q, w, cpu);
            return;
        }
        long gen = b.generation;
        w.timerWq = q;
        w.timerCpu = cpu;
        long tickNs = 1_000_000_000L / kernel.hz();
        w.timerEvent = machine.at(machine.now() + delayJiffies * tickNs, now -> {
            // delayed_work_timer_fn()
            if (machine.generation() != gen || w.timerEvent < 0 || !w.fresh()) return;
            w.timerEvent = -1;
            insert(live(), w.timerWq, w, w.timerCpu);
        });
    }

    /**
     * try_to_grab_pending(): takes the PENDING bit away from a queued item or an armed timer;
     * returns true if the item was pending. Leaves {@code pending} false.
     */
    private boolean grabPending(WorkImpl w) {
        if (!w.pending) return false;
        if (w.timerEvent >= 0) {
            machine.cancel(w.timerEvent);
            w.timerEvent = -1;
        } else if (w.pwq != null) {
            Pwq pwq = w.pwq;
            if (w.inactive) {
                pwq.inactive.remove(w);
                w.inactive = false;
            } else if (!pwq.pool.worklist.remove(w)) {
                for (WorkerImpl r : pwq.pool.workers) r.scheduled.remove(w);
                WorkerImpl resc = live().rescuers.get(pwq.wq);
                if (resc != null) resc.scheduled.remove(w);
                pwq.nrActive--;
                activateNext(pwq);
            } else {
                pwq.nrActive--;
                activateNext(pwq);
            }
            pwq.nrInFlight--;
            // the queueing that was cancelled never runs: flush_work waiters on it are done
            w.cancelledSeq = w.queuedSeq;
            w.waiters.wakeAll(kernel);
        }
        w.pending = false;
        return true;
    }

    // =====================================================================================
    // Workers
    // =====================================================================================

    /** create_worker(): a new idle worker of {@code pool}, or null when creation fails. */
    private WorkerImpl createWorker(Boot b, Pool pool) {
        if (failWorkerCreation && b.started) {
            // create_worker(): pr_err_once() when kthread_create_on_node() fails
            if (!b.createFailureReported) {
                b.createFailureReported = true;
                kernel.printk(LogLevel.ERR, "workqueue: Failed to create a worker thread: -ENOMEM");
            }
            return null;
        }
        int id = pool.nextId++;
        String comm = pool.cpu >= 0 ? "kworker/" + pool.cpu + ":" + id + (pool.highpri ? "H" : "") : "kworker/u" + pool.id + ":" + id;
        WorkerImpl w = new WorkerImpl(pool, comm, null);
        w.flags = WORKER_PREP | (pool.cpu < 0 ? WORKER_UNBOUND : 0);
        pool.workers.add(w);
        enterIdle(w);
        TaskSpec spec = TaskSpec.kthread(comm).nice(pool.nice()).sleepHook(w);
        if (pool.cpu >= 0) spec = spec.onCpu(pool.cpu);
        // kthread_create_on_node() + wake_up_process(): the worker starts idle
        w.kthread = kthreads.run(spec, workerThread(b, w));
        return w;
    }

    private void enterIdle(WorkerImpl w) {
        w.flags |= WORKER_IDLE;
        w.pool.idle.addFirst(w);
    }

    private void leaveIdle(WorkerImpl w) {
        if ((w.flags & WORKER_IDLE) == 0) return;
        w.flags &= ~WORKER_IDLE;
        w.pool.idle.remove(w);
    }

    /** worker_thread(). */
    private KthreadFn workerThread(Boot b, WorkerImpl w) {
        return (k, self) -> {
            Pool pool = w.pool;
            for (;;) {
                // woke_up:
                if (self.shouldStop()) {
                    leaveIdle(w);
                    pool.workers.remove(w);
                    return 0;
                }
                leaveIdle(w);
                for (;;) { // recheck:
                    if (!pool.needMoreWorker()) break;
                    if (!pool.mayStartWorking() && manageWorkers(b, w)) continue;
                    w.clrFlags(WORKER_PREP);
                    do {
                        WorkImpl work = pool.worklist.peekFirst();
                        pool.watchdogTs = machine.now();
                        assignAndProcess(b, w, work);
                    } while (pool.keepWorking());
                    w.setFlags(WORKER_PREP);
                    break;
                }
                // sleep:
                enterIdle(w);
                k.setCurrentState(TaskState.INTERRUPTIBLE); // TASK_IDLE
                k.schedule();
                k.setCurrentState(TaskState.RUNNING);
            }
        };
    }

    /**
     * assign_work() + process_scheduled_works(): takes {@code work} off the worklist; if another
     * worker of the pool runs the same item, it goes to that worker's scheduled list instead
     * (find_worker_executing_work), so an item never runs on two workers at once.
     */
    private void assignAndProcess(Boot b, WorkerImpl w, WorkImpl work) {
        w.pool.worklist.remove(work);
        for (WorkerImpl other : w.pool.workers) {
            if (other != w && other.current == work) {
                other.scheduled.addLast(work);
                return;
            }
        }
        w.scheduled.addLast(work);
        processScheduled(w);
    }

    private void processScheduled(WorkerImpl w) {
        WorkImpl work;
        while ((work = w.scheduled.pollFirst()) != null) processOne(w, work);
    }

    /** manage_workers() / maybe_create_worker(): true if this worker managed (so the caller rechecks). */
    private boolean manageWorkers(Boot b, WorkerImpl w) {
        Pool pool = w.pool;
        if (pool.manager != null) return false;
        pool.manager = w;
        try {
            for (;;) {
                if (createWorker(b, pool) != null || !pool.needToCreateWorker()) break;
                // the mayday timer (KernelLab: at once, see docs/workqueues.md), then CREATE_COOLDOWN
                sendMaydays(b, pool);
                kernel.msleep(CREATE_COOLDOWN_MS);
                if (!pool.needToCreateWorker()) break;
            }
        } finally {
            pool.manager = null;
        }
        return true;
    }

    /** pool_mayday_timeout() / send_mayday(): every rescuer-backed pwq with work waiting in this pool. */
    private void sendMaydays(Boot b, Pool pool) {
        for (WorkImpl work : pool.worklist) {
            Pwq pwq = work.pwq;
            WqImpl q = pwq.wq;
            if (!q.has(WqFlag.MEM_RECLAIM) || pwq.mayday) continue;
            WorkerImpl resc = rescuer(b, q);
            pwq.mayday = true;
            b.maydays.computeIfAbsent(q, x -> new ArrayDeque<>()).addLast(pwq);
            kernel.wakeUpProcess(resc.kthread.task());
        }
    }

    /** The rescuer of {@code q} in this generation, started on first need (Linux: at alloc_workqueue). */
    private WorkerImpl rescuer(Boot b, WqImpl q) {
        WorkerImpl r = b.rescuers.get(q);
        if (r == null) {
            r = new WorkerImpl(null, q.name, q);
            r.flags = WORKER_PREP;
            b.rescuers.put(q, r);
            r.kthread = kthreads.run(TaskSpec.kthread(q.name).sleepHook(r), rescuerThread(b, r));
        }
        return r;
    }

    /** rescuer_thread(): takes each mayday pwq's work off its pool's worklist and runs it. */
    private KthreadFn rescuerThread(Boot b, WorkerImpl r) {
        return (k, self) -> {
            for (;;) {
                k.setCurrentState(TaskState.INTERRUPTIBLE);
                ArrayDeque<Pwq> md = b.maydays.get(r.rescues);
                boolean idle = md == null || md.isEmpty();
                if (self.shouldStop() && idle) {
                    k.setCurrentState(TaskState.RUNNING);
                    return 0;
                }
                if (idle) {
                    k.schedule();
                    continue;
                }
                k.setCurrentState(TaskState.RUNNING);
                Pwq pwq = md.pollFirst();
                pwq.mayday = false;
                for (WorkImpl work : pwq.pool.worklist.toArray(new WorkImpl[0])) {
                    if (work.pwq == pwq) {
                        pwq.pool.worklist.remove(work);
                        r.scheduled.addLast(work);
                    }
                }
                pwq.pool.watchdogTs = machine.now();
                processScheduled(r);
            }
        };
    }

    /** process_one_work(). */
    private void processOne(WorkerImpl w, WorkImpl work) {
        Pwq pwq = work.pwq;
        Pool pool = pwq.pool;
        w.current = work;
        work.runner = w;
        work.pending = false; // set_work_pool_and_clear_pending()
        work.runningSeq = work.queuedSeq;
        boolean intensive = pwq.wq.has(WqFlag.CPU_INTENSIVE);
        if (intensive) w.setFlags(WORKER_CPU_INTENSIVE);
        // kick_pool(): a no-op for a per-CPU pool with a running worker; lets unbound pools run items in parallel
        if (w.rescues == null) kickPool(pool);
        w.currentAt = kernel.now();
        armHog(w);
        int prev = ctx.preemptCount();
        Task me = kernel.current();
        guard.guarded(() -> work.fn.run(work), e -> eject(work, e));
        int after = ctx.preemptCount();
        if (after != prev) {
            // process_one_work(): in_atomic() || lockdep_depth(current) > 0 || rcu_preempt_depth() > 0
            kernel.printk(LogLevel.ERR, String.format("BUG: workqueue leaked atomic, lock or RCU: %s[%d]%n     preempt=0x%08x lock=%d->%d RCU=%d->%d workfn=%s",
                    me.comm(), me.pid(), after, 0, 0, 0, 0, work.name));
            int fixed = guard.restore(prev);
            kernel.printk(LogLevel.ERR, "KernelLab: preempt_count " + (fixed == prev ? "restored to " : "brought back only to ")
                    + String.format("0x%08x", fixed) + "; every lock and preempt_disable taken in a work function needs its release before it returns"
                    + " (KernelLab tracks neither lockdep depth nor RCU nesting: lock and RCU print 0)");
        }
        disarmHog(w);
        if (intensive || (w.flags & WORKER_CPU_INTENSIVE) != 0) w.clrFlags(WORKER_CPU_INTENSIVE);
        w.current = null;
        work.runner = null;
        work.doneSeq = Math.max(work.doneSeq, work.runningSeq);
        pwqDecNrInFlight(pwq);
        work.waiters.wakeAll(kernel);
    }

    /** pwq_dec_nr_in_flight(): the item is done; the next inactive item becomes active. */
    private void pwqDecNrInFlight(Pwq pwq) {
        pwq.nrActive--;
        pwq.nrInFlight--;
        activateNext(pwq);
    }

    /** pwq_activate_first_inactive(). */
    private void activateNext(Pwq pwq) {
        if (pwq.nrActive >= pwq.wq.maxActive) return;
        WorkImpl next = pwq.inactive.pollFirst();
        if (next == null) return;
        next.inactive = false;
        pwq.nrActive++;
        addToWorklist(pwq.pool, next);
    }

    /** A work function threw: report it; the item never runs again. */
    private void eject(WorkImpl work, Throwable e) {
        work.ejected = true;
        guard.reportFailure("workqueue: " + work.name + " function " + PluginGuard.symbol(work.fn), e,
                "the work item is ejected: it will not run again and later queueing is dropped; the worker carries on");
    }

    // =====================================================================================
    // CPU hog detection (wq_worker_tick) and the lockup watchdog
    // =====================================================================================

    /** Arms the CPU-intensive check of a counted per-CPU worker at current_at + the threshold. */
    private void armHog(WorkerImpl w) {
        if (w.pool == null || w.pool.cpu < 0 || (w.flags & WORKER_NOT_RUNNING) != 0 || w.hogEvent >= 0) return;
        long gen = machine.generation();
        w.hogEvent = machine.at(w.currentAt + cpuIntensiveThreshNs, now -> {
            w.hogEvent = -1;
            if (machine.generation() != gen) return;
            hogged(w);
        });
    }

    private void disarmHog(WorkerImpl w) {
        if (w.hogEvent < 0) return;
        machine.cancel(w.hogEvent);
        w.hogEvent = -1;
    }

    /**
     * wq_worker_tick(): the item ran past cpu_intensive_thresh_us without sleeping: the worker
     * is marked CPU_INTENSIVE (so it no longer counts and the pool may start another), and
     * wq_cpu_intensive_report() counts the function, reporting at 4, 5, 7, 11, 19, ... times.
     */
    private void hogged(WorkerImpl w) {
        if (w.current == null || w.sleeping || (w.flags & WORKER_NOT_RUNNING) != 0) return;
        w.setFlags(WORKER_CPU_INTENSIVE);
        Boot b = live();
        long cnt = b.hogs.merge(w.current.name, 1L, Long::sum);
        if (cnt >= 4 && Long.bitCount(cnt - 3) == 1) {
            kernel.printk(LogLevel.WARNING, String.format("workqueue: %s hogged CPU for >%dus %d times, consider switching to WQ_UNBOUND",
                    w.current.name, cpuIntensiveThreshNs / 1000, cnt));
        }
        kickPool(w.pool);
    }

    /** wq_watchdog_timer_fn(): every threshold, each pool with work that made no progress for longer is reported. */
    private void armWatchdog(Boot b, long at) {
        if (watchdogThreshNs == 0) return;
        machine.atBackground(at, now -> {
            if (machine.generation() != b.generation) return;
            boolean lockup = false;
            for (Pool p : b.all()) {
                if (p.worklist.isEmpty()) continue;
                if (now > p.watchdogTs + watchdogThreshNs) {
                    kernel.printk(LogLevel.EMERG, String.format("BUG: workqueue lockup - pool %s stuck for %ds!",
                            p.info(), (now - p.watchdogTs) / 1_000_000_000L));
                    lockup = true;
                }
            }
            // wq_watchdog_timer_fn(): show_all_workqueues() after a lockup
            if (lockup) kernel.printk(LogLevel.INFO, show(b, true).stripTrailing());
            armWatchdog(b, now + watchdogThreshNs);
        });
    }

    // =====================================================================================
    // Flushing and cancelling
    // =====================================================================================

    @Override
    public boolean flush(Work work) {
        WorkImpl w = work(work);
        live();
        fresh(w);
        // start_flush_work(): nothing to wait for when neither queued (a delay timer does not count) nor running
        boolean queued = w.pending && w.timerEvent < 0;
        if (!queued && w.runner == null) return false;
        awaitDone(w, queued ? w.queuedSeq : w.runningSeq, queued);
        return true;
    }

    /**
     * Sleeps until queueing {@code target} of {@code x} has finished running or, if it was
     * still queued ({@code queued}), was cancelled before it ran. Process context.
     */
    private void awaitDone(WorkImpl x, long target, boolean queued) {
        x.waiters.await(kernel, () -> x.doneSeq >= target || (queued && x.cancelledSeq >= target) || !x.fresh());
    }

    @Override
    public boolean cancelSync(Work work) {
        return cancelSyncCommon(work(work));
    }

    @Override
    public boolean cancelDelayedSync(DelayedWork work) {
        return cancelSyncCommon(delayedWork(work));
    }

    /** __cancel_work_sync(): grab PENDING (keeping it set so nobody queues meanwhile), wait for the running instance, release. */
    private boolean cancelSyncCommon(WorkImpl w) {
        live();
        fresh(w);
        boolean was = grabPending(w);
        w.pending = true;
        WorkerImpl me = currentWorker();
        if (me == null || me.current != w) w.waiters.await(kernel, () -> w.runner == null || !w.fresh());
        w.pending = false;
        return was;
    }

    @Override
    public void flushWorkqueue(Workqueue wq) {
        WqImpl q = wq(wq);
        Boot b = live();
        // __flush_workqueue(): every item queued or running now, with the queueing it must see finish
        List<WorkImpl> items = new ArrayList<>();
        List<long[]> targets = new ArrayList<>();
        Pwq[] row = b.pwqs.get(q);
        if (row == null) return;
        for (Pwq p : row) {
            if (p == null) continue;
            collect(p.pool.worklist, p, items, targets);
            collect(p.inactive, p, items, targets);
            for (WorkerImpl wk : p.pool.workers) {
                if (wk.current != null && wk.current.pwq == p) add(wk.current, wk.current.runningSeq, false, items, targets);
                collect(wk.scheduled, p, items, targets);
            }
        }
        WorkerImpl resc = b.rescuers.get(q);
        if (resc != null) {
            if (resc.current != null) add(resc.current, resc.current.runningSeq, false, items, targets);
            for (WorkImpl x : resc.scheduled) add(x, x.queuedSeq, true, items, targets);
        }
        for (int i = 0; i < items.size(); i++) awaitDone(items.get(i), targets.get(i)[0], targets.get(i)[1] != 0);
    }

    private static void collect(Iterable<WorkImpl> list, Pwq p, List<WorkImpl> items, List<long[]> targets) {
        for (WorkImpl x : list) if (x.pwq == p) add(x, x.queuedSeq, true, items, targets);
    }

    /** An item flush_workqueue waits for: the queueing {@code target}, still queued or already running. */
    private static void add(WorkImpl x, long target, boolean queued, List<WorkImpl> items, List<long[]> targets) {
        items.add(x);
        targets.add(new long[] {target, queued ? 1 : 0});
    }

    /** Items of {@code q} queued or running: the sum of its pwqs' nr_in_flight. */
    private int inFlight(Boot b, WqImpl q) {
        Pwq[] row = b.pwqs.get(q);
        int n = 0;
        if (row != null) for (Pwq p : row) if (p != null) n += p.nrInFlight;
        return n;
    }

    /** drain_workqueue() gives up (KernelLab) after this many rounds; Linux keeps trying. */
    static final int DRAIN_TRIES = 10;

    @Override
    public void destroy(Workqueue wq) {
        WqImpl q = wq(wq);
        if (q == systemWq || q == systemHighpriWq || q == systemUnboundWq) {
            throw new IllegalArgumentException("destroy_workqueue: " + q.name + " is a system workqueue and cannot be destroyed");
        }
        if (q.destroyed) throw new IllegalStateException("destroy_workqueue: " + q.name + " was already destroyed");
        Boot b = live();
        // drain_workqueue(): only the queue's own work may queue more meanwhile
        q.draining = true;
        for (int tries = 1; ; tries++) {
            flushWorkqueue(q);
            if (inFlight(b, q) == 0) break;
            if (tries == DRAIN_TRIES) {
                kernel.printk(LogLevel.WARNING, String.format("workqueue %s: drain_workqueue() isn't complete after %d tries", q.name, tries));
                break;
            }
        }
        q.draining = false;
        WorkerImpl resc = b.rescuers.remove(q);
        if (resc != null) kthreads.stop(resc.kthread);
        Pwq[] row = b.pwqs.get(q);
        if (row != null) {
            for (Pwq p : row) {
                if (p == null || p.nrInFlight == 0) continue;
                // destroy_workqueue(): WARN_ON(pwq_busy(pwq)), the report, and the workqueue is left alive
                kernel.printk(LogLevel.WARNING, String.format("WARNING: CPU: %d PID: %d at kernel/workqueue.c destroy_workqueue",
                        kernel.smpProcessorId(), kernel.current().pid()));
                kernel.printk(LogLevel.WARNING, String.format("destroy_workqueue: %s has the following busy pwq", q.name));
                kernel.printk(LogLevel.INFO, String.format("  pwq %d: %s active=%d/%d refcnt=%d", p.pool.id, p.pool.info(), p.nrActive, q.maxActive, p.nrInFlight + 1));
                kernel.printk(LogLevel.WARNING, "KernelLab: " + q.name + " is not destroyed (as in Linux); cancel its work, or stop it queueing itself, before destroy_workqueue");
                return;
            }
        }
        q.destroyed = true;
        b.pwqs.remove(q);
        workqueues.remove(q);
    }

    // =====================================================================================
    // Safe unload: one Workqueues per using bundle (PerBundle)
    // =====================================================================================

    /**
     * The Workqueues a bundle sees (behind the boundary): the workqueues allocated and the work
     * items made through it are the bundle's. Once released, queueing through it is dropped
     * (returns false), so a work function still running when its bundle went cannot queue again.
     */
    private final class ForBundle implements Workqueues {
        final Holder holder;
        /** Set by {@link #release} at a safe point. */
        volatile boolean released;
        /** What was made through this object, in order; making may come from any thread. */
        final java.util.Queue<WqImpl> wqs = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.Queue<WorkImpl> works = new java.util.concurrent.ConcurrentLinkedQueue<>();

        ForBundle(Holder holder) {
            this.holder = holder;
        }

        private <T extends Workqueue> T mine(T wq) {
            if (wq instanceof WqImpl q) wqs.add(q);
            return wq;
        }

        private <T extends Work> T mine(T work) {
            works.add((WorkImpl) work);
            return work;
        }

        @Override public Workqueue alloc(String name, int maxActive, WqFlag... flags) { return mine(WorkqueueLayer.this.alloc(name, maxActive, flags)); }
        @Override public Workqueue allocOrdered(String name, WqFlag... flags) { return mine(WorkqueueLayer.this.allocOrdered(name, flags)); }
        @Override public void destroy(Workqueue wq) { WorkqueueLayer.this.destroy(wq); }
        @Override public Workqueue systemWq() { return systemWq; }
        @Override public Workqueue systemHighpriWq() { return systemHighpriWq; }
        @Override public Workqueue systemUnboundWq() { return systemUnboundWq; }
        @Override public Work initWork(String name, WorkFn fn) { return mine(WorkqueueLayer.this.initWork(name, fn)); }
        @Override public DelayedWork initDelayedWork(String name, WorkFn fn) { return mine(WorkqueueLayer.this.initDelayedWork(name, fn)); }
        @Override public boolean queue(Workqueue wq, Work work) { return !released && WorkqueueLayer.this.queue(wq, work); }
        @Override public boolean queueOn(int cpu, Workqueue wq, Work work) { return !released && WorkqueueLayer.this.queueOn(cpu, wq, work); }
        @Override public boolean queueDelayed(Workqueue wq, DelayedWork work, long delayJiffies) {
            return !released && WorkqueueLayer.this.queueDelayed(wq, work, delayJiffies);
        }
        @Override public boolean modDelayed(Workqueue wq, DelayedWork work, long delayJiffies) {
            return !released && WorkqueueLayer.this.modDelayed(wq, work, delayJiffies);
        }
        @Override public boolean flush(Work work) { return WorkqueueLayer.this.flush(work); }
        @Override public boolean cancelSync(Work work) { return WorkqueueLayer.this.cancelSync(work); }
        @Override public boolean cancelDelayedSync(DelayedWork work) { return WorkqueueLayer.this.cancelDelayedSync(work); }
        @Override public void flushWorkqueue(Workqueue wq) { WorkqueueLayer.this.flushWorkqueue(wq); }
        @Override public String procWorkqueues() { return WorkqueueLayer.this.procWorkqueues(); }
        @Override public String toString() { return "Workqueues of " + holder.label(); }
    }

    @Override
    public Workqueues open(Holder holder) {
        return new ForBundle(holder);
    }

    /**
     * The bundle's work items that are pending (queued, or their delay timer armed) or running,
     * then its workqueues not destroyed: each is a leak.
     */
    @Override
    public List<LeakDTO> held(Workqueues opened) {
        ForBundle f = (ForBundle) opened;
        List<LeakDTO> out = new ArrayList<>();
        for (WorkImpl w : f.works) {
            if (!w.fresh() || (!w.pending && w.runner == null)) continue;
            String state;
            if (w.pending && w.timerEvent >= 0) state = "timer pending for " + w.timerWq.name;
            else if (w.pending) state = "pending on " + w.pwq.wq.name;
            else state = "running on " + w.pwq.wq.name;
            if (w.pending && w.runner != null) state += ", running";
            String cancel = w.delayed ? "cancel_delayed_work_sync()" : "cancel_work_sync()";
            out.add(new LeakDTO(w.delayed ? "delayed_work" : "work", w.name + " (" + PluginGuard.symbol(w.fn) + ")", state, cancel,
                    "call " + cancel + " on your remove path"));
        }
        for (WqImpl q : f.wqs) {
            if (q.destroyed) continue;
            out.add(new LeakDTO("workqueue", q.name, "allocated", "destroy_workqueue()", "call destroy_workqueue() in your deactivate"));
        }
        return out;
    }

    /**
     * cancel_work_sync() of each of the bundle's items and destroy_workqueue() of each of its
     * workqueues, at a safe point (KernelLab's addition, issue 9 §5): a pending item leaves its
     * worklist or has its timer cancelled (try_to_grab_pending), queueing through the bundle's
     * object is dropped from now on, and each workqueue is destroyed, its rescuer stopped by a
     * short-lived kernel thread (kthread_stop waits, a safe point cannot). A work function
     * half-way through (it slept or computes) finishes its run and cannot queue again.
     */
    @Override
    public void release(Workqueues opened) {
        ForBundle f = (ForBundle) opened;
        f.released = true;
        for (WorkImpl w : f.works) if (w.fresh()) grabPending(w);
        Boot b = boot.readable();
        for (WqImpl q : f.wqs) {
            if (q.destroyed) continue;
            q.destroyed = true;
            workqueues.remove(q);
            if (b == null) continue;
            b.pwqs.remove(q);
            WorkerImpl resc = b.rescuers.remove(q);
            if (resc != null && resc.kthread != null) {
                kernel.spawn(TaskSpec.kthread("kl_release/" + q.name), k -> kthreads.stop(resc.kthread));
            }
        }
    }

    // =====================================================================================
    // Generations and handles
    // =====================================================================================

    /**
     * The state of the current generation for simulated code: built, with one idle worker per pool
     * (started at boot, {@link #machineReset}, or on first use), and the watchdog armed.
     */
    private Boot live() {
        Boot b = workers();
        if (!b.watchdogArmed) {
            // wq_watchdog_init() arms it at boot as a deferrable timer, which never wakes an idle
            // CPU. KernelLab has no deferrable timers, so it arms the watchdog when the
            // workqueues are first used: a machine that never uses them carries no periodic timer
            // (docs/workqueues.md, "Where KernelLab differs from Linux").
            b.watchdogArmed = true;
            armWatchdog(b, machine.now() + watchdogThreshNs);
        }
        return b;
    }

    /** workqueue_init(): the first worker of every pool, once per generation. */
    private Boot workers() {
        Boot b = boot.live();
        if (!b.started) {
            for (Pool p : b.all()) createWorker(b, p);
            b.started = true;
        }
        return b;
    }

    /**
     * workqueue_init() runs from kernel_init_freeable() (kernel/workqueue.c, init/main.c): every
     * pool's first worker (kworker/N:0, kworker/N:0H, kworker/uP:0) exists when the machine is up,
     * asleep with a pid from the boot block, instead of appearing in the middle of the first run
     * that queues work. A layer that is not a listener (built by hand, or bound after the boot)
     * still starts them on first use.
     */
    @Override
    public void machineReset(Machine m) {
        workers();
    }

    /** Brings {@code w} into the current generation: idle, nothing pending, no waiters. */
    private void fresh(WorkImpl w) {
        long g = machine.generation();
        if (w.generation == g) return;
        w.generation = g;
        w.pending = false;
        w.inactive = false;
        w.pwq = null;
        w.runner = null;
        w.timerEvent = -1;
        w.queuedSeq = w.runningSeq = w.doneSeq = w.cancelledSeq = 0;
        w.waiters.clear();
    }

    /** The worker the calling task is, or null. */
    private WorkerImpl currentWorker() {
        Boot b = boot.readable();
        if (b == null) return null;
        Task me = kernel.current();
        for (Pool p : b.all()) for (WorkerImpl w : p.workers) if (w.kthread != null && w.kthread.task() == me) return w;
        for (WorkerImpl r : b.rescuers.values()) if (r.kthread != null && r.kthread.task() == me) return r;
        return null;
    }

    private void checkCpu(int cpu) {
        int n = machine.nrCpus();
        if (cpu < 0 || cpu >= n) throw new IllegalArgumentException("cpu " + cpu + " does not exist; this machine has CPUs 0.." + (n - 1));
    }

    private WqImpl wq(Workqueue wq) {
        if (wq == null) throw new IllegalArgumentException("workqueue must not be null");
        if (wq instanceof WqImpl q && q.owner() == this) return q;
        throw new IllegalArgumentException(wq + " was not allocated by this workqueue layer (" + wq.getClass().getName() + ")");
    }

    private WorkImpl work(Work work) {
        if (work == null) throw new IllegalArgumentException("work must not be null");
        if (work instanceof WorkImpl w && w.owner() == this) return w;
        throw new IllegalArgumentException(work + " was not made by this workqueue layer (" + work.getClass().getName()
                + "); init it again with Workqueues.initWork after the layer restarted");
    }

    private WorkImpl delayedWork(DelayedWork work) {
        WorkImpl w = work(work);
        if (!w.delayed) throw new IllegalArgumentException(w + " is a plain work item; init it with initDelayedWork");
        return w;
    }

    // =====================================================================================
    // Reads for tests and listings (simulated state of a stopped machine)
    // =====================================================================================

    /** The comms of the workers of every pool, in creation order; for tests. */
    List<String> workerNames() {
        Boot b = boot.readable();
        List<String> out = new ArrayList<>();
        if (b == null) return out;
        for (Pool p : b.all()) for (WorkerImpl w : p.workers) out.add(w.comm);
        return out;
    }

    /** nr_running of CPU {@code cpu}'s normal or high-priority pool; for tests. */
    int nrRunning(int cpu, boolean highpri) {
        Boot b = boot.readable();
        return b == null ? 0 : b.bound[2 * cpu + (highpri ? 1 : 0)].nrRunning;
    }

    // =====================================================================================
    // show_all_workqueues() and /proc/workqueues
    // =====================================================================================

    @Override
    public String procWorkqueues() {
        Boot b = boot.readable();
        if (b == null) {
            StringBuilder out = new StringBuilder();
            for (WqImpl q : workqueues) out.append(String.format("workqueue %s: flags=0x%x%n", q.name, q.flags));
            return out.append("(no worker pools yet: they start with the first work queued)\n").toString();
        }
        return show(b, false);
    }

    /**
     * show_all_workqueues() (kernel/workqueue.c): with {@code busyOnly}, as Linux prints it after
     * a lockup (busy workqueues and pools only); else every workqueue and pool.
     */
    private String show(Boot b, boolean busyOnly) {
        StringBuilder out = new StringBuilder();
        if (busyOnly) out.append("Showing busy workqueues and worker pools:\n");
        for (WqImpl q : workqueues) {
            Pwq[] row = b.pwqs.get(q);
            boolean busy = false;
            if (row != null) for (Pwq p : row) if (p != null && (p.nrActive > 0 || !p.inactive.isEmpty())) busy = true;
            if (busyOnly && !busy) continue;
            // show_one_workqueue()
            out.append(String.format("workqueue %s: flags=0x%x%n", q.name, q.flags));
            if (row == null) continue;
            for (Pwq p : row) {
                if (p == null || (busyOnly && p.nrActive == 0 && p.inactive.isEmpty())) continue;
                showPwq(b, p, out);
            }
        }
        for (Pool p : b.all()) {
            int nrIdle = p.idle.size();
            if (busyOnly && p.workers.size() == nrIdle) continue;
            // show_one_worker_pool()
            long hung = p.worklist.isEmpty() ? 0 : (machine.now() - p.watchdogTs) / 1_000_000_000L;
            out.append(String.format("pool %d: %s hung=%ds workers=%d", p.id, p.info(), hung, p.workers.size()));
            if (p.manager != null) out.append(" manager: ").append(p.manager.kthread.task().pid());
            boolean first = true;
            for (WorkerImpl w : p.idle) {
                out.append(first ? " idle: " : " ").append(w.kthread.task().pid());
                first = false;
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** show_pwq(): the pwq line (refcnt: the base reference plus one per item in flight, as insert_work takes them), then its work. */
    private void showPwq(Boot b, Pwq p, StringBuilder out) {
        out.append(String.format("  pwq %d: %s active=%d/%d refcnt=%d%s%n", p.pool.id, p.pool.info(), p.nrActive, p.wq.maxActive,
                p.nrInFlight + 1, p.mayday ? " MAYDAY" : ""));
        List<String> inFlight = new ArrayList<>();
        List<WorkerImpl> runners = new ArrayList<>(p.pool.workers);
        WorkerImpl resc = b.rescuers.get(p.wq);
        if (resc != null) runners.add(resc);
        for (WorkerImpl w : runners) {
            if (w.current != null && w.current.pwq == p) inFlight.add(w.kthread.task().pid() + (w.rescues != null ? "(RESCUER)" : "") + ":" + w.current.name);
        }
        if (!inFlight.isEmpty()) out.append("    in-flight: ").append(String.join(", ", inFlight)).append('\n');
        List<String> pending = new ArrayList<>();
        for (WorkImpl w : p.pool.worklist) if (w.pwq == p) pending.add(w.name);
        if (!pending.isEmpty()) out.append("    pending: ").append(String.join(", ", pending)).append('\n');
        List<String> inactive = new ArrayList<>();
        for (WorkImpl w : p.inactive) inactive.add(w.name);
        if (!inactive.isEmpty()) out.append("    inactive: ").append(String.join(", ", inactive)).append('\n');
    }
}
