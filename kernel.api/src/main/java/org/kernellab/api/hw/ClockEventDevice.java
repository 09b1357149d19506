package org.kernellab.api.hw;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A per-CPU programmable clock-event device (include/linux/clockchips.h), as a hardware model.
 * It outlives the driver that programs it: its counters and programming survive a driver swap.
 * Programming from a framework thread (a driver's activation) is applied at the machine's next
 * safe point ({@link Machine#post}); from simulated code it takes effect at once.
 */
@ProviderType
@KernelService
public interface ClockEventDevice {
    enum Mode { SHUTDOWN, PERIODIC, ONESHOT }

    @Contract(ATOMIC_SAFE) String name();
    /** The interrupt line it raises. */
    @Contract(ATOMIC_SAFE) int irq();
    @Contract(ATOMIC_SAFE) void setPeriodic(int cpu, long periodNs);
    /**
     * Periodic at {@code hz} interrupts a second: the k-th fires {@code Machine.tickAt(hz, k)}
     * after now, the fraction of a nanosecond carried when HZ does not divide 10^9, so the device
     * never drifts from virtual time (at HZ=300, exactly 300 interrupts a second).
     */
    @Contract(ATOMIC_SAFE) void setPeriodicHz(int cpu, int hz);
    /** The rate {@code cpu} fires at while programmed by {@link #setPeriodicHz}; 0 otherwise. */
    @Contract(ATOMIC_SAFE) int periodicHz(int cpu);
    /** Fires once, {@code deltaNs} from now. */
    @Contract(ATOMIC_SAFE) void programOneshot(int cpu, long deltaNs);
    @Contract(ATOMIC_SAFE) void shutdown(int cpu);
    /**
     * NO_HZ idle (kernel/time/tick-sched.c tick_nohz_stop_tick): {@code cpu}, programmed by
     * {@link #setPeriodicHz}, stops its periodic interrupts. It fires next at the first of its tick
     * instants at or after {@code resumeNs} ({@code Long.MAX_VALUE}: not until restarted), and
     * periodically from there, in phase with the ticks it skipped. Called by the kernel's idle
     * path in simulated code; a device not programmed by rate ignores it.
     */
    @Contract(ATOMIC_SAFE) void stopTick(int cpu, long resumeNs);
    /**
     * tick_nohz_restart(): the periodic interrupts of {@code cpu} resume from its first tick instant
     * after now, in phase; nothing if they were not stopped.
     */
    @Contract(ATOMIC_SAFE) void restartTick(int cpu);
    /** True while {@code cpu}'s periodic interrupts are stopped by {@link #stopTick}. */
    @Contract(ATOMIC_SAFE) boolean tickStopped(int cpu);
    @Contract(ATOMIC_SAFE) Mode mode(int cpu);
    /** The period {@code cpu} fires at while {@link Mode#PERIODIC}, in ns; 0 otherwise. */
    @Contract(ATOMIC_SAFE) long periodNs(int cpu);
    /** How many times it has fired on {@code cpu}. */
    @Contract(ATOMIC_SAFE) long fired(int cpu);
}
