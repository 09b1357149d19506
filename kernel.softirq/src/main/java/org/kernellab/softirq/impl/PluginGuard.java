package org.kernellab.softirq.impl;

import java.util.function.Consumer;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.plugin.Plugins;
import org.kernellab.api.softirq.SoftirqVector;

/**
 * The one guarded path from this bundle into plugin code: softirq actions and tasklet
 * callbacks both run through {@link #call}. The rule is the project's rule for plugins: code
 * that throws is reported and ejected (the caller says what ejecting means for it: a softirq
 * action is removed, a tasklet never runs again), and the machine carries on. A machine unwind
 * passes through untouched.
 *
 * <p>Afterwards the guard makes handle_softirqs()'s preempt_count balance check
 * (kernel/softirq.c): an unbalanced plugin gets Linux's {@code huh, entered softirq ...} line
 * and the count is walked back. Linux checks once per vector, so a leaking tasklet is blamed on
 * {@code tasklet_action}; KernelLab checks each tasklet callback as well and names it.
 *
 * <p>Called only from simulated code in softirq context on the current CPU.
 */
final class PluginGuard {
    private final Kernel kernel;
    private final KernelContext ctx;

    PluginGuard(Kernel kernel, KernelContext ctx) {
        this.kernel = kernel;
        this.ctx = ctx;
    }

    /**
     * Runs {@code body}, the plugin {@code plugin} serving {@code vector}. If it throws,
     * {@code eject} gets the exception (before the balance check, so the failure is reported
     * first). Returns true when the body returned normally.
     */
    boolean call(SoftirqVector vector, Object plugin, Runnable body, Consumer<Throwable> eject) {
        int prev = ctx.preemptCount();
        boolean ok = guarded(body, eject);
        int now = ctx.preemptCount();
        if (now != prev) {
            kernel.printk(LogLevel.ERR, String.format("huh, entered softirq %d %s %s with preempt_count %08x, exited with %08x?",
                    vector.ordinal(), vector.name(), symbol(plugin), prev, now));
            int fixed = restore(prev);
            kernel.printk(LogLevel.ERR, fixed == prev
                    ? String.format("KernelLab: the softirq layer restored preempt_count to %08x; every preempt_disable/spin_lock/local_bh_disable in a softirq handler needs its matching release", prev)
                    : String.format("KernelLab: preempt_count could only be brought back to %08x, not %08x: the kernel API offers no preempt_count_set()", fixed, prev));
        }
        return ok;
    }

    /**
     * The guard itself, for every plugin call of the bundle: runs {@code body}; if it throws,
     * {@code eject} gets the exception. A machine unwind passes through. Returns true when the
     * body returned normally. The caller makes its own balance check afterwards (the softirq
     * check in {@link #call}, the workqueue leak check in {@code WorkqueueLayer}).
     */
    boolean guarded(Runnable body, Consumer<Throwable> eject) {
        return Plugins.run(body, eject);
    }

    /** The failure report: {@code who} failed with {@code e}, then what happens to it now. */
    void reportFailure(String who, Throwable e, String consequence) {
        kernel.printk(LogLevel.ERR, Plugins.report(who, e, consequence));
    }

    /**
     * Linux prints the handler's symbol (%ps); KernelLab prints the class, stable across runs,
     * or the Linux name of the layer's own handlers.
     */
    static String symbol(Object plugin) {
        if (plugin instanceof Builtin b) return b.linuxSymbol();
        return Plugins.symbol(plugin);
    }

    /** A handler of the softirq layer itself, reported under its Linux name (tasklet_action). */
    interface Builtin {
        String linuxSymbol();
    }

    /**
     * preempt_count_set(prev), returning the count reached: the API has no setter, so the count is walked back with the
     * matching release or acquire calls, bottom-half level first so that preemption cannot
     * trigger on the way.
     */
    int restore(int prev) {
        PreemptLayout l = ctx.layout();
        for (int guard = 0; guard < 1024; guard++) {
            int pc = ctx.preemptCount();
            int ds = (pc & l.softirqMask) - (prev & l.softirqMask);
            int dp = l.preemptCount(pc) - l.preemptCount(prev);
            if (ds <= -l.softirqDisableOffset) ctx.localBhDisable();
            else if (dp > 0) ctx.preemptEnable();
            else if (dp < 0) ctx.preemptDisable();
            else if (ds >= l.softirqDisableOffset) ctx.localBhEnable();
            else break;
            if (ctx.preemptCount() == pc) break; // no progress (e.g. no preempt count in this model)
        }
        return ctx.preemptCount();
    }
}
