package org.kernellab.policy.o1;

import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.PerCpuPlacement;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * The Linux 2.6 O(1) scheduler, as kernel/sched.c had it in 2.6.21 and 2.6.22, the last
 * releases before CFS (Ingo Molnar's design, with Con Kolivas's interactivity tuning).
 *
 * <h2>What is kept from 2.6</h2>
 * <ul>
 * <li>Per CPU an active and an expired {@link PrioArray}: 140 lists and a bitmap; pick takes the
 *     head of the first set bit (sched_find_first_bit), and swaps the arrays when the active
 *     one is empty. Pick and enqueue are O(1).</li>
 * <li>task_timeslice(): {@code max(DEF_TIMESLICE × 4 × (140 − static_prio) / 20, MIN_TIMESLICE)}
 *     below nice 0, {@code max(DEF_TIMESLICE × (140 − static_prio) / 20, MIN_TIMESLICE)} from
 *     nice 0 up: 800 ms at nice −20, 100 ms at 0, 5 ms at 19.</li>
 * <li>The interactivity estimator: sleep_avg (ns, at most MAX_SLEEP_AVG = DEF_TIMESLICE ×
 *     MAX_BONUS) grows with sleep in recalc_task_prio() (with the INTERACTIVE_SLEEP ceiling),
 *     with on-runqueue time when a woken task is picked (×30%), and
 *     shrinks by run time / CURRENT_BONUS at every switch; prio = static_prio − CURRENT_BONUS + 5,
 *     CURRENT_BONUS = sleep_avg × MAX_BONUS / MAX_SLEEP_AVG in jiffies (MAX_BONUS 10).</li>
 * <li>At the end of its slice a task gets a new one and goes to the expired array, unless it
 *     is TASK_INTERACTIVE and the expired array is not starving (EXPIRED_STARVING: the first
 *     expired task waited more than STARVATION_LIMIT × nr_running, or a better static_prio
 *     expired); then it goes to the tail of the active array. An interactive task is also
 *     requeued every TIMESLICE_GRANULARITY within its slice.</li>
 * <li>A waking task preempts if its prio is better (TASK_PREEMPTS_CURR). A preempted task
 *     stays at the head of its list. sched_yield() moves the task to the expired array.
 *     SCHED_BATCH tasks get no sleep credit and are activated into the expired array.</li>
 * </ul>
 *
 * <h2>What differs, and why</h2>
 * <ul>
 * <li>Slices are kept in ns and ended with {@link PolicyHost#preemptAfter}, so they are exact
 *     whatever HZ is; 2.6 counted them in ticks (at HZ 1000 the two agree).</li>
 * <li>In 2.6 the running task stays in the active array; here it leaves the array while it
 *     runs and {@link #stopping} decides where it goes back (head, tail, or expired), which is
 *     the same order.</li>
 * <li>There is no parent in the SPI: a new task gets a full slice and sleep_avg 0 (2.6 split
 *     the parent's slice and inherited its sleep_avg less CHILD_PENALTY).</li>
 * <li>The SPI does not say whether a wakeup comes from an interrupt or from which sleep state:
 *     every wakeup counts as SLEEP_INTERACTIVE (on-runqueue time credited at 30%), never
 *     SLEEP_INTERRUPTED (full credit), and uninterruptible sleeps are not told apart.</li>
 * <li>SCHED_IDLE did not exist before 2.6.23: it is treated as SCHED_BATCH.</li>
 * <li>Balancing is the per-CPU idle pull of all KernelLab per-CPU policies (an empty CPU pulls
 *     from the busiest queue, the expired array first and the highest priority first, as
 *     move_tasks() did), and wakeups go to the previous CPU if idle, else an idle allowed CPU,
 *     else the least loaded allowed one.</li>
 * </ul>
 */
final class O1Policy implements Policy {
    static final int MAX_RT_PRIO = 100;
    static final int MAX_PRIO = 140;
    static final int MAX_USER_PRIO = 40;
    static final int PRIO_BONUS_RATIO = 25;
    static final int MAX_BONUS = MAX_USER_PRIO * PRIO_BONUS_RATIO / 100;
    static final int INTERACTIVE_DELTA = 2;
    static final int ON_RUNQUEUE_WEIGHT = 30;
    /** GRANULARITY: 10 ms. */
    static final long GRANULARITY_NS = 10_000_000L;

    /** The sleep_type of 2.6.21 (SLEEP_INTERRUPTED, for wakeups from interrupts, has no use here). */
    enum SleepType { NORMAL, NONINTERACTIVE, INTERACTIVE }

    /** Where {@link #enqueue} puts a task that {@link #stopping} let go while runnable. */
    enum Dest { ACTIVE_HEAD, ACTIVE_TAIL, EXPIRED }

    /** A task's O(1) state ({@code policyData}); also its node in a priority list. */
    static final class O1Task {
        final SchedTask p;
        O1Task next, prev;
        PrioArray array;
        /** The list it is on while queued. */
        int qprio;
        int prio;
        int staticPrio;
        /** ns left in the slice. */
        long timeSlice;
        long sleepAvg;
        /** Last switch in or out, or activation (p->timestamp). */
        long timestamp;
        SleepType sleepType = SleepType.NORMAL;
        /** The CPU whose runqueue counts it (queued or running), or -1. */
        int cpu = -1;
        /** sumExecNs when it started running. */
        long runStart;
        Dest dest = Dest.ACTIVE_TAIL;
        boolean expiredArray;
        boolean yielded;

        O1Task(SchedTask p) { this.p = p; }
    }

    /** struct prio_array: 140 lists, a bitmap of the non-empty ones, and a count. */
    static final class PrioArray {
        final long[] bitmap = new long[(MAX_PRIO + 63) / 64];
        final O1Task[] head = new O1Task[MAX_PRIO];
        final O1Task[] tail = new O1Task[MAX_PRIO];
        int nrActive;

        /** enqueue_task(): list_add_tail. */
        void enqueueTail(O1Task t) {
            int i = t.prio;
            t.qprio = i;
            t.next = null;
            t.prev = tail[i];
            if (tail[i] != null) tail[i].next = t;
            else head[i] = t;
            tail[i] = t;
            add(t, i);
        }

        /** enqueue_task_head(): list_add. */
        void enqueueHead(O1Task t) {
            int i = t.prio;
            t.qprio = i;
            t.prev = null;
            t.next = head[i];
            if (head[i] != null) head[i].prev = t;
            else tail[i] = t;
            head[i] = t;
            add(t, i);
        }

        private void add(O1Task t, int i) {
            bitmap[i >>> 6] |= 1L << i;
            nrActive++;
            t.array = this;
        }

        /** dequeue_task(). */
        void dequeue(O1Task t) {
            int i = t.qprio;
            if (t.prev != null) t.prev.next = t.next;
            else head[i] = t.next;
            if (t.next != null) t.next.prev = t.prev;
            else tail[i] = t.prev;
            t.next = t.prev = null;
            if (head[i] == null) bitmap[i >>> 6] &= ~(1L << i);
            nrActive--;
            t.array = null;
        }

        /** sched_find_first_bit(): the best non-empty list, or -1. */
        int findFirstBit() {
            for (int w = 0; w < bitmap.length; w++) {
                if (bitmap[w] != 0) return (w << 6) + Long.numberOfTrailingZeros(bitmap[w]);
            }
            return -1;
        }

        /** The next non-empty list after {@code i}, or -1. */
        int findNextBit(int i) {
            for (int b = i + 1; b < MAX_PRIO; b++) if ((bitmap[b >>> 6] & (1L << b)) != 0) return b;
            return -1;
        }
    }

    /** struct rq, the O(1) parts. */
    static final class Rq {
        final int cpu;
        PrioArray active = new PrioArray();
        PrioArray expired = new PrioArray();
        /** Tasks counted on this CPU: queued in either array, or running. */
        int nrRunning;
        /** When the first task expired since the last array switch (rq->expired_timestamp), or -1. */
        long expiredTimestamp = -1;
        int bestExpiredPrio = MAX_PRIO;
        O1Task curr;
        /** schedstat sched_switch: how many times the arrays were swapped. */
        long arraySwitches;

        Rq(int cpu) { this.cpu = cpu; }

        int waiting() { return active.nrActive + expired.nrActive; }
    }

    private final PolicyHost host;
    private final long defTimeslice;
    private final long minTimeslice;
    /** MAX_SLEEP_AVG = DEF_TIMESLICE × MAX_BONUS, ns (NS_MAX_SLEEP_AVG); also STARVATION_LIMIT. */
    private final long maxSleepAvg;
    private final Rq[] rqs;
    /** Wakeup placement and idle kicks over the per-CPU queues. */
    private final PerCpuPlacement placement;

    O1Policy(PolicyHost host, O1Provider.Settings settings) {
        this.host = host;
        this.defTimeslice = settings.timesliceNs();
        this.minTimeslice = settings.minTimesliceNs();
        this.maxSleepAvg = defTimeslice * MAX_BONUS;
        this.rqs = new Rq[host.nrCpus()];
        for (int c = 0; c < rqs.length; c++) rqs[c] = new Rq(c);
        this.placement = new PerCpuPlacement(host, this::idle, this::load);
    }

    @Override public String name() { return O1Provider.NAME; }

    Rq rq(int cpu) { return rqs[cpu]; }

    static O1Task data(SchedTask p) {
        return (O1Task) p.policyData();
    }

    private O1Task task(SchedTask p) {
        O1Task t = data(p);
        if (t == null) enable(p);
        return data(p);
    }

    // ---- the 2.6 formulas ---------------------------------------------------------------

    /** task_timeslice() / static_prio_timeslice(), ns. */
    long timeslice(int staticPrio) {
        long base = staticPrio < 120 ? defTimeslice * 4 : defTimeslice;
        return Math.max(base * (MAX_PRIO - staticPrio) / (MAX_USER_PRIO / 2), minTimeslice);
    }

    /** CURRENT_BONUS(p): NS_TO_JIFFIES(sleep_avg) × MAX_BONUS / MAX_SLEEP_AVG (in jiffies). */
    int currentBonus(O1Task t) {
        long tick = host.tickNs();
        return (int) (t.sleepAvg / tick * MAX_BONUS / (maxSleepAvg / tick));
    }

    /** __normal_prio(): static_prio − (CURRENT_BONUS − MAX_BONUS / 2), within 100..139. */
    int effectivePrio(O1Task t) {
        int prio = t.staticPrio - (currentBonus(t) - MAX_BONUS / 2);
        return Math.max(MAX_RT_PRIO, Math.min(MAX_PRIO - 1, prio));
    }

    /** DELTA(p): SCALE(nice + 20, 40, MAX_BONUS) − 20 × MAX_BONUS / 40 + INTERACTIVE_DELTA. */
    static int delta(O1Task t) {
        int nice = t.staticPrio - 120;
        return (nice + 20) * MAX_BONUS / 40 - 20 * MAX_BONUS / 40 + INTERACTIVE_DELTA;
    }

    /** TASK_INTERACTIVE(p): prio <= static_prio − DELTA(p). */
    static boolean taskInteractive(O1Task t) {
        return t.prio <= t.staticPrio - delta(t);
    }

    /** INTERACTIVE_SLEEP(p): JIFFIES_TO_NS(MAX_SLEEP_AVG × (MAX_BONUS / 2 + DELTA + 1) / MAX_BONUS − 1). */
    long interactiveSleep(O1Task t) {
        long tick = host.tickNs();
        long maxJ = maxSleepAvg / tick;
        return (maxJ * (MAX_BONUS / 2 + delta(t) + 1) / MAX_BONUS - 1) * tick;
    }

    /** TIMESLICE_GRANULARITY(p) on an SMP kernel: GRANULARITY × 2^(((MAX_BONUS − bonus) ?: 1) − 1) × CPUs. */
    long granularity(O1Task t) {
        int d = MAX_BONUS - currentBonus(t);
        if (d == 0) d = 1;
        return GRANULARITY_NS * (1L << (d - 1)) * rqs.length;
    }

    private static boolean batch(SchedTask p) {
        return p.policy() == SchedPolicy.BATCH || p.policy() == SchedPolicy.IDLE;
    }

    /** recalc_task_prio(): credits the sleep since p->timestamp, returns the new prio. */
    int recalcTaskPrio(O1Task t, long now) {
        long sleepTime = Math.max(0, now - t.timestamp);
        if (batch(t.p)) sleepTime = 0;
        if (sleepTime > 0) {
            long ceiling = interactiveSleep(t);
            boolean mm = !t.p.isKernelThread();
            if (mm && sleepTime > ceiling && t.sleepAvg < ceiling) {
                // one long sleep does not earn the best priority
                t.sleepAvg = ceiling;
                t.sleepType = SleepType.NONINTERACTIVE;
            } else {
                if (t.sleepType == SleepType.NONINTERACTIVE && mm) {
                    if (t.sleepAvg >= ceiling) sleepTime = 0;
                    else if (t.sleepAvg + sleepTime >= ceiling) {
                        t.sleepAvg = ceiling;
                        sleepTime = 0;
                    }
                }
                t.sleepAvg += sleepTime;
            }
            if (t.sleepAvg > maxSleepAvg) t.sleepAvg = maxSleepAvg;
        }
        return effectivePrio(t);
    }

    /** expired_starving(rq) of 2.6.21, for the task {@code curr} whose slice just ended. */
    private boolean expiredStarving(Rq rq, O1Task curr) {
        if (curr.staticPrio > rq.bestExpiredPrio) return true;
        if (rq.expiredTimestamp < 0) return false;
        return host.now() - rq.expiredTimestamp > maxSleepAvg * rq.nrRunning;
    }

    /** set_user_nice() and sched_setscheduler() change static_prio; follow the task's. */
    private void refreshStatic(O1Task t) {
        if (t.staticPrio == t.p.staticPrio()) return;
        PrioArray a = t.array;
        if (a != null) a.dequeue(t);
        t.staticPrio = t.p.staticPrio();
        t.prio = effectivePrio(t);
        if (a != null) a.enqueueTail(t);
    }

    // ---- per-CPU accounting -------------------------------------------------------------

    private void count(O1Task t, int cpu) {
        if (t.cpu == cpu) return;
        uncount(t);
        t.cpu = cpu;
        rqs[cpu].nrRunning++;
    }

    private void uncount(O1Task t) {
        if (t.cpu < 0) return;
        Rq rq = rqs[t.cpu];
        rq.nrRunning--;
        if (rq.curr == t) rq.curr = null;
        t.cpu = -1;
    }

    private void unqueue(O1Task t) {
        if (t.array == null) return;
        t.expiredArray = t.array == rqs[t.cpu].expired;
        t.array.dequeue(t);
    }

    // ---- ops ----------------------------------------------------------------------------

    @Override
    public void enable(SchedTask p) {
        O1Task t = new O1Task(p);
        t.staticPrio = p.staticPrio();
        t.prio = effectivePrio(t);
        t.timeSlice = timeslice(t.staticPrio);
        t.timestamp = host.now();
        p.policyData(t);
    }

    @Override
    public void disable(SchedTask p) {
        O1Task t = data(p);
        if (t == null) return;
        unqueue(t);
        uncount(t);
    }

    @Override
    public int selectCpu(SchedTask p, int prevCpu, int wakerCpu, Enqueue why) {
        return placement.selectCpu(p, prevCpu);
    }

    private boolean idle(int cpu) {
        return host.isIdle(cpu) && rqs[cpu].waiting() == 0;
    }

    /** Waiting tasks, plus one if the CPU is busy. */
    private long load(int cpu) {
        return rqs[cpu].waiting() + (host.isIdle(cpu) ? 0 : 1);
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        O1Task t = task(p);
        Rq rq = rqs[cpu];
        boolean joined = t.cpu != cpu;
        count(t, cpu);
        refreshStatic(t);
        switch (why) {
            case NEW -> {
                // sched_fork() + wake_up_new_task(), without a parent to share the slice with
                t.timestamp = host.now();
                activate(rq, t);
            }
            case WAKEUP -> {
                // activate_task()
                long now = host.now();
                t.prio = recalcTaskPrio(t, now);
                if (t.sleepType == SleepType.NORMAL) t.sleepType = SleepType.INTERACTIVE;
                t.timestamp = now;
                activate(rq, t);
            }
            case PREEMPTED, YIELD -> {
                if (joined) rq.active.enqueueTail(t); // it was running when the policy came in
                else switch (t.dest) {
                    case ACTIVE_HEAD -> rq.active.enqueueHead(t);
                    case ACTIVE_TAIL -> rq.active.enqueueTail(t);
                    case EXPIRED -> rq.expired.enqueueTail(t);
                }
            }
            case RESTORE, MIGRATED -> (t.expiredArray ? rq.expired : rq.active).enqueueTail(t);
        }
        t.dest = Dest.ACTIVE_TAIL;
        // a task waits on a busy CPU while an allowed CPU idles: that CPU balances in pick (the
        // core does this itself after a wakeup or fork; this is for a preempted or yielding task
        // and a changed affinity)
        if (why != Enqueue.NEW && why != Enqueue.WAKEUP && !host.isIdle(cpu)) placement.kickIdleFor(p, cpu);
    }

    /** __activate_task(): the active array, or the expired one for a batch task. */
    private void activate(Rq rq, O1Task t) {
        (batch(t.p) ? rq.expired : rq.active).enqueueTail(t);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        O1Task t = task(p);
        unqueue(t);
        uncount(t);
    }

    /** The core of schedule(): swap the arrays if needed, take the best task. O(1). */
    @Override
    public SchedTask pick(int cpu) {
        Rq rq = rqs[cpu];
        if (rq.waiting() == 0 && !pull(cpu)) {
            rq.expiredTimestamp = -1;
            return null;
        }
        if (rq.active.nrActive == 0) {
            PrioArray a = rq.active;
            rq.active = rq.expired;
            rq.expired = a;
            rq.expiredTimestamp = -1;
            rq.bestExpiredPrio = MAX_PRIO;
            rq.arraySwitches++;
        }
        PrioArray array = rq.active;
        O1Task next = array.head[array.findFirstBit()];
        if (!next.p.allowed(cpu)) {
            next = firstAllowed(array, cpu);
            if (next == null) return null;
        }
        array.dequeue(next);
        if (next.sleepType == SleepType.INTERACTIVE) {
            // credit the time spent waiting on the runqueue since the wakeup, weighted down
            long delta = Math.max(0, host.now() - next.timestamp);
            delta = delta * (ON_RUNQUEUE_WEIGHT * 128 / 100) / 128;
            next.prio = recalcTaskPrio(next, next.timestamp + delta);
        }
        next.sleepType = SleepType.NORMAL;
        return next.p;
    }

    /** Slow path, only when the affinity changed under a queued task: the best allowed one. */
    private static O1Task firstAllowed(PrioArray a, int cpu) {
        for (int i = a.findFirstBit(); i >= 0; i = a.findNextBit(i)) {
            for (O1Task t = a.head[i]; t != null; t = t.next) if (t.p.allowed(cpu)) return t;
        }
        return null;
    }

    /**
     * Idle balancing: from the busiest other runqueue, the expired array first (its tasks are
     * cache-cold and will not run soon), best priority first, from the tail of each list, as
     * move_tasks() did; the task keeps its kind of array.
     */
    private boolean pull(int cpu) {
        long tried = 0;
        while (true) {
            int busiest = -1;
            for (int c = 0; c < rqs.length; c++) {
                if (c == cpu || (tried & (1L << c)) != 0 || rqs[c].waiting() == 0) continue;
                if (busiest < 0 || rqs[c].waiting() > rqs[busiest].waiting()) busiest = c;
            }
            if (busiest < 0) return false;
            Rq src = rqs[busiest];
            O1Task t = lastAllowed(src.expired, cpu);
            if (t == null) t = lastAllowed(src.active, cpu);
            if (t == null) {
                tried |= 1L << busiest;
                continue;
            }
            boolean expired = t.array == src.expired;
            t.array.dequeue(t);
            count(t, cpu);
            (expired ? rqs[cpu].expired : rqs[cpu].active).enqueueTail(t);
            return true;
        }
    }

    private static O1Task lastAllowed(PrioArray a, int cpu) {
        for (int i = a.findFirstBit(); i >= 0; i = a.findNextBit(i)) {
            for (O1Task t = a.tail[i]; t != null; t = t.prev) if (t.p.allowed(cpu)) return t;
        }
        return null;
    }

    @Override
    public void running(int cpu, SchedTask p) {
        O1Task t = task(p);
        count(t, cpu);
        Rq rq = rqs[cpu];
        rq.curr = t;
        t.runStart = p.sumExecNs();
        t.timestamp = host.now();
        host.preemptAfter(cpu, untilNextCheck(t));
    }

    /**
     * How long {@code t} may run before scheduler_tick() would act: the end of its slice, or,
     * for an interactive task, the next TIMESLICE_GRANULARITY boundary that still leaves at
     * least one granularity of slice.
     */
    private long untilNextCheck(O1Task t) {
        long until = t.timeSlice;
        if (taskInteractive(t)) {
            long g = granularity(t);
            long used = timeslice(t.staticPrio) - t.timeSlice;
            long toBoundary = g - Math.floorMod(used, g);
            if (t.timeSlice - toBoundary >= g) until = toBoundary;
        }
        return Math.max(1, until);
    }

    /**
     * task_running_tick() for the time just run, then schedule()'s sleep_avg charge; decides
     * where a task that stays runnable goes back.
     */
    @Override
    public void stopping(int cpu, SchedTask p, boolean runnable) {
        O1Task t = task(p);
        Rq rq = rqs[cpu];
        if (rq.curr != t) { // it was running when the policy came in
            if (!runnable) uncount(t);
            return;
        }
        long now = host.now();
        t.timeSlice -= p.sumExecNs() - t.runStart;
        Dest dest = Dest.ACTIVE_HEAD; // preempted: it keeps its place at the head of its list
        if (t.timeSlice <= 0) {
            t.prio = effectivePrio(t);
            t.timeSlice = timeslice(t.staticPrio);
            if (rq.expiredTimestamp < 0) rq.expiredTimestamp = now;
            if (!taskInteractive(t) || expiredStarving(rq, t)) {
                dest = Dest.EXPIRED;
                if (t.staticPrio < rq.bestExpiredPrio) rq.bestExpiredPrio = t.staticPrio;
            } else {
                dest = Dest.ACTIVE_TAIL;
            }
        } else if (taskInteractive(t) && (timeslice(t.staticPrio) - t.timeSlice) % granularity(t) == 0
                && t.timeSlice >= granularity(t)) {
            dest = Dest.ACTIVE_TAIL; // round robin among equals every TIMESLICE_GRANULARITY
        }
        if (t.yielded) {
            dest = Dest.EXPIRED; // sys_sched_yield()
            t.yielded = false;
        }
        // schedule(): run time counts against sleep_avg, less so at a high bonus
        long runTime = Math.min(Math.max(0, now - t.timestamp), maxSleepAvg);
        runTime /= Math.max(1, currentBonus(t));
        t.sleepAvg = Math.max(0, t.sleepAvg - runTime);
        t.timestamp = now;
        t.dest = dest;
        rq.curr = null;
        if (!runnable) uncount(t);
    }

    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        O1Task t = task(p);
        if (t.array == null) uncount(t);
    }

    @Override
    public boolean wakeupPreempt(int cpu, SchedTask curr, SchedTask woken) {
        O1Task c = data(curr);
        O1Task w = data(woken);
        return c != null && w != null && w.prio < c.prio; // TASK_PREEMPTS_CURR
    }

    @Override
    public void yield(int cpu, SchedTask p) {
        task(p).yielded = true;
    }

    @Override
    public void setWeight(SchedTask p, int weight) {
        O1Task t = data(p);
        if (t != null) refreshStatic(t);
    }
}
