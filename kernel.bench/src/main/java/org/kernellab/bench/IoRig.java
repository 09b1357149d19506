package org.kernellab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import java.util.EnumSet;
import java.util.stream.Collectors;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.sync.WaitQueue;
import org.kernellab.block.impl.BlockLayerImpl;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.device.disk.BenchDisks;
import org.kernellab.device.disk.DiskModel;
import org.kernellab.driver.disk.DiskDriver;
import org.kernellab.driver.disk.common.DiskDriverCore;
import org.kernellab.driver.disk.v2.CoalescingDiskDriver;
import org.kernellab.irq.IrqLayer;
import org.kernellab.softirq.impl.KthreadLayer;
import org.kernellab.softirq.impl.SoftirqLayer;

/**
 * The whole disk stack under load, for {@link IoBench}, {@link IoSwapBench} and {@link SwapPause},
 * wired without OSGi as kernel.driver.disk's unit-test rig DiskStack wires it: two CPUs at 250 Hz
 * with the periodic tick, the IRQ layer, the softirq layer, the block layer, the SSD model with
 * its default latencies over a 32 MiB image (DiskStack's is jitter-free; here the jitter is a
 * parameter, by default the model's own 5 us), a driver of either version, and {@code tasks} tasks
 * that each loop on {@code submit_bio_wait} of a 4 KiB bio. The image is a sparse file in a fresh
 * directory under /dev/shm where there is one (tmpfs: requests took 10 to 15 % less CPU time
 * there than with the image on the disk-backed /tmp, in four runs on a loaded host), else under
 * java.io.tmpdir; it is deleted on {@link #close}. Each task has one bio outstanding at a time,
 * so the tasks keep up to {@code tasks} requests in flight. A request goes through the whole path: bio, plug-less submission, the I/O
 * scheduler, queue_rq, the device's tag, the latency model's completion event, the disk's
 * interrupt and handler, BLOCK_SOFTIRQ, bio_endio, the wake-up of the task and its next turn on a
 * CPU.
 *
 * <p>The tasks take requests from a budget: a task that finds it empty sleeps on a wait queue
 * until {@link #submit} adds to it, so that a run ends, idle, after exactly the requests it was
 * given. Sectors are a fixed scramble of (task, sequence number), spread over the disk in 4 KiB
 * blocks, so consecutive bios do not merge and every run of the same configuration is the same.
 */
final class IoRig implements AutoCloseable {
    /** Sectors per bio: 4 KiB. */
    static final int SECTORS = 8;
    static final String DISK = "disk0";

    /** Told of each request as it ends, in the completing context (BLOCK_SOFTIRQ). */
    @FunctionalInterface
    interface Completions {
        void ended(int task, long seq, long submitNs, long endNs, BlkStatus status);
    }

    /** 32 MiB, as DiskStack's. */
    static final long CAPACITY_SECTORS = 65_536;
    /** The SSD model's default jitter (DiskModel.Config.ssd_jitter_ns). */
    static final long DEFAULT_JITTER_NS = 5_000;

    final Path dir;
    final StandaloneMachine m = new StandaloneMachine(2, 250, 1, ViolationPolicy.PANIC, PreemptModel.FULL, PreemptLayout.LINUX_6);
    final Kernel k = m.kernel();
    final IrqLayer irqs = new IrqLayer(k, m.context(), m.machine(), m.tracer());
    final BlockLayerImpl block;
    final DiskModel disk;
    private final WaitQueue go;
    private final long blocks;
    DiskDriverCore driver;
    /** Requests the tasks may still start; simulated state (changed by the tasks and in posted actions). */
    private long budget;
    /** Requests ended, and of those not OK. */
    long completed;
    long failed;

    /**
     * @param driver {@code v1} or {@code v2}
     * @param scheduler {@code none} or {@code mq-deadline}
     * @param write 4 KiB writes rather than reads
     * @param jitterNs the SSD model's jitter: each command takes up to this much longer, drawn from its seeded stream
     * @param on told of each request as it ends; may be null
     */
    IoRig(String driver, String scheduler, int tasks, boolean write, long jitterNs, Completions on) {
        try {
            Path shm = Path.of("/dev/shm");
            dir = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "kernellab-iobench") : Files.createTempDirectory("kernellab-iobench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.withPeriodicTick();
        m.irqEntry(irqs);
        irqs.requestIrq(0, (i, d) -> {
            m.timeKeeping().tick();
            return IrqReturn.HANDLED;
        }, EnumSet.of(IrqFlag.PERCPU, IrqFlag.TIMER), "timer", this);
        SoftirqLayer softirqs = new SoftirqLayer(k, m.machine(), new KthreadLayer(k, m.machine()));
        m.bottomHalf(softirqs);
        block = new BlockLayerImpl(k, m.machine(), softirqs);
        disk = BenchDisks.ssd(m.machine(), dir.resolve("disk0.img"), CAPACITY_SECTORS, jitterNs);
        this.driver = bind(driver);
        block.setScheduler(DISK, scheduler);
        String shown = block.scheduler(DISK);
        if (!shown.contains("[" + scheduler + "]")) throw new IllegalStateException("scheduler " + scheduler + " not in effect: " + shown);
        go = m.sync().waitQueue("iobench");
        blocks = disk.capacitySectors() / SECTORS;
        for (int t = 0; t < tasks; t++) {
            int task = t;
            byte[] buf = new byte[SECTORS * Bio.SECTOR_SIZE];
            if (write) java.util.Arrays.fill(buf, (byte) (t + 1));
            k.spawn(TaskSpec.process("io" + t), kk -> {
                for (long seq = 0; ; seq++) {
                    // wait_event checks first too; testing here saves its boundary call (2 % of the profile)
                    if (budget <= 0) go.waitEvent(() -> budget > 0);
                    budget--;
                    long sector = SECTORS * block(task, seq);
                    long submitted = kk.now();
                    long n = seq;
                    org.kernellab.api.block.BioEndIo end = (b, st) -> {
                        completed++;
                        if (st != BlkStatus.OK) failed++;
                        if (on != null) on.ended(task, n, submitted, kk.now(), st);
                    };
                    block.submitBioWait(write ? Bio.write(DISK, sector, buf, end) : Bio.read(DISK, sector, buf, end));
                }
            });
        }
    }

    /** The 4 KiB block the task's seq-th bio reads: a fixed scramble, so neighbours in time are not neighbours on disk. */
    private long block(int task, long seq) {
        long x = (seq * 0x9E3779B97F4A7C15L) ^ ((long) task * 0xC2B2AE3D27D4EB4FL);
        x ^= x >>> 29;
        return Math.floorMod(x, blocks);
    }

    /** Binds a driver of {@code version} ({@code v1} or {@code v2}) to the disk, at the current virtual instant. */
    DiskDriverCore bind(String version) {
        return switch (version) {
            case "v1" -> new DiskDriver(disk, block, irqs, m.machine(), k);
            case "v2" -> new CoalescingDiskDriver(disk, block, irqs, m.machine(), k);
            default -> throw new IllegalArgumentException("driver '" + version + "' is not a version; use v1 or v2");
        };
    }

    /** Unbinds the bound driver, as DS's deactivation does. */
    void unbind() {
        if (driver instanceof DiskDriver d) d.deactivate();
        else if (driver instanceof CoalescingDiskDriver d) d.deactivate();
        driver = null;
    }

    /** Unbinds the bound driver and binds one of {@code version}, with the machine stopped: one virtual instant. */
    void swap(String version) {
        unbind();
        driver = bind(version);
    }

    /** Lets the tasks start {@code n} more requests (at the next safe point; at once while the machine is stopped). */
    void submit(long n) {
        m.machine().post(() -> {
            budget = n == Long.MAX_VALUE ? n : budget + n;
            go.wakeUp();
        });
    }

    /** Requests the block layer has handed to the driver and not yet completed. */
    int started() {
        return block.started(DISK).size();
    }

    String dmesg() {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        m.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
