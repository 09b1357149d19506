package org.kernellab.irq;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.IrqLineDTO;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqHandler;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.plugin.Plugins;
import org.kernellab.api.trace.Tracer;

/**
 * The generic interrupt layer (kernel/irq/): one descriptor per line with its chain of
 * actions, per-CPU counts, disable depth, threaded handlers and spurious detection.
 * State changes only in simulated code: registration from a framework thread (a driver's
 * activation or deactivation) is applied at the machine's next safe point, so there is no lock.
 *
 * <p>It restarts with the machine's configuration, which drops every handler; drivers depend
 * on IrqController and so restart and request their lines again. The core sees the raw
 * IrqEntry and MachineListener; every other bundle sees IrqController behind the boundary.
 */
@org.osgi.service.component.annotations.Component(service = {IrqController.class, IrqEntry.class, MachineListener.class}, immediate = true,
        property = PerBundle.PROPERTY + ":Boolean=true")
public final class IrqLayer implements IrqController, IrqEntry, MachineListener, PerBundle<IrqController> {
    static final int NR_IRQS = 64;
    /** kernel/irq/spurious.c: examine every 100,000 interrupts; more than 99,900 unhandled is a stuck line. */
    static final int SPURIOUS_WINDOW = 100_000;
    static final int SPURIOUS_LIMIT = 99_900;
    /** kernel/irq/manage.c setup_irq_thread(): irq threads run SCHED_FIFO at MAX_RT_PRIO / 2. */
    static final int IRQ_THREAD_RT_PRIO = 50;

    static final class Action {
        final IrqHandler handler;
        final IrqHandler thread;
        final EnumSet<IrqFlag> flags;
        final String name;
        final Object devId;
        Task threadTask;
        boolean threadPending;
        /** Freed or ejected: its thread ends (kernel/irq/manage.c __free_irq stops the irq thread). */
        boolean gone;
        /** The per-bundle object it was requested through, or null (the layer's own callers). */
        Object holder;

        Action(IrqHandler handler, IrqHandler thread, EnumSet<IrqFlag> flags, String name, Object devId) {
            this.handler = handler;
            this.thread = thread;
            this.flags = flags;
            this.name = name;
            this.devId = devId;
        }
    }

    static final class Desc {
        final int irq;
        final List<Action> actions = new ArrayList<>();
        final long[] counts;
        int depth;
        long windowCount;
        long unhandled;
        long totalUnhandled;
        /** desc->last_unhandled: jiffies at the last unhandled interrupt. */
        long lastUnhandled;
        boolean disabledBySpurious;
        /** IRQD_IRQ_INPROGRESS: a CPU is in this line's handlers (kernel/irq/handle.c handle_irq_event). */
        boolean inProgress;
        /** IRQS_PENDING: the line fired on another CPU meanwhile; the CPU in the handlers runs them again. */
        boolean pending;
        /** The line is masked because it fired while in progress (mask_ack_irq), until the replay. */
        boolean maskedWhileInProgress;
        /** IRQF_ONESHOT: threads still to finish before the line is unmasked. */
        int oneshotPending;

        Desc(int irq, int cpus) {
            this.irq = irq;
            this.counts = new long[cpus];
        }
    }

    private final Kernel kernel;
    private final KernelContext ctx;
    private final Machine machine;
    private final Tracer tracer;
    private final Desc[] descs;

    @org.osgi.service.component.annotations.Activate
    public IrqLayer(@org.osgi.service.component.annotations.Reference Kernel kernel,
                    @org.osgi.service.component.annotations.Reference KernelContext ctx,
                    @org.osgi.service.component.annotations.Reference Machine machine,
                    @org.osgi.service.component.annotations.Reference Tracer tracer) {
        this.kernel = kernel;
        this.ctx = ctx;
        this.machine = machine;
        this.tracer = tracer;
        this.descs = new Desc[NR_IRQS];
        for (int i = 0; i < NR_IRQS; i++) descs[i] = new Desc(i, machine.nrCpus());
    }

    // ---------------------------------------------------------------------------------
    // Safe unload: one IrqController per using bundle (PerBundle)

    /**
     * The IrqController a bundle sees (behind the boundary): every line requested through it is
     * the bundle's. Once released, it refuses new lines with -EINVAL.
     */
    final class ForBundle implements IrqController {
        final Holder holder;
        volatile boolean released;

        ForBundle(Holder holder) {
            this.holder = holder;
        }

        @Override
        public int requestIrq(int irq, IrqHandler handler, Set<IrqFlag> flags, String name, Object devId) {
            if (handler == null) return -Errno.EINVAL;
            return request(this, irq, handler, null, flags, name, devId);
        }

        @Override
        public int requestThreadedIrq(int irq, IrqHandler primary, IrqHandler thread, Set<IrqFlag> flags, String name, Object devId) {
            return request(this, irq, primary, thread, flags, name, devId);
        }

        @Override public String freeIrq(int irq, Object devId) { return IrqLayer.this.freeIrq(irq, devId); }
        @Override public void disableIrqNosync(int irq) { IrqLayer.this.disableIrqNosync(irq); }
        @Override public void disableIrq(int irq) { IrqLayer.this.disableIrq(irq); }
        @Override public void enableIrq(int irq) { IrqLayer.this.enableIrq(irq); }
        @Override public List<IrqLineDTO> lines() { return IrqLayer.this.lines(); }
        @Override public String procInterrupts() { return IrqLayer.this.procInterrupts(); }
        @Override public String toString() { return "IrqController of " + holder.label(); }
    }

    @Override
    public IrqController open(Holder holder) {
        return new ForBundle(holder);
    }

    /** The lines still requested through {@code opened}, in line order: each is a leak. */
    @Override
    public List<LeakDTO> held(IrqController opened) {
        List<LeakDTO> out = new ArrayList<>();
        for (Desc d : descs) {
            for (Action a : d.actions) {
                if (a.holder != opened) continue;
                out.add(new LeakDTO("irq", d.irq + " (" + a.name + ")", a.thread != null ? "requested, threaded" : "requested",
                        "synchronize_irq(" + d.irq + ") + free_irq(" + d.irq + ")", "call free_irq() in your deactivate"));
            }
        }
        return out;
    }

    /**
     * Safe unload (issue 9 §5, KernelLab's addition to Linux): frees every line still requested
     * through {@code opened}, as __free_irq() does (kernel/irq/manage.c): unlinked at this safe
     * point, where no hard-IRQ handler is half-way (synchronize_irq has nothing to wait for); a
     * threaded handler's thread ends after the run in progress, if any. Linux has no such net:
     * a module unloaded with a handler installed leaves the kernel jumping into freed memory.
     */
    @Override
    public void release(IrqController opened) {
        ((ForBundle) opened).released = true;
        for (Desc d : descs) {
            for (Action a : new ArrayList<>(d.actions)) {
                if (a.holder != opened) continue;
                d.actions.remove(a);
                release(a);
            }
        }
    }

    private Desc desc(int irq) {
        if (irq < 0 || irq >= NR_IRQS) throw new IllegalArgumentException("irq " + irq + " is out of range 0.." + (NR_IRQS - 1));
        return descs[irq];
    }

    // ---------------------------------------------------------------------------------
    // IrqController

    @Override
    public int requestIrq(int irq, IrqHandler handler, Set<IrqFlag> flags, String name, Object devId) {
        if (handler == null) return -Errno.EINVAL;
        return requestThreadedIrq(irq, handler, null, flags, name, devId);
    }

    @Override
    public int requestThreadedIrq(int irq, IrqHandler primary, IrqHandler thread, Set<IrqFlag> flags,
                                  String name, Object devId) {
        return request(null, irq, primary, thread, flags, name, devId);
    }

    private int request(ForBundle holder, int irq, IrqHandler primary, IrqHandler thread, Set<IrqFlag> flags,
                        String name, Object devId) {
        if (irq < 0 || irq >= NR_IRQS) return -Errno.EINVAL;
        EnumSet<IrqFlag> f = flags == null || flags.isEmpty() ? EnumSet.noneOf(IrqFlag.class) : EnumSet.copyOf(flags);
        if (primary == null && thread == null) return -Errno.EINVAL;
        // a framework thread (a driver's activation) changes the line at a safe point
        return machine.still(() -> holder != null && holder.released ? -Errno.EINVAL : setupIrq(holder, irq, primary, thread, f, name, devId));
    }

    /** kernel/irq/manage.c __setup_irq(), in simulated code or with the machine held. */
    private int setupIrq(ForBundle holder, int irq, IrqHandler primary, IrqHandler thread, EnumSet<IrqFlag> f, String name, Object devId) {
        // kernel/irq/manage.c: a NULL primary handler needs IRQF_ONESHOT, or the line storms
        if (primary == null && !f.contains(IrqFlag.ONESHOT)) {
            kernel.printk(LogLevel.ERR, "genirq: Threaded irq requested with handler=NULL and !ONESHOT for " + name + " (irq " + irq + ")");
            return -Errno.EINVAL;
        }
        if (f.contains(IrqFlag.SHARED) && devId == null) return -Errno.EINVAL;
        Desc d = descs[irq];
        if (!d.actions.isEmpty()) {
            boolean bothShared = f.contains(IrqFlag.SHARED) && d.actions.stream().allMatch(a -> a.flags.contains(IrqFlag.SHARED));
            if (!bothShared) {
                kernel.printk(LogLevel.ERR, "genirq: Flags mismatch irq " + irq + ". " + describe(f) + " (" + name + ") vs. "
                        + describe(d.actions.get(0).flags) + " (" + d.actions.get(0).name + ")");
                return -Errno.EBUSY;
            }
        }
        Action a = new Action(primary, thread, f, name == null ? "irq" + irq : name, devId);
        a.holder = holder;
        if (thread != null) a.threadTask = spawnThread(d, a);
        d.actions.add(a);
        return 0;
    }

    /** irq/%d-%s (kernel/irq/manage.c setup_irq_thread), SCHED_FIFO at MAX_RT_PRIO / 2. */
    private Task spawnThread(Desc d, Action a) {
        return kernel.spawn(TaskSpec.kthread("irq/" + d.irq + "-" + a.name).attr(SchedAttr.fifo(IRQ_THREAD_RT_PRIO)), k -> irqThread(d, a));
    }

    private static String describe(EnumSet<IrqFlag> f) {
        return f.isEmpty() ? "0" : f.toString();
    }

    /** kernel/irq/manage.c __free_irq(), applied at a safe point: a handler is never removed while it runs. */
    @Override
    public String freeIrq(int irq, Object devId) {
        Desc d = desc(irq);
        return machine.still(() -> {
            for (var it = d.actions.iterator(); it.hasNext();) {
                Action a = it.next();
                if (a.devId == devId) {
                    it.remove();
                    release(a);
                    return a.name;
                }
            }
            kernel.printk(LogLevel.WARNING, "Trying to free already-free IRQ " + irq);
            return null;
        });
    }

    @Override
    public void disableIrqNosync(int irq) {
        Desc d = desc(irq);
        if (d.depth++ == 0) machine.setMasked(irq, true);
    }

    @Override
    public void disableIrq(int irq) {
        // Handlers run to completion before anything else executes here, so there is no
        // running handler to wait for (synchronize_irq is immediate in this machine).
        disableIrqNosync(irq);
    }

    @Override
    public void enableIrq(int irq) {
        Desc d = desc(irq);
        if (d.depth == 0) {
            // kernel/irq/manage.c __enable_irq()
            kernel.printk(LogLevel.WARNING, "WARNING: Unbalanced enable for IRQ " + irq);
            return;
        }
        if (--d.depth > 0) return;
        d.maskedWhileInProgress = false;
        if (!d.disabledBySpurious) machine.setMasked(irq, false);
        if (d.pending && !d.inProgress) {
            // kernel/irq/resend.c check_irq_resend(): an interrupt that came while the line was
            // disabled in its handler's replay loop is raised again, on the enabling CPU
            d.pending = false;
            machine.raiseIrq(irq, enablingCpu());
        }
    }

    @Override
    public List<IrqLineDTO> lines() {
        return machine.still(this::snapshot);
    }

    private List<IrqLineDTO> snapshot() {
        List<IrqLineDTO> out = new ArrayList<>();
        for (Desc d : descs) {
            boolean any = false;
            for (long c : d.counts) any |= c != 0;
            if (d.actions.isEmpty() && !any) continue;
            IrqLineDTO l = new IrqLineDTO();
            l.irq = d.irq;
            l.perCpu = d.counts.clone();
            l.chip = "KL-APIC";
            l.trigger = "edge";
            l.actions = d.actions.stream().map(a -> a.name).toArray(String[]::new);
            l.disableDepth = d.depth;
            l.unhandled = d.totalUnhandled;
            l.windowCount = d.windowCount;
            l.windowUnhandled = d.unhandled;
            l.lastUnhandledJiffies = d.lastUnhandled;
            out.add(l);
        }
        return out;
    }

    @Override
    public String procInterrupts() {
        return format(lines(), machine.nrCpus());
    }

    /** kernel/irq/proc.c show_interrupts(): the header, then a row per line with actions or counts. */
    static String format(List<IrqLineDTO> lines, int cpus) {
        int prec = 3;
        for (int j = 1000; prec < 10 && j <= NR_IRQS; prec++) j *= 10;
        StringBuilder sb = new StringBuilder();
        sb.append(" ".repeat(prec + 8));
        for (int c = 0; c < cpus; c++) sb.append(String.format("CPU%-8d", c));
        sb.append('\n');
        for (IrqLineDTO l : lines) {
            sb.append(String.format("%" + prec + "d: ", l.irq));
            for (long n : l.perCpu) sb.append(String.format("%10d ", n));
            sb.append(String.format(" %8s", l.chip));
            sb.append(String.format(" %" + prec + "d", l.irq));
            sb.append(String.format("-%-8s", l.trigger));
            if (l.actions.length > 0) sb.append("  ").append(String.join(", ", l.actions));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A reset machine starts with zero counts and no tasks: the handlers stay, irq threads are created again. */
    @Override
    public void machineReset(Machine m) {
        machine.post(this::reset);
    }

    private void reset() {
        for (Desc d : descs) {
            java.util.Arrays.fill(d.counts, 0);
            d.windowCount = d.unhandled = d.totalUnhandled = d.lastUnhandled = 0;
            d.oneshotPending = 0;
            d.inProgress = d.pending = d.maskedWhileInProgress = false;
            for (Action a : d.actions) {
                a.threadPending = false;
                if (a.thread != null) a.threadTask = spawnThread(d, a);
            }
            d.disabledBySpurious = false;
            // the new machine's controller starts unmasked: mask again what disable_irq() holds
            if (d.depth > 0) machine.setMasked(d.irq, true);
        }
    }

    // ---------------------------------------------------------------------------------
    // IrqEntry: called by the core in hard-IRQ context

    @Override
    public void handleIrq(int irq, int cpu) {
        Desc d = descs[irq];
        if (percpu(d)) {
            // kernel/irq/chip.c handle_percpu_irq(): every CPU has a line of its own
            d.counts[cpu]++;
            handleEvent(d, irq);
            return;
        }
        // kernel/irq/chip.c handle_edge_irq(): a handler of one line never runs on two CPUs at
        // once. An interrupt that finds the line in progress elsewhere is marked pending and the
        // line masked and acked; the CPU in the handler runs them again when it is done. Only
        // the first is counted in /proc/interrupts, as in Linux (kstat before the loop).
        if (d.inProgress) {
            d.pending = true;
            if (!d.maskedWhileInProgress) {
                d.maskedWhileInProgress = true;
                machine.setMasked(irq, true);
            }
            return;
        }
        d.counts[cpu]++;
        do {
            if (d.pending && d.maskedWhileInProgress) {
                d.maskedWhileInProgress = false;
                if (d.depth == 0 && d.oneshotPending == 0 && !d.disabledBySpurious) machine.setMasked(irq, false);
            }
            d.pending = false;
            d.inProgress = true;
            try {
                handleEvent(d, irq);
            } finally {
                d.inProgress = false;
            }
        } while (d.pending && d.depth == 0);
        // disabled meanwhile with an interrupt pending: enable_irq() resends it
    }

    /** The CPU of the simulated code calling, or CPU 0 for a call from outside. */
    private int enablingCpu() {
        try {
            return kernel.smpProcessorId();
        } catch (IllegalStateException fromOutside) {
            return 0;
        }
    }

    private static boolean percpu(Desc d) {
        return !d.actions.isEmpty() && d.actions.get(0).flags.contains(IrqFlag.PERCPU);
    }

    /** kernel/irq/handle.c handle_irq_event(): every action of the line, then the spurious check. */
    private void handleEvent(Desc d, int irq) {
        boolean handled = false;
        for (Action a : new ArrayList<>(d.actions)) {
            IrqReturn ret = IrqReturn.NONE;
            tracer.irqHandlerEntry(irq, a.name);
            boolean nest = a.flags.contains(IrqFlag.NESTABLE);
            if (nest) ctx.localIrqEnable();
            try {
                ret = a.handler == null ? IrqReturn.WAKE_THREAD : Plugins.call(() -> a.handler.handle(irq, a.devId), e -> {
                    eject(d, a, "handler", e);
                    return IrqReturn.NONE;
                });
            } finally {
                if (nest) ctx.localIrqDisable();
            }
            if (ret == null) ret = IrqReturn.NONE;
            tracer.irqHandlerExit(irq, ret != IrqReturn.NONE);
            if (ret == IrqReturn.WAKE_THREAD) {
                if (a.threadTask == null) {
                    // kernel/irq/handle.c warn_no_thread()
                    kernel.printk(LogLevel.WARNING, "IRQ " + irq + " device " + a.name + " returned IRQ_WAKE_THREAD but no thread function available.");
                } else {
                    if (a.flags.contains(IrqFlag.ONESHOT) && d.oneshotPending++ == 0) machine.setMasked(irq, true);
                    a.threadPending = true;
                    kernel.wakeUpProcess(a.threadTask);
                }
                handled = true;
            } else if (ret == IrqReturn.HANDLED) {
                handled = true;
            }
        }
        noteInterrupt(d, handled);
    }

    /** kernel/irq/spurious.c note_interrupt(). */
    private void noteInterrupt(Desc d, boolean handled) {
        if (!handled) {
            d.unhandled++;
            d.totalUnhandled++;
            d.lastUnhandled = kernel.jiffies();
        }
        if (++d.windowCount < SPURIOUS_WINDOW) return;
        if (d.unhandled > SPURIOUS_LIMIT) {
            kernel.printk(LogLevel.EMERG, "irq " + d.irq + ": nobody cared (try booting with the \"irqpoll\" option)");
            StringBuilder sb = new StringBuilder("handlers:");
            for (Action a : d.actions) sb.append("\n[<").append(a.name).append(">] ").append(a.handler);
            kernel.printk(LogLevel.ERR, sb.toString());
            kernel.printk(LogLevel.EMERG, "Disabling IRQ #" + d.irq);
            d.disabledBySpurious = true;
            machine.setMasked(d.irq, true);
        }
        d.windowCount = 0;
        d.unhandled = 0;
    }

    /** The action's thread, if any, wakes to end itself. */
    private void release(Action a) {
        a.gone = true;
        if (a.threadTask != null) kernel.wakeUpProcess(a.threadTask);
    }

    /** irq_thread(): sleeps until woken by its primary handler, runs the threaded handler in process context. */
    private void irqThread(Desc d, Action a) {
        while (!a.gone) {
            kernel.setCurrentState(TaskState.INTERRUPTIBLE);
            if (!a.threadPending) {
                if (!a.gone) kernel.schedule();
                continue;
            }
            kernel.setCurrentState(TaskState.RUNNING);
            a.threadPending = false;
            // the loop, and the thread, end with an ejected action
            Plugins.run(() -> a.thread.handle(d.irq, a.devId), e -> eject(d, a, "threaded handler", e));
            if (a.flags.contains(IrqFlag.ONESHOT) && --d.oneshotPending == 0 && d.depth == 0) machine.setMasked(d.irq, false);
        }
        kernel.setCurrentState(TaskState.RUNNING);
    }

    /**
     * KernelLab's one rule for plugins (docs/plugins.md): a handler that throws is ejected. Its
     * action is freed as free_irq() would, the line goes on with its other actions (or counts
     * unhandled interrupts, as an unclaimed line does), and the machine carries on.
     */
    private void eject(Desc d, Action a, String what, Throwable e) {
        d.actions.remove(a);
        release(a);
        kernel.printk(LogLevel.ERR, Plugins.report("irq " + d.irq + ": " + what + " of " + a.name, e,
                "the action is ejected (freed as by free_irq) and the line carries on without it; the driver must request the line again"));
    }
}
