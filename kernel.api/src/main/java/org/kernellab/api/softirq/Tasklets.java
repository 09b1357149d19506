package org.kernellab.api.softirq;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tasklets (kernel/softirq.c and include/linux/interrupt.h, Linux 6.6), built on
 * TASKLET_SOFTIRQ and HI_SOFTIRQ. Each CPU keeps one list per vector; a scheduled tasklet runs
 * on the CPU that scheduled it. Two state bits make the rules:
 * <ul>
 * <li>{@link #TASKLET_STATE_SCHED}: set by the first schedule; a second schedule before the
 *     tasklet starts to run does nothing. It is cleared just before the callback runs, so the
 *     callback may schedule its own tasklet again.</li>
 * <li>{@link #TASKLET_STATE_RUN}: taken with a trylock around the callback. A CPU that finds
 *     it held (another CPU is running the tasklet) puts the tasklet back on its own list and
 *     raises the vector again, so the tasklet never runs on two CPUs at once.</li>
 * </ul>
 * A disabled tasklet (disable count above 0) stays scheduled: each pass puts it back on the
 * list and raises the vector again, until it is enabled. Implemented only by the softirq layer.
 */
@ProviderType
@KernelService
public interface Tasklets {
    /** Bit number of "scheduled, not yet running" in {@link Tasklet#state()} (enum in include/linux/interrupt.h). */
    int TASKLET_STATE_SCHED = 0;
    /** Bit number of "running on some CPU" in {@link Tasklet#state()}. */
    int TASKLET_STATE_RUN = 1;

    /**
     * tasklet_setup(): a new, enabled, unscheduled tasklet that runs {@code callback}.
     * {@code name} names it in reports. Any context, any thread.
     */
    @Contract(ATOMIC_SAFE)
    Tasklet setup(String name, TaskletCallback callback);

    /**
     * tasklet_schedule(): unless already scheduled, puts the tasklet on this CPU's
     * TASKLET_SOFTIRQ list and raises TASKLET_SOFTIRQ. Any context, but only from simulated
     * code: the CPU is the caller's.
     */
    @Contract(ATOMIC_SAFE)
    void schedule(Tasklet tasklet);

    /** tasklet_hi_schedule(): as {@link #schedule}, on the HI_SOFTIRQ list, which runs before every other vector. */
    @Contract(ATOMIC_SAFE)
    void hiSchedule(Tasklet tasklet);

    /**
     * tasklet_disable_nosync(): raises the disable count and returns at once; a run in progress
     * on another CPU goes on. Any context of simulated code.
     */
    @Contract(ATOMIC_SAFE)
    void disableNosync(Tasklet tasklet);

    /**
     * tasklet_disable(): raises the disable count, then waits until no CPU runs the tasklet
     * (tasklet_unlock_wait, which sleeps in wait_var_event since Linux 5.13). May sleep: process
     * context only.
     */
    @Contract(value = MAY_SLEEP, fix = "use tasklet_disable_nosync() in atomic context")
    void disable(Tasklet tasklet);

    /**
     * tasklet_enable(): drops the disable count; at 0 a scheduled tasklet runs on the next pass.
     * Any context of simulated code. An enable without a matching disable is refused with IllegalStateException
     * (Linux would let the count go negative, and the tasklet would never run again).
     */
    @Contract(ATOMIC_SAFE)
    void enable(Tasklet tasklet);

    /**
     * tasklet_kill(): waits until a scheduled tasklet has run and no CPU runs it, and leaves it
     * unscheduled. May sleep, process context only. From interrupt context it prints Linux's
     * {@code Attempt to kill tasklet from interrupt} and then gets the might_sleep report, in
     * that order, which is why the check is made inside rather than at the boundary (as
     * {@code PageAllocator.allocPages} does for its GFP flags). A tasklet disabled while
     * scheduled makes it wait until the tasklet is enabled, as in Linux.
     */
    @Contract(ATOMIC_SAFE)
    void kill(Tasklet tasklet);
}
