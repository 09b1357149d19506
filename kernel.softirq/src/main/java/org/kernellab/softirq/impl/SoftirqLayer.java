package org.kernellab.softirq.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.kthread.KthreadFn;
import org.kernellab.api.kthread.Kthreads;
import org.kernellab.api.softirq.BottomHalfEntry;
import org.kernellab.api.softirq.SoftirqAction;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.softirq.Softirqs;
import org.kernellab.api.softirq.dto.SoftirqStatDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The softirq layer (kernel/softirq.c, pinned to Linux 6.6). It is the core's
 * {@link BottomHalfEntry} and the {@link Softirqs} service.
 *
 * <h2>Where softirqs run</h2>
 * <ul>
 * <li>irq_exit, when !in_interrupt(): on the interrupted task's thread (invoke_softirq);</li>
 * <li>local_bh_enable, when the softirq count reaches 0 (do_softirq);</li>
 * <li>{@code ksoftirqd/N} (started at boot, {@link #machineReset}), when raised from process context or when the restart limits
 *     at irq_exit are reached (wakeup_softirqd).</li>
 * </ul>
 * handle_softirqs() takes the pending mask, clears it, enables hard interrupts and runs each
 * pending vector lowest bit first, then disables interrupts and restarts while something is
 * pending, less than {@link #MAX_SOFTIRQ_TIME_NS} has passed, no reschedule is needed and fewer
 * than {@link #MAX_SOFTIRQ_RESTART} rounds have run. Otherwise it wakes ksoftirqd.
 *
 * <h2>State and locking</h2>
 * Per-CPU state ({@link PerCpu}) is guarded by the baton: only simulated code on that CPU,
 * with local interrupts off, writes it. Readers outside the simulation (statistics) read
 * plain fields of a stopped machine. {@link #actions} is copy-on-write, replaced by
 * compare-and-set from any thread (no lock: bundle code has no {@code synchronized}). The
 * per-CPU state belongs to one machine generation; a reset (which kills ksoftirqd) makes
 * simulated code build it afresh.
 */
@Component(service = {Softirqs.class, BottomHalfEntry.class, org.kernellab.api.hw.MachineListener.class}, immediate = true)
public final class SoftirqLayer implements Softirqs, BottomHalfEntry, org.kernellab.api.hw.MachineListener {
    /** MAX_SOFTIRQ_TIME: 2 ms. Linux counts it in jiffies (msecs_to_jiffies(2)); here in virtual ns. */
    static final long MAX_SOFTIRQ_TIME_NS = 2_000_000L;
    /** MAX_SOFTIRQ_RESTART: at most this many rounds per handle_softirqs(). */
    static final int MAX_SOFTIRQ_RESTART = 10;

    private static final SoftirqVector[] VECTORS = SoftirqVector.values();

    private final Kernel kernel;
    private final KernelContext ctx;
    private final Machine machine;
    private final Kthreads kthreads;
    private final PluginGuard guard;
    /** softirq_vec: the action per vector, indexed by ordinal. Copy-on-write. */
    private final AtomicReference<SoftirqAction[]> actions = new AtomicReference<>(new SoftirqAction[VECTORS.length]);
    /** The per-CPU state of the current machine generation. */
    private final PerGeneration<Boot> boot;

    /** One CPU's softirq state (irq_stat.__softirq_pending, kstat softirqs, the ksoftirqd pointer). */
    private static final class PerCpu {
        int pending;
        final long[] counts = new long[VECTORS.length];
        Kthread ksoftirqd;
        /** True from handle_softirqs' entry until its serving offset is dropped again. */
        boolean serving;
    }

    private static final class Boot {
        final long generation;
        final PerCpu[] cpus;
        boolean threadsStarted;

        Boot(long generation, int nrCpus) {
            this.generation = generation;
            this.cpus = new PerCpu[nrCpus];
            for (int i = 0; i < nrCpus; i++) cpus[i] = new PerCpu();
        }
    }

    /** Other bundles see Softirqs behind the kernel's contract boundary; the core gets the raw BottomHalfEntry. */
    @Activate
    public SoftirqLayer(@Reference Kernel kernel, @Reference Machine machine, @Reference Kthreads kthreads) {
        this.kernel = kernel;
        this.machine = machine;
        this.kthreads = kthreads;
        this.ctx = kernel.context();
        this.guard = new PluginGuard(kernel, ctx);
        this.boot = new PerGeneration<>(machine, g -> new Boot(g, machine.nrCpus()));
    }


    // =====================================================================================
    // Softirqs service
    // =====================================================================================

    @Override
    public void raise(SoftirqVector vector) {
        if (vector == null) throw new IllegalArgumentException("vector must not be null");
        int cpu = kernel.smpProcessorId();
        PerCpu p = live().cpus[cpu];
        // raise_softirq(): local_irq_save; raise_softirq_irqoff; local_irq_restore
        boolean flags = ctx.localIrqSave();
        p.pending |= vector.bit();
        // In interrupt context (or with bottom halves disabled) the vector runs when that
        // context is left; otherwise nothing would run it soon, so ksoftirqd is woken.
        if (!ctx.inInterrupt()) wakeupSoftirqd(p);
        ctx.localIrqRestore(flags);
    }

    @Override
    public void open(SoftirqVector vector, SoftirqAction action) {
        if (vector == null) throw new IllegalArgumentException("vector must not be null");
        if (action == null) throw new IllegalArgumentException("action for softirq " + vector + " must not be null");
        actions.updateAndGet(a -> with(a, vector, action));
    }

    @Override
    public int pending(int cpu) {
        checkCpu(cpu);
        Boot b = readable();
        return b == null ? 0 : b.cpus[cpu].pending;
    }

    @Override
    public long count(SoftirqVector vector, int cpu) {
        if (vector == null) throw new IllegalArgumentException("vector must not be null");
        checkCpu(cpu);
        Boot b = readable();
        return b == null ? 0 : b.cpus[cpu].counts[vector.ordinal()];
    }

    @Override
    public List<SoftirqStatDTO> stats() {
        int n = machine.nrCpus();
        Boot b = readable();
        List<SoftirqStatDTO> out = new ArrayList<>(VECTORS.length);
        for (SoftirqVector v : VECTORS) {
            SoftirqStatDTO d = new SoftirqStatDTO();
            d.name = v.name();
            d.perCpu = new long[n];
            if (b != null) for (int c = 0; c < n; c++) d.perCpu[c] = b.cpus[c].counts[v.ordinal()];
            out.add(d);
        }
        return out;
    }

    @Override
    public String procSoftirqs() {
        return ProcSoftirqs.format(stats(), machine.nrCpus());
    }

    /** A copy of {@code table} with {@code action} (or null) for {@code vector}. */
    private static SoftirqAction[] with(SoftirqAction[] table, SoftirqVector vector, SoftirqAction action) {
        SoftirqAction[] next = table.clone();
        next[vector.ordinal()] = action;
        return next;
    }

    /** The action open on {@code vector}, or null; for tests. */
    SoftirqAction action(SoftirqVector vector) {
        return actions.get()[vector.ordinal()];
    }

    private void checkCpu(int cpu) {
        int n = machine.nrCpus();
        if (cpu < 0 || cpu >= n) throw new IllegalArgumentException("cpu " + cpu + " does not exist; this machine has CPUs 0.." + (n - 1));
    }

    // =====================================================================================
    // BottomHalfEntry: called by the core on the current CPU
    // =====================================================================================

    /** irq_exit_rcu() -> invoke_softirq(): interrupts are off and !in_interrupt(). */
    @Override
    public void irqExit(int cpu) {
        Boot b = live();
        if (b.cpus[cpu].pending != 0 && !ctx.inInterrupt()) handleSoftirqs(b, cpu);
    }

    /** __local_bh_enable_ip() -> do_softirq(): the softirq count just reached 0. */
    @Override
    public void bhEnabled(int cpu) {
        Boot b = live();
        PerCpu p = b.cpus[cpu];
        // our own serving offset being dropped at the end of handle_softirqs (see ServingCount)
        if (p.serving) return;
        if (p.pending == 0 || ctx.inInterrupt()) return;
        boolean flags = ctx.localIrqSave();
        if (p.pending != 0) handleSoftirqs(b, cpu);
        ctx.localIrqRestore(flags);
    }

    // =====================================================================================
    // handle_softirqs
    // =====================================================================================

    /** Serves pending vectors on {@code cpu}. Called and returns with local interrupts off. */
    private void handleSoftirqs(Boot b, int cpu) {
        PerCpu p = b.cpus[cpu];
        long end = kernel.now() + MAX_SOFTIRQ_TIME_NS;
        int maxRestart = MAX_SOFTIRQ_RESTART;
        int pending = p.pending;
        ServingCount.enter(ctx);
        p.serving = true;
        for (;;) {
            // reset the pending mask before enabling interrupts: a new raise starts a new round
            p.pending = 0;
            ctx.localIrqEnable();
            SoftirqAction[] acts = actions.get();
            while (pending != 0) {
                int nr = Integer.numberOfTrailingZeros(pending);
                pending &= pending - 1;
                runAction(p, nr, acts[nr]);
            }
            ctx.localIrqDisable();
            pending = p.pending;
            if (pending == 0) break;
            if (kernel.now() < end && !needResched() && --maxRestart > 0) continue;
            wakeupSoftirqd(p);
            break;
        }
        ServingCount.exit(ctx);
        p.serving = false;
    }

    /** One handler call through the bundle's guarded path (preempt_count balance check included). */
    private void runAction(PerCpu p, int nr, SoftirqAction action) {
        SoftirqVector vector = VECTORS[nr];
        if (action == null) {
            // Linux would jump through a NULL pointer; KernelLab drops the raise and says so.
            kernel.printk(LogLevel.WARNING, "softirq: " + vector + " raised but no action is open; dropped (KernelLab: call open_softirq first)");
            return;
        }
        p.counts[nr]++;
        guard.call(vector, action, () -> action.action(vector), e -> eject(vector, action, e));
    }

    /** A handler threw: report it and remove it, so a broken plugin cannot keep failing. */
    private void eject(SoftirqVector vector, SoftirqAction action, Throwable e) {
        // only if it is still the installed one: an open_softirq meanwhile wins
        actions.updateAndGet(a -> a[vector.ordinal()] == action ? with(a, vector, null) : a);
        guard.reportFailure("softirq: " + vector + " action " + PluginGuard.symbol(action), e,
                "the action is removed and " + vector + " is ignored until open_softirq installs another; the machine carries on");
    }

    /** need_resched(): handle_softirqs() stops restarting when the scheduler wants the CPU. */
    private boolean needResched() {
        return ctx.needResched();
    }

    // =====================================================================================
    // ksoftirqd
    // =====================================================================================

    /** wakeup_softirqd(): wakes this CPU's ksoftirqd unless it is already runnable. */
    private void wakeupSoftirqd(PerCpu p) {
        Task t = p.ksoftirqd == null ? null : p.ksoftirqd.task();
        if (t != null && t.state() != TaskState.RUNNING) kernel.wakeUpProcess(t);
    }

    /** The state of the current machine generation for simulated code: built, and ksoftirqd/N started, on first use. */
    private Boot live() {
        Boot b = boot.live();
        if (!b.threadsStarted) {
            // spawn_ksoftirqd(): one bound kernel thread per CPU
            b.threadsStarted = true;
            for (int cpu = 0; cpu < b.cpus.length; cpu++) {
                b.cpus[cpu].ksoftirqd = kthreads.run(TaskSpec.kthread("ksoftirqd/" + cpu).onCpu(cpu), ksoftirqd(b, cpu));
            }
        }
        return b;
    }

    /**
     * spawn_ksoftirqd() is an early_initcall (kernel/softirq.c): ksoftirqd/N start when the machine
     * boots, with the boot block's pids, and sleep until first woken, instead of appearing in the
     * middle of the first run that raises a softirq. A layer that is not a listener (built by hand,
     * or bound after the boot) still starts them on first use.
     */
    @Override
    public void machineReset(Machine m) {
        live();
    }

    /** ksoftirqd/{@code cpu} of the current generation, or null before the first softirq; for tests. */
    Kthread ksoftirqd(int cpu) {
        Boot b = readable();
        return b == null ? null : b.cpus[cpu].ksoftirqd;
    }

    /** The state for readers outside the simulation: null when this generation has none yet. */
    private Boot readable() {
        return boot.readable();
    }

    /**
     * smpboot_thread_fn() (kernel/smpboot.c) with run_ksoftirqd() as its thread function: stop and
     * park are checked on every round, then the thread sleeps while nothing is pending.
     */
    private KthreadFn ksoftirqd(Boot b, int cpu) {
        return (k, self) -> {
            PerCpu p = b.cpus[cpu];
            for (;;) {
                k.setCurrentState(TaskState.INTERRUPTIBLE);
                if (self.shouldStop()) {
                    k.setCurrentState(TaskState.RUNNING);
                    return 0;
                }
                if (self.shouldPark()) {
                    k.setCurrentState(TaskState.RUNNING);
                    kthreads.parkme(self);
                    continue;
                }
                if (p.pending == 0) {
                    k.schedule();
                    continue;
                }
                k.setCurrentState(TaskState.RUNNING);
                // run_ksoftirqd()
                ctx.localIrqDisable();
                if (p.pending != 0) handleSoftirqs(b, cpu);
                ctx.localIrqEnable();
                k.condResched();
            }
        };
    }
}
