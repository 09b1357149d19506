package org.kernellab.api.hw;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/** The kernel's side of the periodic tick. */
@ProviderType
@KernelService
public interface TimeKeeping {
    /**
     * tick_handle_periodic(): called by a clock-event driver from its hard-IRQ handler on the
     * CPU that took the tick. Advances jiffies (on the timekeeping CPU), accounts the tick to the
     * current task, runs scheduler_tick and expires timers.
     */
    @Contract(ATOMIC_SAFE)
    void tick();

    /** The tick period, 1e9 / HZ ns. */
    @Contract(ATOMIC_SAFE)
    long tickNs();

    /**
     * tick_setup_device() (kernel/time/tick-common.c): the tick driver hands the kernel the
     * clock-event device it programmed periodic at HZ, so that an idle CPU can stop its tick and
     * program it for its next timer (NO_HZ idle, kernel/time/tick-sched.c); null when the driver
     * goes (the ticks of a stopped CPU restart). Applied at the machine's next safe point; kept
     * across resets.
     */
    @Contract(ATOMIC_SAFE)
    void tickDevice(ClockEventDevice device);
}
