package org.kernellab.device.timer;

import org.kernellab.api.hw.ClockEventDevice;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A per-CPU clock-event device (the local APIC timer of include/linux/clockchips.h, in
 * miniature). Programming and fire counts live here, not in the driver, so a driver swap
 * loses no tick: a periodic device keeps firing while no driver is bound, and the interrupt
 * layer counts those ticks as unhandled.
 *
 * <p>Its state changes only in simulated code: programming from a framework thread is posted to
 * the machine and applied at its next safe point, so the model needs no lock.
 */
@Component(service = {ClockEventDevice.class, MachineListener.class}, configurationPid = "org.kernellab.device.timer", immediate = true)
@Designate(ocd = ClockEventModel.Config.class)
public final class ClockEventModel implements ClockEventDevice, MachineListener {
    @ObjectClassDefinition(name = "KernelLab clock-event device")
    public @interface Config {
        @AttributeDefinition(description = "Interrupt line the device raises (0..63).", min = "0", max = "63")
        int irq() default 0;
    }

    private final Machine machine;
    private final int irq;
    private final Mode[] mode;
    private final long[] period;
    private final long[] eventId;
    private final long[] fired;
    /** Per CPU, when programmed by setPeriodicHz: the rate and the number of the next tick of the machine's grid. */
    private final int[] hz;
    private final long[] next;
    /** Per CPU: the periodic interrupts are stopped (NO_HZ idle) until {@link #restartTick}, or until the tick armed for the CPU's next timer. */
    private final boolean[] stopped;

    @Activate
    public ClockEventModel(Config config, @Reference Machine machine) {
        this(machine, config.irq());
    }

    ClockEventModel(Machine machine, int irq) {
        if (irq < 0 || irq > 63) throw new IllegalArgumentException("irq " + irq + " is out of range 0..63");
        this.machine = machine;
        this.irq = irq;
        int n = machine.nrCpus();
        this.mode = new Mode[n];
        this.period = new long[n];
        this.eventId = new long[n];
        this.fired = new long[n];
        this.hz = new int[n];
        this.next = new long[n];
        this.stopped = new boolean[n];
        java.util.Arrays.fill(mode, Mode.SHUTDOWN);
        java.util.Arrays.fill(eventId, -1);
    }

    @Deactivate
    void deactivate() {
        for (int c = 0; c < mode.length; c++) shutdown(c);
    }

    private int cpu(int cpu) {
        if (cpu < 0 || cpu >= mode.length) throw new IllegalArgumentException("cpu " + cpu + " does not exist; CPUs are 0.." + (mode.length - 1));
        return cpu;
    }

    @Override public String name() { return "lapic"; }
    @Override public int irq() { return irq; }

    @Override
    public void setPeriodic(int cpu, long periodNs) {
        cpu(cpu);
        if (periodNs <= 0) throw new IllegalArgumentException("period " + periodNs + " ns must be positive");
        machine.post(() -> {
            cancel(cpu);
            mode[cpu] = Mode.PERIODIC;
            period[cpu] = periodNs;
            hz[cpu] = 0;
            arm(cpu, machine.now() + periodNs);
        });
    }

    @Override
    public void setPeriodicHz(int cpu, int rate) {
        cpu(cpu);
        if (!org.kernellab.api.workload.Machine.validHz(rate)) throw new IllegalArgumentException("hz " + rate + " is out of range 10..10000");
        machine.post(() -> {
            cancel(cpu);
            mode[cpu] = Mode.PERIODIC;
            period[cpu] = org.kernellab.api.workload.Machine.tickNs(rate);
            hz[cpu] = rate;
            stopped[cpu] = false;
            onTickGrid(cpu);
        });
    }

    /**
     * Puts a device programmed by rate on the machine's tick grid: its ticks fall at
     * Machine.tickAt(hz, k) from time 0, the instants the kernel's jiffies count, whenever it was
     * programmed. Linux keeps the two in step the same way: tick_setup_periodic() programs the
     * device at tick_next_period, the instant tick_do_update_jiffies64() advances jiffies by
     * (kernel/time/tick-common.c, tick-sched.c). A device that started its period at the moment
     * it was programmed (a driver bound at 2.6 ms, say) would tick out of phase with jiffies, so
     * a run could count one tick more on the device than in jiffies.
     */
    private void onTickGrid(int cpu) {
        next[cpu] = Math.max(1, tickIndexAtOrAfter(cpu, machine.now() + 1));
        armNext(cpu);
    }

    @Override public int periodicHz(int cpu) { cpu(cpu); return machine.still(() -> mode[cpu] == Mode.PERIODIC ? hz[cpu] : 0); }

    @Override
    public void programOneshot(int cpu, long deltaNs) {
        cpu(cpu);
        if (deltaNs < 0) throw new IllegalArgumentException("delta " + deltaNs + " ns is negative");
        machine.post(() -> {
            cancel(cpu);
            mode[cpu] = Mode.ONESHOT;
            hz[cpu] = 0;
            arm(cpu, machine.now() + deltaNs);
        });
    }

    @Override
    public void shutdown(int cpu) {
        cpu(cpu);
        machine.post(() -> {
            cancel(cpu);
            mode[cpu] = Mode.SHUTDOWN;
        });
    }

    /**
     * tick_nohz_stop_tick(): cancels the next periodic interrupt of {@code cpu} and arms, in phase,
     * the first tick at or after {@code resumeNs} instead (none for Long.MAX_VALUE), as tick-sched
     * programs the clock-event for the CPU's next timer. The ticks in between do not fire and are
     * not counted.
     */
    @Override
    public void stopTick(int cpu, long resumeNs) {
        cpu(cpu);
        machine.post(() -> {
            if (mode[cpu] != Mode.PERIODIC || hz[cpu] == 0) return;
            long now = machine.now();
            stopped[cpu] = true;
            if (resumeNs == Long.MAX_VALUE) {
                cancel(cpu);
                next[cpu] = tickIndexAtOrAfter(cpu, now + 1);
                return;
            }
            long k = Math.max(next[cpu] - 1, tickIndexAtOrAfter(cpu, Math.max(resumeNs, now + 1)));
            if (k == next[cpu] - 1 && eventId[cpu] >= 0) return; // already armed for that tick
            cancel(cpu);
            next[cpu] = k;
            armNext(cpu);
        });
    }

    /** tick_nohz_restart(): hrtimer_forward(now, TICK_NSEC), the first tick after now, in phase. */
    @Override
    public void restartTick(int cpu) {
        cpu(cpu);
        machine.post(() -> {
            if (!stopped[cpu]) return;
            stopped[cpu] = false;
            if (mode[cpu] != Mode.PERIODIC || hz[cpu] == 0) return;
            long k = tickIndexAtOrAfter(cpu, machine.now() + 1);
            if (eventId[cpu] >= 0 && next[cpu] - 1 == k) return; // the tick armed is that one
            cancel(cpu);
            next[cpu] = k;
            armNext(cpu);
        });
    }

    @Override public boolean tickStopped(int cpu) { cpu(cpu); return machine.still(() -> stopped[cpu]); }

    /** The number of the first tick of {@code cpu} at or after {@code t} (its instant is Machine.tickAt(hz, k)). */
    private long tickIndexAtOrAfter(int cpu, long t) {
        int rate = hz[cpu];
        if (t <= 0) return 0;
        // tickAt(hz, k) is floor(k * 10^9 / hz): start from the estimate and step to the exact tick
        long k = (t / 1_000_000_000L) * rate + (t % 1_000_000_000L) * rate / 1_000_000_000L;
        while (k > 0 && org.kernellab.api.workload.Machine.tickAt(rate, k - 1) >= t) k--;
        while (org.kernellab.api.workload.Machine.tickAt(rate, k) < t) k++;
        return k;
    }

    @Override public Mode mode(int cpu) { cpu(cpu); return machine.still(() -> mode[cpu]); }
    @Override public long periodNs(int cpu) { cpu(cpu); return machine.still(() -> mode[cpu] == Mode.PERIODIC ? period[cpu] : 0); }
    @Override public long fired(int cpu) { cpu(cpu); return machine.still(() -> fired[cpu]); }

    /** Time restarted at 0 with no events: re-arm every periodic CPU; a pending oneshot is lost, as on a real reset. */
    @Override
    public void machineReset(Machine m) {
        machine.post(() -> {
            for (int c = 0; c < mode.length; c++) {
                eventId[c] = -1;
                fired[c] = 0;
                stopped[c] = false;
                if (mode[c] == Mode.PERIODIC && hz[c] > 0) {
                    onTickGrid(c);
                } else if (mode[c] == Mode.PERIODIC) {
                    arm(c, machine.now() + period[c]);
                } else {
                    mode[c] = Mode.SHUTDOWN;
                }
            }
        });
    }

    private void cancel(int cpu) {
        if (eventId[cpu] >= 0) machine.cancel(eventId[cpu]);
        eventId[cpu] = -1;
    }

    private void arm(int cpu, long at) {
        // A periodic tick is background work: it alone does not keep run-until-idle going.
        eventId[cpu] = mode[cpu] == Mode.PERIODIC ? machine.atBackground(at, now -> fire(cpu, now)) : machine.at(at, now -> fire(cpu, now));
    }

    /** Arms the next tick of a device programmed by rate, at its exact instant (the remainder carried). */
    private void armNext(int cpu) {
        arm(cpu, org.kernellab.api.workload.Machine.tickAt(hz[cpu], next[cpu]++));
    }

    /** Simulated code: the event of {@link #arm}. */
    private void fire(int cpu, long now) {
        eventId[cpu] = -1;
        fired[cpu]++;
        if (mode[cpu] == Mode.PERIODIC && hz[cpu] > 0) {
            // a stopped tick that fired for the CPU's next timer goes on periodically, as
            // tick-sched's sched_timer does, until the idle CPU stops it again
            stopped[cpu] = false;
            armNext(cpu);
        }
        else if (mode[cpu] == Mode.PERIODIC) arm(cpu, now + period[cpu]);
        else mode[cpu] = Mode.SHUTDOWN;
        machine.raiseIrq(irq, cpu);
    }
}
