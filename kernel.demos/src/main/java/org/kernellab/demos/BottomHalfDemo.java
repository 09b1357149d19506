package org.kernellab.demos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.CRC32;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.softirq.Tasklet;
import org.kernellab.api.softirq.Tasklets;
import org.kernellab.api.workqueue.Work;
import org.kernellab.api.workqueue.Workqueues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The same slow work done four ways for a device that interrupts every millisecond while
 * ordinary tasks run on CPU 0: a CRC32 over the device's 4 KiB buffer costing 200 us of CPU, done
 * in the hard-IRQ handler, in a tasklet, in a work item on system_wq, and in a threaded handler
 * (request_threaded_irq with a NULL primary handler and IRQF_ONESHOT). The four ways run one
 * after the other, each for {@link #PHASE_NS} under the same stimulus.
 *
 * <p>A probe timer on line {@link #PROBE_IRQ} fires every {@link #PROBE_PERIOD_NS}, as
 * cyclictest's hrtimer does, and its handler wakes two probe tasks: one SCHED_FIFO 80 (above the
 * irq thread's FIFO 50) and one SCHED_NORMAL. All of it is measured in virtual time: how long the
 * probe's interrupt waited for the CPU (interrupts off), how late each probe task ran after its
 * timer fired, and how long each device buffer waited from its interrupt to the end of its work.
 * The contexts are read, not assumed: each way records in_irq(), in_serving_softirq(),
 * in_task(), in_atomic(), irqs_disabled() and current when its work runs.
 */
@Component(service = Demo.class, property = "demo.name=bottom-half")
public final class BottomHalfDemo extends DemoBase {
    /** The slow part: 200 us of CPU per device interrupt, in {@link #CHUNKS} pieces of 1 KiB each. */
    static final long WORK_NS = 200_000;
    static final int BUF_BYTES = 4096;
    static final int CHUNKS = 4;
    static final long DEVICE_PERIOD_NS = 1_000_000;
    static final long DEVICE_OFFSET_NS = 250_000;
    static final int DEVICE_IRQS = 16;
    /** The probe's line: above the device lines in priority, which does not help it while interrupts are off. */
    static final int PROBE_IRQ = DEV_IRQ - 1;
    /** Not a divisor of the device's period, so the probe lands at ever other points of the work. */
    static final long PROBE_PERIOD_NS = 370_000;
    static final long PROBE_OFFSET_NS = 100_000;
    static final int PROBES = 43;
    /**
     * Probe ticks before the first way, not counted: a task's first wakeup after a long sleep is
     * placed by EEVDF without the lag it has once it sleeps and wakes in a rhythm, and may wait a tick.
     */
    static final int WARMUP = 2;
    static final long LEAD_NS = 1_000_000;
    /** Each way's share of the run: its 16 interrupts, then time for the work to drain. */
    static final long PHASE_NS = 20_000_000;
    /** cyclictest's usual priority, above the irq thread's MAX_RT_PRIO / 2 (kernel/irq/manage.c). */
    static final int RT_PROBE_PRIO = 80;

    /** The four ways, each on its own device line (DEV_IRQ + ordinal) so /proc/interrupts tells them apart. */
    enum Way {
        HARDIRQ("hard-IRQ handler", "bh-hardirq", false),
        TASKLET("tasklet", "bh-tasklet", false),
        WORKQUEUE("workqueue", "bh-workqueue", true),
        THREADED("threaded IRQ", "bh-threaded", true);

        final String label;
        final String dev;
        /** Process context: the work may call cond_resched() between chunks (and could sleep). */
        final boolean process;

        Way(String label, String dev, boolean process) {
            this.label = label;
            this.dev = dev;
            this.process = process;
        }

        int irq() {
            return DEV_IRQ + ordinal();
        }
    }

    /** Count, sum and maximum of a latency, in ns. */
    static final class Stat {
        long n;
        long sum;
        long max;

        void add(long v) {
            n++;
            sum += v;
            max = Math.max(max, v);
        }

        long mean() {
            return n == 0 ? 0 : sum / n;
        }

        String text() {
            return String.format("%6s / %6s", us(mean()), us(max));
        }
    }

    /** Where the work ran, as it saw itself the first time. */
    record Seen(String comm, int pid, SchedPolicy policy, int rtPriority, int nice, int cpu, boolean hardirq,
                boolean servingSoftirq, boolean task, boolean atomic, boolean irqsOff, int preemptCount) {
        static Seen now(Kernel k) {
            KernelContext c = k.context();
            Task cur = k.current();
            return new Seen(cur.comm(), cur.pid(), cur.attr().policy, cur.attr().rtPriority, cur.nice(), k.smpProcessorId(),
                    c.inHardirq(), c.inServingSoftirq(), c.inTask(), c.inAtomic(), c.irqsDisabled(), c.preemptCount());
        }

        String policyText() {
            return policy.isRealtime() ? "SCHED_" + policy + " " + rtPriority : "SCHED_" + policy + " nice " + nice;
        }

        String flags() {
            return String.format("in_irq()=%d in_serving_softirq()=%d in_task()=%d in_atomic()=%d irqs_disabled()=%d preempt_count=0x%x",
                    hardirq ? 1 : 0, servingSoftirq ? 1 : 0, task ? 1 : 0, atomic ? 1 : 0, irqsOff ? 1 : 0, preemptCount);
        }
    }

    /** One way's run: the device's state, the work's record and what the probes measured meanwhile. */
    static final class Phase {
        final Way way;
        final long start;
        final long[] raisedAt = new long[DEVICE_IRQS];
        /** The device's status: buffers filled and signalled. */
        int raised;
        /** Buffers the driver has taken from the device (its top half read the status). */
        int acked;
        /** Buffers checksummed. */
        int done;
        /** Times the work was entered. */
        int runs;
        final CRC32 crc = new CRC32();
        /** From the device's interrupt to the end of that buffer's work. */
        final Stat device = new Stat();
        /** From the probe timer firing to its handler running. */
        final Stat probeIrq = new Stat();
        /** From the probe timer firing to the FIFO 80 task running. */
        final Stat rtWakeup = new Stat();
        /** From the probe timer firing to the SCHED_NORMAL task running. */
        final Stat wakeup = new Stat();
        Seen seen;

        Phase(Way way, long start) {
            this.way = way;
            this.start = start;
        }
    }

    /** A probe task and how many probe ticks it has accounted for. */
    static final class Prober {
        final boolean rt;
        int seen;

        Prober(boolean rt) {
            this.rt = rt;
        }
    }

    /** Everything one run measures. Made by setup(); the machine is stopped while it is replaced. */
    static final class Scene {
        final Phase[] phases = new Phase[Way.values().length];
        final long[] probeRaisedAt = new long[WARMUP + PROBES * phases.length];
        int probesRaised;
        int probesHandled;
        final Prober rtProbe = new Prober(true);
        final Prober probe = new Prober(false);
        Task rtProbeTask;
        Task probeTask;

        Phase phase(Way w) {
            return phases[w.ordinal()];
        }

        /** The way whose run probe tick {@code i} fell in, or null for a warm-up tick. */
        Phase phaseOfProbe(int i) {
            return i < WARMUP ? null : phases[(i - WARMUP) / PROBES];
        }
    }

    private final Tasklets tasklets;
    private final Workqueues workqueues;
    /** The last run's measurements, for tests; replaced by each setup(). */
    private Scene scene;

    @Activate
    public BottomHalfDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
                          @Reference Tasklets tasklets, @Reference Workqueues workqueues) {
        super(kernel, irqs, machine);
        this.tasklets = tasklets;
        this.workqueues = workqueues;
    }

    @Override public String name() { return "bottom-half"; }

    @Override
    public String description() {
        return "the same 200 us of work in the hard-IRQ handler, a tasklet, a workqueue and a threaded IRQ: the latency each adds for other tasks";
    }

    Scene scene() {
        return scene;
    }

    @Override
    public long setup() {
        Scene s = new Scene();
        scene = s;
        long base = machine.now() + LEAD_NS;
        for (Way w : Way.values()) s.phases[w.ordinal()] = new Phase(w, base + w.ordinal() * PHASE_NS);
        long end = base + Way.values().length * PHASE_NS;
        claimLines(s);
        spawnTasks(s, end);
        armDevices(s, base);
        say("a device on CPU 0 interrupts every " + ms(DEVICE_PERIOD_NS) + "; each interrupt needs " + us(WORK_NS)
                + " us of work (a CRC32 over its 4 KiB buffer). The work is done four ways in turn, " + DEVICE_IRQS
                + " interrupts each, while app computes, and a probe timer fires every " + us(PROBE_PERIOD_NS)
                + " us to wake probe-rt (SCHED_FIFO " + RT_PROBE_PRIO + ") and probe (SCHED_NORMAL), all on CPU 0");
        machine.at(end, now -> report(s));
        return end - machine.now() + LEAD_NS;
    }

    /** The probe timer's line and one device line per way, each with its top half. */
    private void claimLines(Scene s) {
        claim(PROBE_IRQ, (irq, dev) -> {
            // the probe's hrtimer: every expiry not yet seen, then wake both probe tasks
            while (s.probesHandled < s.probesRaised) {
                int i = s.probesHandled++;
                Phase ph = s.phaseOfProbe(i);
                if (ph != null) ph.probeIrq.add(kernel.now() - s.probeRaisedAt[i]);
            }
            kernel.wakeUpProcess(s.rtProbeTask);
            kernel.wakeUpProcess(s.probeTask);
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "probe-timer");

        Phase hard = s.phase(Way.HARDIRQ);
        claim(Way.HARDIRQ.irq(), (irq, dev) -> {
            hard.acked = hard.raised;
            work(hard);
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), Way.HARDIRQ.dev);

        Phase soft = s.phase(Way.TASKLET);
        Tasklet tasklet = tasklets.setup(Way.TASKLET.dev, t -> work(soft));
        claim(Way.TASKLET.irq(), (irq, dev) -> {
            soft.acked = soft.raised;
            tasklets.schedule(tasklet);
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), Way.TASKLET.dev);

        Phase wq = s.phase(Way.WORKQUEUE);
        Work item = workqueues.initWork("bh_demo_work", w -> work(wq));
        claim(Way.WORKQUEUE.irq(), (irq, dev) -> {
            wq.acked = wq.raised;
            workqueues.queue(workqueues.systemWq(), item);
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), Way.WORKQUEUE.dev);

        Phase threaded = s.phase(Way.THREADED);
        // no primary handler: the default one (irq_default_primary_handler) wakes the thread, and
        // ONESHOT keeps the line masked until the thread is done
        claimThreaded(Way.THREADED.irq(), null, (irq, dev) -> {
            threaded.acked = threaded.raised;
            work(threaded);
            return IrqReturn.HANDLED;
        }, EnumSet.of(IrqFlag.ONESHOT), Way.THREADED.dev);
    }

    /** app, the two probe tasks, and a kthread that binds the irq thread: all on CPU 0. */
    private void spawnTasks(Scene s, long end) {
        Task irqThread = irqThread("irq/" + Way.THREADED.irq() + "-" + Way.THREADED.dev);
        // Everything on CPU 0, so that the work and the tasks compete for one CPU. Linux runs an irq
        // thread on the CPU its interrupt is delivered to (irq_thread_check_affinity() in
        // kernel/irq/manage.c follows the effective affinity); KernelLab's irq threads may run
        // anywhere, so the demo binds this one to CPU 0, where its line is raised, before it starts.
        kernel.spawn(TaskSpec.kthread("bh-demo").onCpu(0), k -> k.schedSetaffinity(irqThread, 1L));
        kernel.spawn(TaskSpec.process("app").onCpu(0), k -> {
            while (k.now() < end) k.compute(Math.min(DEVICE_PERIOD_NS, end - k.now()));
        });
        s.rtProbeTask = kernel.spawn(TaskSpec.process("probe-rt").attr(SchedAttr.fifo(RT_PROBE_PRIO)).onCpu(0),
                k -> probeLoop(k, s, s.rtProbe));
        s.probeTask = kernel.spawn(TaskSpec.process("probe").onCpu(0), k -> probeLoop(k, s, s.probe));
    }

    /** The device's interrupts and the probe timer's expiries, the same for every way. */
    private void armDevices(Scene s, long base) {
        for (int i = WARMUP; i > 0; i--) probeAt(s, base - i * PROBE_PERIOD_NS);
        for (Phase ph : s.phases) {
            for (int i = 0; i < DEVICE_IRQS; i++) {
                machine.at(ph.start + DEVICE_OFFSET_NS + i * DEVICE_PERIOD_NS, now -> {
                    ph.raisedAt[ph.raised++] = now;
                    machine.raiseIrq(ph.way.irq(), 0);
                });
            }
            for (int i = 0; i < PROBES; i++) probeAt(s, ph.start + PROBE_OFFSET_NS + i * PROBE_PERIOD_NS);
        }
    }

    /** The probe timer expires at {@code atNs}: the hardware raises its line. */
    private void probeAt(Scene s, long atNs) {
        machine.at(atNs, now -> {
            s.probeRaisedAt[s.probesRaised++] = now;
            machine.raiseIrq(PROBE_IRQ, 0);
        });
    }

    /** The irq thread request_threaded_irq() made, found by its name (cut to TASK_COMM_LEN - 1 = 15 characters, as Linux cuts it). */
    private Task irqThread(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        for (TaskDTO t : kernel.ps()) {
            if (t.comm.equals(comm)) return kernel.task(t.pid);
        }
        throw new IllegalStateException("demo " + name() + ": request_threaded_irq made no thread named " + comm);
    }

    /** The slow work, the same whichever way: every buffer the driver has taken, 1 KiB and 50 us at a time. */
    private void work(Phase ph) {
        ph.runs++;
        if (ph.seen == null) ph.seen = Seen.now(kernel);
        int chunk = BUF_BYTES / CHUNKS;
        while (ph.done < ph.acked) {
            int b = ph.done;
            byte[] buf = buffer(b);
            for (int c = 0; c < CHUNKS; c++) {
                ph.crc.update(buf, c * chunk, chunk);
                kernel.compute(WORK_NS / CHUNKS);
                // a preemption point, as long kernel loops have; only process context may have one
                if (ph.way.process && c + 1 < CHUNKS) kernel.condResched();
            }
            ph.device.add(kernel.now() - ph.raisedAt[b]);
            ph.done++;
        }
    }

    /** What the device DMAs into its buffer for its {@code n}th interrupt of a phase. */
    static byte[] buffer(int n) {
        byte[] b = new byte[BUF_BYTES];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7 + n * 13 + (i >>> 8));
        return b;
    }

    /** A probe task: sleeps until the probe's handler wakes it, then notes how late it runs for each expiry. */
    private static void probeLoop(Kernel k, Scene s, Prober p) {
        int total = s.probeRaisedAt.length;
        while (true) {
            k.setCurrentState(TaskState.INTERRUPTIBLE);
            if (p.seen < s.probesHandled) {
                k.setCurrentState(TaskState.RUNNING);
                while (p.seen < s.probesHandled) {
                    int i = p.seen++;
                    Phase ph = s.phaseOfProbe(i);
                    if (ph != null) (p.rt ? ph.rtWakeup : ph.wakeup).add(k.now() - s.probeRaisedAt[i]);
                }
                continue;
            }
            if (p.seen == total) break;
            k.schedule();
        }
        k.setCurrentState(TaskState.RUNNING);
    }

    /** A row of the results table: where the work ran, then four mean / max columns. */
    static final String ROW = "%-18s %-17s %-17s %-17s %s";

    /** The table and the plain-language account, from what was measured. */
    private void report(Scene s) {
        say("results, mean / max in us of virtual time, per way (" + DEVICE_IRQS + " device interrupts, " + PROBES + " probe ticks):");
        say(String.format(ROW, "the work ran in", "device irq->done", "probe irq waited", "probe-rt late", "probe late"));
        for (Phase ph : s.phases) {
            say(String.format(ROW, ph.way.label, ph.device.text(), ph.probeIrq.text(),
                    ph.rtWakeup.text(), ph.wakeup.text()));
        }
        for (Phase ph : s.phases) {
            Seen c = ph.seen;
            if (c == null) {
                say(ph.way.label + ": the work never ran");
                continue;
            }
            boolean maySleep = c.task && !c.atomic && !c.irqsOff;
            say(ph.way.label + ": ran " + ph.runs + " times for " + ph.done + " buffers on CPU" + c.cpu + ", current="
                    + c.comm + "/" + c.pid + " (" + c.policyText() + ")" + (c.task ? "" : ", the interrupted task")
                    + ": " + c.flags() + "; " + (maySleep ? "it may sleep" : "it must not sleep"));
        }
        List<String> sums = new ArrayList<>();
        for (Phase ph : s.phases) sums.add(String.format("0x%08x", ph.crc.getValue()));
        boolean same = sums.stream().distinct().count() == 1;
        say("the work: " + (same ? "every way checksummed the same " + DEVICE_IRQS + " buffers, CRC32 " + sums.get(0)
                : "the checksums differ: " + String.join(", ", sums)));

        Phase hard = s.phase(Way.HARDIRQ);
        Phase soft = s.phase(Way.TASKLET);
        Phase wq = s.phase(Way.WORKQUEUE);
        Phase thr = s.phase(Way.THREADED);
        say("what it shows: in the hard-IRQ handler the work runs with interrupts off, so it blocks everything on CPU 0,"
                + " other interrupts' handlers included: the probe's interrupt waited up to " + us(hard.probeIrq.max)
                + " us, and probe-rt ran up to " + us(hard.rtWakeup.max) + " us late.");
        say("a tasklet runs in softirq context at irq_exit, with interrupts on, so the probe's interrupt got in at once (at most "
                + us(soft.probeIrq.max) + " us); but softirq context is atomic and no task preempts it, so even probe-rt"
                + " waited for the work to finish (up to " + us(soft.rtWakeup.max) + " us late).");
        say("a work item runs in process context on " + (wq.seen == null ? "a kworker" : wq.seen.comm)
                + ", scheduled like an ordinary task: it may sleep, and anything more urgent preempts it (at once under full"
                + " preemption, else at its next cond_resched()): probe-rt was at most "
                + us(wq.rtWakeup.max) + " us late, probe at most " + us(wq.wakeup.max) + " us. The device pays: its buffers"
                + " waited up to " + us(wq.device.max) + " us, against " + us(hard.device.max) + " us in the handler, as the kworker"
                + " shares CPU 0 with app.");
        say("a threaded handler runs in its irq thread" + (thr.seen == null ? "" : " " + thr.seen.comm + " at " + thr.seen.policyText())
                + ": it may sleep, it preempts every normal task (probe ran up to "
                + us(thr.wakeup.max) + " us late), and a higher real-time task preempts it (probe-rt at most "
                + us(thr.rtWakeup.max) + " us late). IRQF_ONESHOT kept its line masked until it was done; the device waited up to "
                + us(thr.device.max) + " us.");
    }

    /** Microseconds with one decimal. */
    static String us(long ns) {
        return String.format("%d.%d", ns / 1000, (ns % 1000) / 100);
    }
}
