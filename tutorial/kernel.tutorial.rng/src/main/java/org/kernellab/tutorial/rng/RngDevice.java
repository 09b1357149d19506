package org.kernellab.tutorial.rng;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.kernellab.api.Errno;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The hardware: a random-number generator with {@link #SLOTS} request slots, in the manner of
 * virtio-rng. The driver puts a request for some bytes into a free slot ({@link #submit}); the
 * device fills it after {@link #SETUP_NS} plus {@link #PER_BYTE_NS} a byte, posts the slot to its
 * done queue, sets its interrupt status and raises line {@link #IRQ}. The driver's interrupt
 * handler reads and clears the status ({@link #ackInterrupt}), and its bottom half takes the
 * filled slots ({@link #reap}).
 *
 * <p>The bytes come from {@code Machine.random("rng.rng0")}, a generator seeded from the
 * machine's seed: the same seed gives the same bytes, run after run (never an unseeded source:
 * the simulation is deterministic).
 *
 * <p><b>Who touches what.</b> Every field is simulated state: changed by the driver's simulated
 * code (a reading process, the handler, the tasklet), by the completion events, and by the power
 * cycle and retirement, which are posted to the machine. One execution at a time, so nothing
 * here locks.
 *
 * <p>In the project proper a hardware model is a bundle of its own ({@code kernel.device.disk}),
 * so that it outlives its driver; here it shares the driver's bundle to keep the tutorial small.
 */
@Component(service = {RngDevice.class, MachineListener.class}, immediate = true)
public final class RngDevice implements MachineListener {
    public static final String NAME = "rng0";
    /** The interrupt line: 10, free on a PC and on this machine (the timer has 0, disk0 14). */
    public static final int IRQ = 10;
    /** The CPU the interrupt is delivered to. */
    public static final int IRQ_CPU = 0;
    /** Requests the device holds at once. */
    public static final int SLOTS = 4;
    /** The most bytes one request may ask for. */
    public static final int MAX_BYTES = 64;
    /** The noise source's start-up time for a request. */
    public static final long SETUP_NS = 20_000;
    /** Then this long for each byte. */
    public static final long PER_BYTE_NS = 1_000;
    /** The random stream the bytes come from. */
    public static final String STREAM = "rng." + NAME;

    /** A filled slot, as {@link #reap} hands it over. */
    public record Done(int slot, byte[] data) { }

    private final Machine machine;
    private SplittableRandom noise;
    /** By slot: the completion event's id while the slot is being filled, else -1. */
    private final long[] filling = new long[SLOTS];
    /** By slot: true from submission until the driver reaps it. */
    private final boolean[] busy = new boolean[SLOTS];
    private final ArrayDeque<Done> done = new ArrayDeque<>();
    /** The interrupt status register: a completion was posted since the driver last read it. */
    private boolean interruptStatus;
    private boolean retired;

    @Activate
    public RngDevice(@Reference Machine machine) {
        this.machine = machine;
        this.noise = machine.random(STREAM);
        java.util.Arrays.fill(filling, -1);
    }

    /**
     * Starts filling {@code slot} with {@code bytes} random bytes: 0, -EBUSY when the slot is
     * taken, -EINVAL for a bad slot or size. Simulated code only (the driver's read path).
     */
    public int submit(int slot, int bytes) {
        if (retired) return -Errno.EINVAL;
        if (slot < 0 || slot >= SLOTS || bytes < 1 || bytes > MAX_BYTES) return -Errno.EINVAL;
        if (busy[slot]) return -Errno.EBUSY;
        busy[slot] = true;
        filling[slot] = machine.at(machine.now() + SETUP_NS + bytes * PER_BYTE_NS, now -> fill(slot, bytes));
        return 0;
    }

    /** The completion, at its virtual instant: the data lands in the slot and the line is raised. */
    private void fill(int slot, int bytes) {
        filling[slot] = -1;
        byte[] data = new byte[bytes];
        noise.nextBytes(data);
        done.add(new Done(slot, data));
        interruptStatus = true;
        machine.raiseIrq(IRQ, IRQ_CPU);
    }

    /**
     * Reads the interrupt status register, which clears it (read-to-clear, as virtio's ISR):
     * true if the device has posted a completion since the last read. Any context.
     */
    public boolean ackInterrupt() {
        boolean was = interruptStatus;
        interruptStatus = false;
        return was;
    }

    /** Takes every filled slot, oldest first; the slots are free again. Any context. */
    public List<Done> reap() {
        List<Done> out = new ArrayList<>(done);
        done.clear();
        for (Done d : out) busy[d.slot()] = false;
        return out;
    }

    /** Slots being filled or filled and not reaped. */
    public int busySlots() {
        int n = 0;
        for (boolean b : busy) if (b) n++;
        return n;
    }

    /**
     * The reset register: drops every request, filled or not, and clears the interrupt status.
     * A driver resets the device when it binds, so that nothing a previous driver left behind
     * occupies a slot. Simulated code, or a posted action.
     */
    public void reset() {
        for (long id : filling) if (id >= 0) machine.cancel(id);
        clear();
    }

    /** A reboot power-cycles the device: every slot is free, and the noise starts again from the (maybe new) seed. */
    @Override
    public void machineReset(Machine m) {
        machine.post(() -> {
            if (retired) return;
            clear(); // the reboot discarded the fill events
            noise = machine.random(STREAM);
        });
    }

    /** The device goes away with its bundle: at the next safe point, no fill of it runs any more. */
    @Deactivate
    void deactivate() {
        machine.post(() -> {
            reset();
            retired = true;
        });
    }

    private void clear() {
        java.util.Arrays.fill(filling, -1);
        java.util.Arrays.fill(busy, false);
        done.clear();
        interruptStatus = false;
    }
}
