package org.kernellab.softirq.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.kernellab.api.Ctx;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.softirq.SoftirqAction;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.softirq.Softirqs;
import org.kernellab.api.softirq.Tasklet;
import org.kernellab.api.softirq.TaskletCallback;
import org.kernellab.api.softirq.Tasklets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tasklets (kernel/softirq.c, include/linux/interrupt.h, pinned to Linux 6.6), built on the
 * {@link Softirqs} service as Linux builds them on open_softirq: at activation the layer opens
 * TASKLET_SOFTIRQ with tasklet_action and HI_SOFTIRQ with tasklet_hi_action (softirq_init).
 *
 * <h2>The rules</h2>
 * <ul>
 * <li>tasklet_schedule / tasklet_hi_schedule: test_and_set_bit(TASKLET_STATE_SCHED); only the
 *     caller that set it appends the tasklet to this CPU's list and raises the vector.</li>
 * <li>tasklet_action_common: takes the whole list with interrupts off, then for each tasklet
 *     tasklet_trylock (test_and_set_bit(TASKLET_STATE_RUN)). Locked and enabled: clear SCHED
 *     (tasklet_clear_sched, waking waiters), run the callback, unlock (clear RUN, wake
 *     waiters). Locked but disabled: unlock. Either of the last two, or the lock held by
 *     another CPU: put it back at this CPU's list tail and raise the vector again.</li>
 * <li>tasklet_kill: waits (wait_var_event) while SCHED is set, sets it itself, waits until RUN is
 *     clear, then clears SCHED. tasklet_disable: raises the count, then waits until RUN is clear.</li>
 * </ul>
 * Each callback runs through the bundle's {@link PluginGuard}: one that throws is reported and
 * its tasklet ejected; it never runs again and later schedules are dropped with a report.
 *
 * <h2>KernelLab's additions</h2>
 * A pass that puts a tasklet back (disabled, or running on another CPU) costs
 * {@link #REQUEUE_NS} of CPU time. Linux burns real time spinning through those passes; here a
 * pass that took no virtual time would let one CPU requeue forever at one instant while the CPU
 * that holds the tasklet never gets to run.
 *
 * <h2>State and locking</h2>
 * The per-CPU lists ({@link Lists}) and every tasklet's state bits, waiters and queue membership
 * are guarded by the baton: only simulated code writes them, with local interrupts off around
 * list changes. They belong to one machine generation; a reset discards the lists, and a
 * tasklet from an earlier generation starts again unscheduled and idle (its disable count,
 * the driver's own state, is kept). {@link #setup} touches nothing shared and may run on any
 * thread.
 */
@Component(service = Tasklets.class, immediate = true, property = PerBundle.PROPERTY + ":Boolean=true")
public final class TaskletLayer implements Tasklets, PerBundle<Tasklets> {
    /** KernelLab's cost of one pass that puts a tasklet back on its list (see the class comment). */
    static final long REQUEUE_NS = 200;

    private static final int SCHED = 1 << TASKLET_STATE_SCHED;
    private static final int RUN = 1 << TASKLET_STATE_RUN;

    private final Kernel kernel;
    private final KernelContext ctx;
    private final Machine machine;
    private final Softirqs softirqs;
    private final PluginGuard guard;
    /** The lists of the current machine generation. */
    private final PerGeneration<Lists> lists;

    /** tasklet_vec and tasklet_hi_vec: one list per CPU and vector. */
    private static final class Lists {
        final long generation;
        final List<ArrayDeque<TaskletImpl>> normal = new ArrayList<>();
        final List<ArrayDeque<TaskletImpl>> hi = new ArrayList<>();

        Lists(long generation, int nrCpus) {
            this.generation = generation;
            for (int c = 0; c < nrCpus; c++) {
                normal.add(new ArrayDeque<>());
                hi.add(new ArrayDeque<>());
            }
        }

        List<ArrayDeque<TaskletImpl>> of(boolean isHi) {
            return isHi ? hi : normal;
        }
    }

    /** struct tasklet_struct. Simulated state is guarded by the baton (see the class comment). */
    private final class TaskletImpl implements Tasklet {
        final String name;
        final TaskletCallback callback;
        /** The generation {@link #state} and {@link #waiters} belong to. */
        long generation = Long.MIN_VALUE;
        int state;
        int count;
        boolean ejected;
        /** Tasks sleeping in wait_var_event(&t->state). */
        final VarWait waiters = new VarWait();

        TaskletImpl(String name, TaskletCallback callback) {
            this.name = name;
            this.callback = callback;
        }

        @Override public String name() { return name; }
        @Override public int state() { return generation == machine.generation() ? state : 0; }
        @Override public int disableCount() { return count; }
        @Override public boolean ejected() { return ejected; }
        @Override public String toString() { return "tasklet " + name; }

        TaskletLayer owner() { return TaskletLayer.this; }
    }

    /** tasklet_action / tasklet_hi_action, opened on TASKLET_SOFTIRQ and HI_SOFTIRQ. */
    private final class TaskletAction implements SoftirqAction, PluginGuard.Builtin {
        private final boolean hi;

        TaskletAction(boolean hi) {
            this.hi = hi;
        }

        @Override
        public void action(SoftirqVector vector) {
            actionCommon(hi, vector);
        }

        @Override
        public String linuxSymbol() {
            return hi ? "tasklet_hi_action" : "tasklet_action";
        }
    }

    @Activate
    public TaskletLayer(@Reference Kernel kernel, @Reference Machine machine, @Reference Softirqs softirqs) {
        this.kernel = kernel;
        this.ctx = kernel.context();
        this.machine = machine;
        this.softirqs = softirqs;
        this.guard = new PluginGuard(kernel, ctx);
        this.lists = new PerGeneration<>(machine, g -> new Lists(g, machine.nrCpus()));
        // softirq_init()
        softirqs.open(SoftirqVector.TASKLET, new TaskletAction(false));
        softirqs.open(SoftirqVector.HI, new TaskletAction(true));
    }

    // =====================================================================================
    // Tasklets service
    // =====================================================================================

    @Override
    public Tasklet setup(String name, TaskletCallback callback) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name of a tasklet must not be empty");
        if (callback == null) throw new IllegalArgumentException("callback of tasklet " + name + " must not be null");
        return new TaskletImpl(name, callback);
    }

    @Override
    public void schedule(Tasklet tasklet) {
        scheduleCommon(impl(tasklet), false);
    }

    @Override
    public void hiSchedule(Tasklet tasklet) {
        scheduleCommon(impl(tasklet), true);
    }

    @Override
    public void disableNosync(Tasklet tasklet) {
        TaskletImpl t = impl(tasklet);
        kernel.smpProcessorId(); // simulated code only: the count is simulated state
        // atomic_inc(&t->count)
        t.count++;
    }

    @Override
    public void disable(Tasklet tasklet) {
        TaskletImpl t = impl(tasklet);
        t.count++;
        // tasklet_unlock_wait(); the boundary has made wait_var_event's might_sleep check
        waitVar(t, () -> (t.state & RUN) == 0);
    }

    @Override
    public void enable(Tasklet tasklet) {
        TaskletImpl t = impl(tasklet);
        kernel.smpProcessorId(); // simulated code only: the count is simulated state
        if (t.count == 0) {
            throw new IllegalStateException("tasklet_enable: " + t + " is not disabled (disable count 0); "
                    + "every tasklet_enable needs an earlier tasklet_disable (Linux would let the count go negative and the tasklet would never run again)");
        }
        // atomic_dec(&t->count): a scheduled tasklet runs on the next pass over its list
        t.count--;
    }

    @Override
    public void kill(Tasklet tasklet) {
        TaskletImpl t = impl(tasklet);
        if (ctx.inInterrupt()) kernel.printk(LogLevel.NOTICE, "Attempt to kill tasklet from interrupt");
        // every path through tasklet_kill reaches wait_var_event() in tasklet_unlock_wait(), whose
        // might_sleep() reports an atomic caller; in warn mode from interrupt context KernelLab
        // skips the rest, as it skips every sleeping call there (docs/execution-model.md)
        if (!kernel.mightSleep(Ctx.MAY_SLEEP, "tasklet_kill()", "kill tasklets from process context, e.g. a driver's remove path")) return;
        current(t);
        // while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state)) wait_var_event(...)
        while ((t.state & SCHED) != 0) waitVar(t, () -> (t.state & SCHED) == 0);
        t.state |= SCHED;
        // tasklet_unlock_wait(t)
        waitVar(t, () -> (t.state & RUN) == 0);
        // tasklet_clear_sched(t)
        clearSched(t);
    }

    // =====================================================================================
    // Safe unload: one Tasklets per using bundle (PerBundle)
    // =====================================================================================

    /**
     * The Tasklets a bundle sees (behind the boundary): the tasklets set up through it are the
     * bundle's. Once released, schedules through it are dropped, so a callback still running
     * when its bundle went cannot bring its tasklet back.
     */
    private final class ForBundle implements Tasklets {
        final Holder holder;
        /** Set by {@link #release} at a safe point. */
        volatile boolean released;
        /** Every tasklet set up through this object, in order; setup may come from any thread. */
        final java.util.Queue<TaskletImpl> tasklets = new java.util.concurrent.ConcurrentLinkedQueue<>();

        ForBundle(Holder holder) {
            this.holder = holder;
        }

        @Override
        public Tasklet setup(String name, TaskletCallback callback) {
            TaskletImpl t = (TaskletImpl) TaskletLayer.this.setup(name, callback);
            tasklets.add(t);
            return t;
        }

        @Override
        public void schedule(Tasklet tasklet) {
            if (!released) TaskletLayer.this.schedule(tasklet);
        }

        @Override
        public void hiSchedule(Tasklet tasklet) {
            if (!released) TaskletLayer.this.hiSchedule(tasklet);
        }

        @Override public void disableNosync(Tasklet tasklet) { TaskletLayer.this.disableNosync(tasklet); }
        @Override public void disable(Tasklet tasklet) { TaskletLayer.this.disable(tasklet); }
        @Override public void enable(Tasklet tasklet) { TaskletLayer.this.enable(tasklet); }
        @Override public void kill(Tasklet tasklet) { TaskletLayer.this.kill(tasklet); }
        @Override public String toString() { return "Tasklets of " + holder.label(); }
    }

    @Override
    public Tasklets open(Holder holder) {
        return new ForBundle(holder);
    }

    /** The bundle's tasklets that are scheduled or running: each is a leak (an idle tasklet holds nothing). */
    @Override
    public List<LeakDTO> held(Tasklets opened) {
        List<LeakDTO> out = new ArrayList<>();
        for (TaskletImpl t : ((ForBundle) opened).tasklets) {
            int st = t.state();
            if ((st & (SCHED | RUN)) == 0) continue;
            String state = (st & SCHED) != 0 && (st & RUN) != 0 ? "scheduled while running" : (st & SCHED) != 0 ? "scheduled" : "running";
            out.add(new LeakDTO("tasklet", t.name + " (" + PluginGuard.symbol(t.callback) + ")", state, "tasklet_kill()",
                    "call tasklet_kill() on your remove path, after free_irq() of the handler that schedules it"));
        }
        return out;
    }

    /**
     * tasklet_kill() of each of the bundle's tasklets, at a safe point (KernelLab's addition, issue
     * 9 §5): a scheduled tasklet leaves every CPU's list and is unscheduled, as tasklet_kill
     * leaves it, and schedules through the bundle's object are dropped from now on. A safe point
     * cannot wait, so a callback half-way through (it computes) finishes its run; it cannot
     * schedule its tasklet again.
     */
    @Override
    public void release(Tasklets opened) {
        ForBundle f = (ForBundle) opened;
        f.released = true;
        Lists l = lists.readable();
        for (TaskletImpl t : f.tasklets) {
            if (l == null || t.generation != l.generation || (t.state & SCHED) == 0) continue;
            for (ArrayDeque<TaskletImpl> q : l.normal) q.remove(t);
            for (ArrayDeque<TaskletImpl> q : l.hi) q.remove(t);
            clearSched(t);
        }
    }

    // =====================================================================================
    // scheduling and running
    // =====================================================================================

    /** tasklet_schedule() / tasklet_hi_schedule() with __tasklet_schedule_common(). */
    private void scheduleCommon(TaskletImpl t, boolean hi) {
        int cpu = kernel.smpProcessorId();
        Lists l = current(t);
        if (t.ejected) {
            kernel.printk(LogLevel.WARNING, "tasklet: " + t.name + " was ejected after its callback failed; "
                    + (hi ? "tasklet_hi_schedule" : "tasklet_schedule") + " dropped (KernelLab: fix the callback and set up a new tasklet)");
            return;
        }
        if ((t.state & SCHED) != 0) return; // test_and_set_bit(TASKLET_STATE_SCHED): already scheduled
        t.state |= SCHED;
        boolean flags = ctx.localIrqSave();
        l.of(hi).get(cpu).addLast(t);
        softirqs.raise(hi ? SoftirqVector.HI : SoftirqVector.TASKLET);
        ctx.localIrqRestore(flags);
    }

    /** tasklet_action_common(): softirq context on the current CPU, interrupts enabled. */
    private void actionCommon(boolean hi, SoftirqVector vector) {
        int cpu = kernel.smpProcessorId();
        Lists l = live();
        ctx.localIrqDisable();
        ArrayDeque<TaskletImpl> head = l.of(hi).get(cpu);
        TaskletImpl[] list = head.toArray(new TaskletImpl[0]);
        head.clear();
        ctx.localIrqEnable();
        for (TaskletImpl t : list) {
            if ((t.state & RUN) == 0) { // tasklet_trylock()
                t.state |= RUN;
                if (t.count == 0 || t.ejected) {
                    // an ejected tasklet scheduled again while it ran is dropped here, unscheduled
                    if (clearSched(t) && !t.ejected) {
                        guard.call(vector, t.callback, () -> t.callback.run(t), e -> eject(t, e));
                    }
                    unlock(t);
                    continue;
                }
                unlock(t);
            }
            // disabled, or running on another CPU: back on this CPU's list, and raise again
            ctx.localIrqDisable();
            head.addLast(t);
            softirqs.raise(vector);
            ctx.localIrqEnable();
            kernel.compute(REQUEUE_NS);
        }
    }

    /** A callback threw: report it; the tasklet never runs again. */
    private void eject(TaskletImpl t, Throwable e) {
        t.ejected = true;
        guard.reportFailure("tasklet: " + t.name + " callback " + PluginGuard.symbol(t.callback), e,
                "the tasklet is ejected: it will not run again and later schedules are dropped; the machine carries on");
    }

    /** tasklet_clear_sched(): clears SCHED and wakes waiters; false if it was not set. */
    private boolean clearSched(TaskletImpl t) {
        if ((t.state & SCHED) == 0) return false;
        t.state &= ~SCHED;
        wakeUpVar(t);
        return true;
    }

    /** tasklet_unlock(): clear_bit_unlock(TASKLET_STATE_RUN) and wake_up_var(&t->state). */
    private void unlock(TaskletImpl t) {
        t.state &= ~RUN;
        wakeUpVar(t);
    }

    /** wait_var_event(&t->state, done): sleeps uninterruptibly until {@code done}; process context. */
    private void waitVar(TaskletImpl t, BooleanSupplier done) {
        current(t);
        t.waiters.await(kernel, done);
    }

    /** wake_up_var(&t->state): every waiter re-checks its condition. */
    private void wakeUpVar(TaskletImpl t) {
        t.waiters.wakeAll(kernel);
    }

    // =====================================================================================
    // generations and handles
    // =====================================================================================

    /** The lists of the current machine generation, made on first use. */
    private Lists live() {
        return lists.live();
    }

    /** The current lists, with {@code t} brought into their generation (unscheduled, idle, no waiters). */
    private Lists current(TaskletImpl t) {
        Lists l = live();
        if (t.generation != l.generation) {
            t.generation = l.generation;
            t.state = 0;
            t.waiters.clear();
        }
        return l;
    }

    private TaskletImpl impl(Tasklet tasklet) {
        if (tasklet == null) throw new IllegalArgumentException("tasklet must not be null");
        if (tasklet instanceof TaskletImpl t && t.owner() == this) return t;
        throw new IllegalArgumentException(tasklet + " was not set up by this softirq layer (" + tasklet.getClass().getName()
                + "); set it up again with Tasklets.setup after the layer restarted");
    }
}
