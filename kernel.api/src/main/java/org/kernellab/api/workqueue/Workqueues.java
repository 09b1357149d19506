package org.kernellab.api.workqueue;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Workqueues (kernel/workqueue.c, Linux 6.6). Work queued on a per-CPU workqueue runs on that
 * CPU's normal pool (nice 0) or high-priority pool (nice -20, {@link WqFlag#HIGHPRI}); work on
 * an {@link WqFlag#UNBOUND} workqueue runs on the unbound pools. A per-CPU pool keeps one
 * worker running while it has work and wakes or creates another only when that worker sleeps
 * (concurrency management). Queueing an item whose PENDING bit is set does nothing and returns
 * false. Implemented only by the kernel.
 *
 * <p>Queueing, flushing and cancelling are for simulated code: the CPU is the caller's.
 * Allocation and destruction may also be called from a framework thread (a driver's
 * activation); they are applied at the machine's next safe point.
 */
@ProviderType
@KernelService
public interface Workqueues {
    /** WQ_MAX_ACTIVE. */
    int WQ_MAX_ACTIVE = 512;
    /** WQ_DFL_ACTIVE: what max_active 0 means. */
    int WQ_DFL_ACTIVE = WQ_MAX_ACTIVE / 2;
    /** __WQ_ORDERED. */
    int WQ_ORDERED_BIT = 1 << 17;

    /**
     * alloc_workqueue(): {@code maxActive} 0 means {@link #WQ_DFL_ACTIVE}; other values outside
     * 1..{@link #WQ_MAX_ACTIVE} (unbound: 1..max(512, 4 × CPUs)) are clamped with Linux's
     * warning. A {@link WqFlag#MEM_RECLAIM} workqueue gets its rescuer thread, named after it.
     */
    @Contract(MAY_SLEEP)
    Workqueue alloc(String name, int maxActive, WqFlag... flags);

    /** alloc_ordered_workqueue(): unbound, max_active 1: one item at a time, in queueing order. */
    @Contract(MAY_SLEEP)
    Workqueue allocOrdered(String name, WqFlag... flags);

    /**
     * destroy_workqueue(): drains it, stops its rescuer and marks it destroyed. Work still
     * queued or running after the drain (for instance queued again by itself) gets Linux's
     * WARNING and {@code destroy_workqueue: %s has the following busy pwq} report. May sleep.
     */
    @Contract(MAY_SLEEP)
    void destroy(Workqueue wq);

    /** system_wq. */
    @Contract(ATOMIC_SAFE)
    Workqueue systemWq();

    /** system_highpri_wq. */
    @Contract(ATOMIC_SAFE)
    Workqueue systemHighpriWq();

    /** system_unbound_wq. */
    @Contract(ATOMIC_SAFE)
    Workqueue systemUnboundWq();

    /** INIT_WORK(): an idle work item running {@code fn}. Any context, any thread. */
    @Contract(ATOMIC_SAFE)
    Work initWork(String name, WorkFn fn);

    /** INIT_DELAYED_WORK(). Any context, any thread. */
    @Contract(ATOMIC_SAFE)
    DelayedWork initDelayedWork(String name, WorkFn fn);

    /** queue_work(): on the current CPU's pool (or the unbound pool); false if the item was already pending. Any context. */
    @Contract(ATOMIC_SAFE)
    boolean queue(Workqueue wq, Work work);

    /** queue_work_on(): on {@code cpu}'s pool; false if already pending. Any context. */
    @Contract(ATOMIC_SAFE)
    boolean queueOn(int cpu, Workqueue wq, Work work);

    /**
     * queue_delayed_work(): queues {@code work} when {@code delayJiffies} have passed (at once
     * for 0); false if already pending. Any context.
     */
    @Contract(ATOMIC_SAFE)
    boolean queueDelayed(Workqueue wq, DelayedWork work, long delayJiffies);

    /**
     * mod_delayed_work(): like {@link #queueDelayed}, but a pending item's delay is replaced.
     * Returns true if it was pending. Any context.
     */
    @Contract(ATOMIC_SAFE)
    boolean modDelayed(Workqueue wq, DelayedWork work, long delayJiffies);

    /** flush_work(): waits until the last queueing of {@code work} has run; true if it waited. May sleep. */
    @Contract(MAY_SLEEP)
    boolean flush(Work work);

    /** cancel_work_sync(): removes it if pending and waits for a running instance; true if it was pending. May sleep. */
    @Contract(MAY_SLEEP)
    boolean cancelSync(Work work);

    /** cancel_delayed_work_sync(): as {@link #cancelSync}, the timer included. May sleep. */
    @Contract(MAY_SLEEP)
    boolean cancelDelayedSync(DelayedWork work);

    /** flush_workqueue(): waits until every item queued before the call has run. May sleep. */
    @Contract(MAY_SLEEP)
    void flushWorkqueue(Workqueue wq);

    /**
     * The text of /proc/workqueues (KernelLab's; Linux has no such file): every workqueue with
     * its pwqs, and every worker pool, in the line formats of show_all_workqueues()
     * (kernel/workqueue.c). For a stopped or held machine.
     */
    @Contract(ATOMIC_SAFE)
    String procWorkqueues();
}
