package org.kernellab.core;

import org.kernellab.api.LogLevel;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.plugin.Plugins;
import org.kernellab.api.softirq.BottomHalfEntry;

/**
 * The machine's interrupt path (arch/x86/kernel/irq.c do_IRQ and the return-from-interrupt
 * path): asserting lines, taking deliverable interrupts on the interrupted task's own thread,
 * irq_enter/irq_exit with the softirq hook, and preemption on the way out. Guarded by the baton.
 */
final class Interrupts {
    private final Engine e;

    Interrupts(Engine e) {
        this.e = e;
    }

    /**
     * The return-from-interrupt path: takes every deliverable interrupt, then preempts if a
     * reschedule is due and allowed. Runs on the current task's own thread. Returns false when
     * {@code me} is a scripted task that was switched away (its step must end; a task with a
     * thread returns only once it runs again).
     */
    boolean handleInterruptions(TaskImpl me) {
        for (;;) {
            Cpu c = e.running;
            long ready = c.deliverable(e.maskedLines);
            if (ready != 0) {
                doIrq(c, Long.numberOfTrailingZeros(ready));
                continue;
            }
            if (c.localTimerPending && !c.irqsDisabled && !c.localTimerInService) {
                doIrq(c, LOCAL_TIMER_VECTOR);
                continue;
            }
            if (c.needResched && preemptible(c, me)) {
                e.sw.switchAway(me, c, true, false);
                if (me.stepper != null && c.current != me) return false;
                continue;
            }
            if (c.stolenNs > 0) {
                // the interrupts' own cost: the CPU is busy until it is paid, then looks again
                payStolen(c, 0);
                if (me.stepper != null) return false;
                e.dispatch(me, false);
                continue;
            }
            return true;
        }
    }

    /** The CPU spends {@code extraNs} plus what it owes to interrupt work before anything runs on it again. */
    void payStolen(Cpu c, long extraNs) {
        c.irqNs += c.stolenNs;
        c.busyUntil = c.clock + extraNs + c.stolenNs;
        c.stolenNs = 0;
        c.resumeAt = c.busyUntil;
        c.segmentStart = c.busyUntil;
    }

    private boolean preemptible(Cpu c, TaskImpl me) {
        if (e.layout.count(c.preemptCount) != 0 || c.irqsDisabled) return false;
        if (me.idle) return true;
        if (e.model == PreemptModel.FULL) return true;
        // Without kernel preemption only a return to user mode may preempt: a user process
        // computing outside any kernel lock.
        return !me.kernelThread && me.locksHeld == 0;
    }

    /**
     * The local APIC timer's system vector (arch/x86/kernel/apic/apic.c sysvec_apic_timer_interrupt):
     * not a line of the interrupt controller, so no IRQ layer handler sees it. Its handler is
     * hrtimer_interrupt ({@link TimerBases#hrtimerInterrupt}).
     */
    static final int LOCAL_TIMER_VECTOR = -1;

    /** do_IRQ: irq_enter, the generic layer's handlers (or hrtimer_interrupt for the local timer vector), irq_exit. On the interrupted task's thread. */
    private void doIrq(Cpu c, int irq) {
        boolean local = irq == LOCAL_TIMER_VECTOR;
        long bit = local ? 0 : 1L << irq;
        if (local) {
            c.localTimerPending = false;
            c.localTimerInService = true;
        }
        c.irqPending &= ~bit;
        c.irqInService |= bit;
        c.irqCount++;
        c.stolenNs += e.irqEntryCostNs;
        int pcBefore = c.preemptCount;
        boolean offBefore = c.irqsDisabled;
        c.preemptAdd(e.layout.hardirqOffset);
        c.irqsOff();
        // the cost model's entry: the vector's entry code and irq_enter(), in hard-IRQ context
        // (a task in hard-IRQ context cannot be switched away: it resumes on this CPU, c)
        spend(e.config.irqCost().entryNs());
        IrqEntry entry = e.irqEntry;
        if (local) {
            e.timerBases.hrtimerInterrupt(c);
        } else if (entry == null) {
            // arch/x86/kernel/irq.c: no descriptor for the vector
            e.log(LogLevel.EMERG, "do_IRQ: " + c.id + "." + irq + " No irq handler for vector");
        } else {
            Plugins.run(() -> entry.handleIrq(irq, c.id), ex -> e.contracts.pluginFailed("the interrupt layer", "handling irq " + irq, ex));
        }
        int expected = pcBefore + e.layout.hardirqOffset;
        if (c.preemptCount != expected || !c.irqsDisabled) {
            e.contracts.unbalanced(local ? "hrtimer_interrupt" : "irq " + irq, expected, c.preemptCount, !c.irqsDisabled);
            c.preemptSet(expected);
            c.irqsOff();
        }
        // the cost model's exit: irq_exit() up to the softirqs, which are charged action by action
        spend(e.config.irqCost().exitNs());
        c.irqInService &= ~bit;
        if (local) c.localTimerInService = false;
        c.preemptCount -= e.layout.hardirqOffset;
        BottomHalfEntry bh = e.bottomHalf;
        if (bh != null && !e.layout.inInterrupt(c.preemptCount)) {
            Plugins.run(() -> bh.irqExit(c.id), ex -> e.contracts.pluginFailed("the softirq layer", "irq_exit on CPU " + c.id, ex));
        }
        if (offBefore) e.running.irqsOff();
        else e.running.irqsDisabled = false;
    }

    /**
     * Spends {@code ns} of the interrupt cost model ({@link IrqCost}) on the current CPU, in the
     * context it is in. A task with no stack of its own (an inline idle or a workload's script:
     * the machine of the workload runs, whose model is none) cannot be suspended here: nothing is spent.
     */
    private void spend(long ns) {
        if (ns <= 0) return;
        Cpu c = e.running;
        if (c == null || c.current.stepper != null) return;
        e.compute(ns);
    }

    /** irq_handler_entry or softirq_entry on {@code c}: the handler's own time starts. */
    void handlerBegins(Cpu c) {
        if (c == null || e.config.irqCost().free()) return;
        if (c.handlerDepth < c.handlerStart.length) c.handlerStart[c.handlerDepth] = c.clock;
        c.handlerDepth++;
    }

    /**
     * irq_handler_exit or softirq_exit on {@code c}: a handler that has spent less than {@code costNs}
     * on its own (computing, or interrupted) spends the rest now, so that it lasts at least the model's figure.
     */
    void handlerEnds(Cpu c, long costNs) {
        if (c == null || c.handlerDepth == 0) return;
        c.handlerDepth--;
        if (c.handlerDepth >= c.handlerStart.length) return;
        long spent = c.clock - c.handlerStart[c.handlerDepth];
        if (spent < costNs) spend(costNs - spent);
    }

    /** Asserts an interrupt line at a CPU now (from a hardware e.model or an IPI). */
    void raiseIrq(int irq, int cpu) {
        if (irq < 0 || irq > 63) throw new IllegalArgumentException("irq " + irq + " is out of range 0..63");
        if (cpu < 0 || cpu >= e.nrCpus) throw new IllegalArgumentException("cpu " + cpu + " does not exist");
        Cpu c = e.cpus[cpu];
        c.irqPending |= 1L << irq;
        if (c != e.running && c.hasDeliverable(e.maskedLines)) kick(c);
    }

    /** Makes a CPU that is not executing now take control back at the current instant. */
    void kick(Cpu c) {
        long t = Math.max(Math.max(e.now(), c.clock), c.busyUntil);
        if (c.resumeAt > t) c.resumeAt = t;
    }

    void localIrqEnable() {
        Cpu c = e.cpu("local_irq_enable()");
        c.irqsDisabled = false;
        if (c.hasDeliverable(e.maskedLines) || c.needResched) handleInterruptions(c.current);
    }

    /** Unmasked a line at the controller: CPUs with it pending may take it now. */
    void linesUnmasked() {
        for (Cpu c : e.cpus) if (c != e.running && c.hasDeliverable(e.maskedLines)) kick(c);
    }
}
