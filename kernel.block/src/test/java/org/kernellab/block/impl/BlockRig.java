package org.kernellab.block.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockDriver;
import org.kernellab.api.block.QueueRqStatus;
import org.kernellab.api.block.Request;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.softirq.impl.KthreadLayer;
import org.kernellab.softirq.impl.SoftirqLayer;

/**
 * A standalone machine (HZ 250, with the tick) with the real softirq layer and the block layer,
 * and a fake disk driver: a device of fixed latency that serves up to {@code depth} requests at
 * once, keeps its sectors in memory, and completes on IRQ line 14 at CPU 0.
 */
final class BlockRig implements AutoCloseable {
    static final long LIMIT = 30_000_000_000L;
    static final int IRQ = 14;
    static final String DISK = "disk0";

    final StandaloneMachine m;
    final Kernel k;
    final SoftirqLayer softirqs;
    final BlockLayerImpl block;
    /** The driver whose interrupt handler is on line 14. */
    FakeDriver driver;

    BlockRig(int cpus, long latencyNs, int depth) {
        m = new StandaloneMachine(cpus, 250, 1, ViolationPolicy.PANIC, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.withPeriodicTick();
        k = m.kernel();
        KthreadLayer kthreads = new KthreadLayer(k, m.machine());
        softirqs = new SoftirqLayer(k, m.machine(), kthreads);
        m.bottomHalf(softirqs);
        block = new BlockLayerImpl(k, m.machine(), softirqs);
        driver = new FakeDriver(latencyNs, depth);
        m.irqEntry((irq, cpu) -> {
            if (irq == 0) m.timeKeeping().tick();
            else if (irq == IRQ) driver.irq();
        });
        block.attachDriver(DISK, 1 << 20, depth, driver);
    }

    /** What the fake driver did, in order. */
    record Dispatch(long atNs, long id, String op, long sector, int sectors) {}

    class FakeDriver implements BlockDriver {
        final long latencyNs;
        final int depth;
        final byte[] mem = new byte[4096 * 512];
        final Set<Long> bad = new HashSet<>();
        final List<Dispatch> log = new ArrayList<>();
        final Deque<Request> posted = new ArrayDeque<>();
        int held;
        boolean busy;

        FakeDriver(long latencyNs, int depth) {
            this.latencyNs = latencyNs;
            this.depth = depth;
        }

        @Override
        public QueueRqStatus queueRq(Request rq) {
            if (busy || held == depth) return QueueRqStatus.BUSY;
            held++;
            log.add(new Dispatch(k.now(), rq.id(), rq.op().name(), rq.sector(), rq.sectors()));
            m.machine().at(k.now() + latencyNs, now -> {
                posted.add(rq);
                m.machine().raiseIrq(IRQ, 0);
            });
            return QueueRqStatus.OK;
        }

        /** The interrupt handler: transfers and completes every posted request. */
        void irq() {
            Request rq;
            while ((rq = posted.poll()) != null) {
                held--;
                BlkStatus st = BlkStatus.OK;
                for (long s = rq.sector(); s < rq.sector() + rq.sectors(); s++) if (bad.contains(s)) st = BlkStatus.IOERR;
                if (st == BlkStatus.OK && rq.buffer() != null) {
                    int off = (int) rq.sector() * 512;
                    if (rq.op() == org.kernellab.api.block.BioOp.WRITE) System.arraycopy(rq.buffer(), 0, mem, off, rq.buffer().length);
                    else System.arraycopy(mem, off, rq.buffer(), 0, rq.buffer().length);
                }
                block.complete(rq, st);
            }
        }

        List<Long> sectors() {
            return log.stream().map(Dispatch::sector).collect(Collectors.toList());
        }
    }

    static byte[] pattern(int sectors, int seed) {
        byte[] b = new byte[sectors * 512];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7 + seed);
        return b;
    }

    static Bio write(long sector, byte[] data, List<String> ends) {
        return Bio.write(DISK, sector, data, (b, st) -> ends.add("W" + b.sector() + " " + st));
    }

    static Bio read(long sector, int sectors, List<String> ends) {
        return Bio.read(DISK, sector, new byte[sectors * 512], (b, st) -> ends.add("R" + b.sector() + " " + st));
    }

    void run() { k.runUntilIdle(LIMIT); }

    String dmesg() {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() { m.close(); }
}
