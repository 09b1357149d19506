package org.kernellab.core;

import java.util.function.Supplier;

import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.softirq.BottomHalfEntry;

/**
 * Context queries and preempt/bh/irq control (include/linux/preempt.h, irqflags.h,
 * bottom_half.h). Each reads or writes plain fields of the current CPU. From outside the
 * simulation the queries describe plain process context.
 */
final class ContextOps implements KernelContext {
    private final Supplier<Engine> engine;

    ContextOps(Supplier<Engine> engine) {
        this.engine = engine;
    }

    private int pc() {
        Cpu c = engine.get().cpuOrNull();
        return c == null ? 0 : c.preemptCount;
    }

    @Override public int preemptCount() { return pc(); }
    @Override public PreemptLayout layout() { return engine.get().layout; }
    @Override public boolean inIrq() { return layout().inHardirq(pc()); }
    @Override public boolean inHardirq() { return layout().inHardirq(pc()); }
    @Override public boolean inSoftirq() { return layout().inSoftirq(pc()); }
    @Override public boolean inServingSoftirq() { return layout().inServingSoftirq(pc()); }
    @Override public boolean inInterrupt() { return layout().inInterrupt(pc()); }
    @Override public boolean inAtomic() { return layout().inAtomic(pc()); }
    @Override public boolean inTask() { return layout().inTask(pc()); }

    @Override
    public boolean irqsDisabled() {
        Cpu c = engine.get().cpuOrNull();
        return c != null && c.irqsDisabled;
    }

    @Override
    public boolean needResched() {
        Cpu c = engine.get().cpuOrNull();
        return c != null && c.needResched;
    }

    @Override
    public void softirqEnter() {
        Engine e = engine.get();
        e.cpu("softirq entry").preemptAdd(e.layout.softirqOffset);
    }

    @Override
    public void softirqExit() {
        Engine e = engine.get();
        Cpu c = e.cpu("softirq exit");
        if (!e.layout.inServingSoftirq(c.preemptCount)) {
            e.log(LogLevel.WARNING, "WARNING: softirq exit without softirq entry at " + Contracts.callerSite());
            return;
        }
        c.preemptCount -= e.layout.softirqOffset;
    }

    @Override
    public void preemptDisable() {
        Engine e = engine.get();
        Cpu c = e.cpu("preempt_disable()");
        // Without CONFIG_PREEMPT_COUNT, preempt_disable() is only a compiler barrier.
        if (e.model != PreemptModel.NONE) c.preemptAdd(e.layout.preemptOffset);
    }

    @Override
    public void preemptEnable() {
        Engine e = engine.get();
        Cpu c = e.cpu("preempt_enable()");
        if (e.model == PreemptModel.NONE) return;
        if (e.layout.preemptCount(c.preemptCount) == 0) {
            // kernel/sched/core.c preempt_count_sub() under CONFIG_DEBUG_PREEMPT
            e.log(LogLevel.WARNING, "DEBUG_LOCKS_WARN_ON(val > preempt_count())\n"
                    + "KernelLab: preempt_enable() without a matching preempt_disable() on CPU " + c.id
                    + " (" + Contracts.callerSite() + "); the count was left at 0");
            return;
        }
        c.preemptCount -= e.layout.preemptOffset;
        if (e.model == PreemptModel.FULL && c.preemptCount == 0 && c.needResched && !c.irqsDisabled) {
            e.irq.handleInterruptions(c.current);
        }
    }

    @Override
    public void localBhDisable() {
        Engine e = engine.get();
        Cpu c = e.cpu("local_bh_disable()");
        c.preemptAdd(e.layout.softirqDisableOffset);
    }

    @Override
    public void localBhEnable() {
        Engine e = engine.get();
        Cpu c = e.cpu("local_bh_enable()");
        if (e.layout.softirqCount(c.preemptCount) < 2) {
            e.log(LogLevel.WARNING, "WARNING: local_bh_enable() without local_bh_disable() at " + Contracts.callerSite());
            return;
        }
        c.preemptCount -= e.layout.softirqDisableOffset;
        BottomHalfEntry bh = e.bottomHalf;
        if (bh != null && !e.layout.inInterrupt(c.preemptCount)) {
            try {
                bh.bhEnabled(c.id);
            } catch (Baton.Killed k) {
                throw k;
            } catch (RuntimeException | Error ex) {
                e.contracts.pluginFailed("the softirq layer", "local_bh_enable on CPU " + c.id, ex);
            }
        }
        c = e.running;
        if (e.model == PreemptModel.FULL && c.preemptCount == 0 && c.needResched && !c.irqsDisabled) {
            e.irq.handleInterruptions(c.current);
        }
    }

    @Override
    public void localIrqDisable() {
        engine.get().cpu("local_irq_disable()").irqsOff();
    }

    @Override
    public void localIrqEnable() {
        engine.get().irq.localIrqEnable();
    }

    @Override
    public boolean localIrqSave() {
        Cpu c = engine.get().cpu("local_irq_save()");
        boolean flags = c.irqsDisabled;
        c.irqsOff();
        return flags;
    }

    @Override
    public void localIrqRestore(boolean flags) {
        if (flags) engine.get().cpu("local_irq_restore()").irqsOff();
        else engine.get().irq.localIrqEnable();
    }
}
