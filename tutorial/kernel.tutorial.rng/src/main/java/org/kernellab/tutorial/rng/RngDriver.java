package org.kernellab.tutorial.rng;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcRequest;
import org.kernellab.api.softirq.Tasklet;
import org.kernellab.api.softirq.Tasklets;
import org.kernellab.api.sync.Completion;
import org.kernellab.api.sync.Semaphore;
import org.kernellab.api.sync.Spinlock;
import org.kernellab.api.sync.Sync;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The driver of {@link RngDevice}, in three parts that run in three contexts:
 * <ol>
 * <li>{@link #read}, in <b>process context</b>: a process asks for bytes. It waits for a free
 *     slot (a semaphore: it may sleep), puts its request into the device and sleeps until the
 *     request is complete.</li>
 * <li>{@link #interrupt}, the interrupt handler, in <b>hard-IRQ context</b>: it must be short and
 *     must not sleep. It reads the device's interrupt status (which acknowledges it) and
 *     schedules the tasklet.</li>
 * <li>{@link #bottomHalf}, the tasklet, in <b>softirq context</b>: interrupts are on again but it
 *     still must not sleep. It takes the filled slots from the device and completes their
 *     requests, which wakes the sleeping processes.</li>
 * </ol>
 * {@code /proc/rng} (this component is also a {@link ProcEntry}) shows the counts.
 *
 * <p><b>Locking.</b> {@link #lock} guards {@link #inDevice} and the counts the tasklet keeps; the
 * process takes it with bottom halves off ({@code spin_lock_bh}), since the tasklet could
 * otherwise run on its CPU at an interrupt's exit while it holds the lock. The handler's own
 * fields are written only by the handler (one line, one CPU) and read by {@code /proc/rng} while
 * the machine is held still.
 */
@Component(immediate = true, service = {RngDriver.class, ProcEntry.class, MachineListener.class},
    property = ProcEntry.PATH + "=rng")
public final class RngDriver implements ProcEntry, MachineListener {
    /** Shown when the driver binds and in /proc/rng. Step 8 of the tutorial changes it. */
    static final String GREETING = "hello from the tutorial driver";
    /** Reading the device's status register costs the handler this much CPU time (an MMIO read). */
    static final long MMIO_READ_NS = 1_000;
    /** ENODEV (include/uapi/asm-generic/errno-base.h): the device went away. */
    static final int ENODEV = 19;

    /** One read: what a process asked for, how it ended, and where each step ran. */
    public static final class Request {
        final int bytes;
        final Completion done;
        /** The data, or null while not complete. */
        byte[] data;
        /** 0, or a negative errno. */
        int error;
        /** A line per step: when, on which CPU, in which context, what. */
        final List<String> journey = new ArrayList<>(4);

        Request(int bytes, Completion done) {
            this.bytes = bytes;
            this.done = done;
        }

        public byte[] data() { return data; }
        public int error() { return error; }
        public List<String> journey() { return journey; }
    }

    private final RngDevice dev;
    private final IrqController irqs;
    private final Tasklets tasklets;
    private final Sync sync;
    private final Kernel kernel;
    private final Machine machine;
    private final Tasklet tasklet;
    private final Spinlock lock;
    /** Free slots of the device: a process sleeps here while all are taken. Made again at a reboot. */
    private Semaphore freeSlots;

    // ---- guarded by lock ----
    /** By device slot: the request being filled there, or null. */
    private final Request[] inDevice = new Request[RngDevice.SLOTS];
    private long completed;
    private long bytes;
    private long taskletRuns;
    /** Set at a safe point when the driver goes away: a tasklet still scheduled does nothing. */
    private boolean gone;

    // ---- written only by the handler ----
    private long interrupts;
    private long spurious;
    /** The last interrupt's journey line, which the tasklet adds to each request it completes. */
    private String lastInterrupt = "";

    @Activate
    public RngDriver(@Reference RngDevice dev, @Reference IrqController irqs, @Reference Tasklets tasklets,
                     @Reference Sync sync, @Reference Kernel kernel, @Reference Machine machine) {
        this.dev = dev;
        this.irqs = irqs;
        this.tasklets = tasklets;
        this.sync = sync;
        this.kernel = kernel;
        this.machine = machine;
        this.lock = sync.spinlock("rng0_lock");
        this.freeSlots = sync.semaphore("rng0_slots", RngDevice.SLOTS);
        // the device may hold what a previous driver left in it
        machine.post(dev::reset);
        // tasklet_setup(): the bottom half, scheduled by the handler
        this.tasklet = tasklets.setup("rng0", t -> bottomHalf());
        // request_irq(): from now on line 10 runs our handler; "rng0" is the name /proc/interrupts shows
        int rc = irqs.requestIrq(RngDevice.IRQ, (irq, devId) -> interrupt(), EnumSet.noneOf(IrqFlag.class), RngDevice.NAME, this);
        if (rc != 0) throw new IllegalStateException(RngDevice.NAME + ": request_irq(" + RngDevice.IRQ + ") failed with " + rc);
        kernel.printk(LogLevel.INFO, RngDevice.NAME + ": irq " + RngDevice.IRQ + ", " + RngDevice.SLOTS + " slots: " + GREETING);
    }

    /**
     * Reads {@code n} random bytes (1..{@link RngDevice#MAX_BYTES}) and returns the finished
     * request: its data, or its error. Process context only: it sleeps until the data is there.
     */
    public Request read(int n) {
        if (n < 1 || n > RngDevice.MAX_BYTES) throw new IllegalArgumentException("n " + n + " is outside 1.." + RngDevice.MAX_BYTES);
        Request rq = new Request(n, sync.completion("rng0_read"));
        freeSlots.down();                           // sleeps while every slot is taken
        lock.lockBh();
        int slot = -1;
        if (gone) {
            rq.error = -ENODEV;
        } else {
            for (int s = 0; s < inDevice.length && slot < 0; s++) if (inDevice[s] == null) slot = s;
            int rc = dev.submit(slot, n);
            if (rc == 0) {
                inDevice[slot] = rq;
                rq.journey.add(where() + kernel.current().comm() + " puts a request for " + n + " bytes into slot " + slot + " and sleeps");
            } else {
                rq.error = rc;
                slot = -1;
            }
        }
        lock.unlockBh();
        if (slot >= 0) rq.done.waitForCompletion(); // sleeps until the tasklet completes it
        freeSlots.up();
        if (rq.error == 0) rq.journey.add(where() + kernel.current().comm() + " wakes up with its " + rq.data.length + " bytes");
        return rq;
    }

    /** The interrupt handler: hard-IRQ context, interrupts off. Short, and it never sleeps. */
    private IrqReturn interrupt() {
        kernel.compute(MMIO_READ_NS);
        if (!dev.ackInterrupt()) {                  // the status was clear: not our device's interrupt
            spurious++;
            return IrqReturn.NONE;
        }
        interrupts++;
        lastInterrupt = where() + "irq " + RngDevice.IRQ + ": the device has data; status read (acknowledged), tasklet scheduled";
        tasklets.schedule(tasklet);                 // the rest runs in the bottom half
        return IrqReturn.HANDLED;
    }

    /** The tasklet: softirq context, interrupts on, still atomic (it must not sleep). */
    private void bottomHalf() {
        lock.lock();
        try {
            if (gone) return;
            taskletRuns++;
            for (RngDevice.Done d : dev.reap()) {
                Request rq = inDevice[d.slot()];
                inDevice[d.slot()] = null;
                if (rq == null) continue; // filled for a request a reboot discarded
                rq.data = d.data();
                completed++;
                bytes += d.data().length;
                rq.journey.add(lastInterrupt);
                rq.journey.add(where() + "tasklet rng0: slot " + d.slot() + " is filled; the request is complete");
                rq.done.complete();                 // wakes the process sleeping in read()
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code [    0.000021] CPU0 hard-IRQ  }: when, where and in which context the caller runs. */
    private String where() {
        KernelContext c = kernel.context();
        String ctx = c.inHardirq() ? "hard-IRQ" : c.inServingSoftirq() ? "softirq" : "process";
        long us = kernel.now() / 1_000;
        return String.format("[%5d.%06d] CPU%d %-9s ", us / 1_000_000, us % 1_000_000, kernel.smpProcessorId(), ctx);
    }

    @Override
    public String read(ProcRequest at) {
        if (!at.isRoot()) return null;
        return String.format("%s: %s%nirq: %d%nslots: %d (%d busy)%nrequests completed: %d%nbytes: %d%n"
                + "interrupts: %d (%d not ours)%ntasklet runs: %d%n",
            RngDevice.NAME, GREETING, RngDevice.IRQ, RngDevice.SLOTS, dev.busySlots(), completed, bytes,
            interrupts, spurious, taskletRuns);
    }

    /**
     * A reboot discards every task: the requests in the device had their readers discarded with
     * them, and so did the slots those readers held.
     */
    @Override
    public void machineReset(Machine m) {
        machine.post(() -> {
            java.util.Arrays.fill(inDevice, null);
            freeSlots = sync.semaphore("rng0_slots", RngDevice.SLOTS);
        });
    }

    /**
     * The driver goes away (its bundle stops or is updated): free_irq(), then, at the machine's
     * next safe point, every request still in the device ends with -ENODEV, so that no process
     * sleeps for ever, and a tasklet still scheduled finds nothing to do.
     */
    @Deactivate
    void deactivate() {
        irqs.freeIrq(RngDevice.IRQ, this);
        machine.post(() -> {
            gone = true;
            for (int s = 0; s < inDevice.length; s++) {
                Request rq = inDevice[s];
                if (rq == null) continue;
                inDevice[s] = null;
                rq.error = -ENODEV;
                rq.done.complete();
            }
        });
        kernel.printk(LogLevel.INFO, RngDevice.NAME + ": driver removed, irq " + RngDevice.IRQ + " freed");
    }
}
