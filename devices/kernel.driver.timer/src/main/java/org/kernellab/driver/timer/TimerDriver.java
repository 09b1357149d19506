package org.kernellab.driver.timer;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.hw.ClockEventDevice;
import org.kernellab.api.hw.TimeKeeping;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The tick driver: claims the clock-event device's line as a per-CPU timer interrupt and
 * programs every CPU's device periodically at HZ (kernel/time/tick-common.c
 * tick_setup_periodic). Its handler is tick_handle_periodic: the kernel's TimeKeeping.tick().
 * It hands the device to the kernel (TimeKeeping.tickDevice) so that an idle CPU can stop
 * its tick (NO_HZ idle).
 */
@Component(immediate = true, service = {})
public final class TimerDriver {
    private final ClockEventDevice device;
    private final IrqController irqs;
    private final Kernel kernel;
    private final TimeKeeping timeKeeping;

    @Activate
    public TimerDriver(@Reference ClockEventDevice device, @Reference IrqController irqs,
                       @Reference TimeKeeping timeKeeping, @Reference Kernel kernel) {
        this.device = device;
        this.irqs = irqs;
        this.kernel = kernel;
        this.timeKeeping = timeKeeping;
        int rc = irqs.requestIrq(device.irq(), (irq, dev) -> {
            timeKeeping.tick();
            return IrqReturn.HANDLED;
        }, EnumSet.of(IrqFlag.PERCPU, IrqFlag.TIMER), "timer", this);
        if (rc != 0) throw new IllegalStateException("timer: request_irq(" + device.irq() + ") failed with " + rc);
        // A device a previous driver left firing at the tick period keeps its phase: reprogramming
        // it would move every later tick, so a driver swap would lose or double one.
        // Programmed by rate, not by TICK_NSEC: at HZ=300 the period is not a whole number of ns.
        // Linux programs TICK_NSEC (kernel/time/tick-common.c tick_setup_periodic) and keeps the
        // clock exact by carrying the remainder (kernel/time/ntp.c tick_length, 32.32 fixed-point
        // ns); here the device carries it, so the tick instants and jiffies stay exact too
        int kept = 0;
        for (int cpu = 0; cpu < kernel.nrCpus(); cpu++) {
            if (device.periodicHz(cpu) == kernel.hz()) kept++;
            else device.setPeriodicHz(cpu, kernel.hz());
        }
        kernel.printk(LogLevel.INFO, "clockevents: " + device.name() + " programmed periodic at HZ=" + kernel.hz()
                + " on " + kernel.nrCpus() + " CPUs, irq " + device.irq()
                + (kept > 0 ? " (" + kept + " already firing at that period, kept in phase)" : ""));
        // tick_setup_device(): the kernel's tick-sched may now stop an idle CPU's tick (NO_HZ idle)
        timeKeeping.tickDevice(device);
    }

    /**
     * Frees the line and leaves the device running: the hardware keeps firing while no driver is
     * bound (the interrupt layer counts those ticks as unhandled), and the next driver takes it
     * over in phase. The device model itself shuts down only when it goes away.
     */
    @Deactivate
    void deactivate() {
        // no driver, no NO_HZ: the kernel restarts the ticks of its stopped CPUs, which then fire unhandled
        try {
            timeKeeping.tickDevice(null);
        } catch (IllegalStateException kernelGone) {
            // the kernel went first (framework shutdown): no machine left to tell
        }
        irqs.freeIrq(device.irq(), this);
    }
}
