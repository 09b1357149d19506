package org.kernellab.mm.vm;

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
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.block.BioOp;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockDriver;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.block.QueueRqStatus;
import org.kernellab.api.block.Request;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.PageCache;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Uaccess;
import org.kernellab.block.impl.BlockLayerImpl;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.mm.impl.MemoryNode;
import org.kernellab.mm.impl.PageAllocatorImpl;
import org.kernellab.mm.impl.TestAccess;
import org.kernellab.softirq.impl.KthreadLayer;
import org.kernellab.softirq.impl.SoftirqLayer;

/**
 * The memory manager over a disk: a standalone machine (HZ 250, with the tick) with the real
 * softirq layer and block layer, a fake disk driver of fixed latency on IRQ line 14 (CPU 0) whose
 * sectors live in {@link FakeDisk#sectors}, node 0 with its LRU, the address spaces and the
 * PageCache service, each behind the boundary as bundles see them.
 */
final class DiskRig implements AutoCloseable {
    static final long LIMIT = 10_000_000_000L;
    static final int IRQ = 14;
    static final String DISK = "disk0";
    /** The fake disk's service time of every request, ns. */
    static final long LATENCY_NS = 80_000;

    final StandaloneMachine m;
    final Kernel k;
    final MemoryNode node;
    final PageAllocator pages;
    final BlockLayerImpl blockImpl;
    final BlockLayer block;
    final VmService svc;
    final AddressSpaces as;
    final Uaccess ua;
    final PageCache cache;
    final FakeDisk disk = new FakeDisk();

    DiskRig(int cpus, int frames, VmService.Costs costs) {
        m = new StandaloneMachine(cpus, 250, 1, ViolationPolicy.PANIC, PreemptModel.FULL, PreemptLayout.LINUX_6).withPeriodicTick();
        k = m.kernel();
        KthreadLayer kthreads = new KthreadLayer(k, m.machine());
        SoftirqLayer softirqs = new SoftirqLayer(k, m.machine(), kthreads);
        m.bottomHalf(softirqs);
        blockImpl = new BlockLayerImpl(k, m.machine(), softirqs);
        block = m.boundary().wrap(BlockLayer.class, blockImpl);
        m.irqEntry((irq, cpu) -> {
            if (irq == 0) m.timeKeeping().tick();
            else if (irq == IRQ) disk.irq();
        });
        blockImpl.attachDriver(DISK, 1 << 16, 32, disk);
        m.tracer().start();
        node = new MemoryNode(k, m.machine(), kthreads, frames, false);
        pages = m.boundary().wrap(PageAllocator.class, new PageAllocatorImpl(node));
        svc = new VmService(k, pages, new SparsePhysMem(frames), m.hrtimers(), costs, m.machine()::generation);
        svc.setNode(node);
        svc.setBlockLayer(block);
        as = m.boundary().wrap(AddressSpaces.class, svc);
        ua = m.boundary().wrap(Uaccess.class, svc);
        cache = m.boundary().wrap(PageCache.class, TestAccess.pageCache(node, svc));
    }

    DiskRig() {
        this(2, 4096, VmService.Costs.DEFAULT);
    }

    /** What the fake disk was asked to do, in order. */
    record Dispatch(long atNs, BioOp op, long sector, int sectors) {}

    /** A disk of 32 MiB that serves each request in {@link #LATENCY_NS} and completes it from its interrupt handler. */
    final class FakeDisk implements BlockDriver {
        final byte[] sectors = new byte[(1 << 16) * 512];
        final Set<Long> bad = new HashSet<>();
        final List<Dispatch> log = new ArrayList<>();
        final Deque<Request> posted = new ArrayDeque<>();
        /** When the interrupt handler ran, each time. */
        final List<Long> irqs = new ArrayList<>();

        @Override
        public QueueRqStatus queueRq(Request rq) {
            log.add(new Dispatch(k.now(), rq.op(), rq.sector(), rq.sectors()));
            m.machine().at(k.now() + LATENCY_NS, now -> {
                posted.add(rq);
                m.machine().raiseIrq(IRQ, 0);
            });
            return QueueRqStatus.OK;
        }

        void irq() {
            irqs.add(k.now());
            Request rq;
            while ((rq = posted.poll()) != null) {
                BlkStatus st = BlkStatus.OK;
                for (long s = rq.sector(); s < rq.sector() + rq.sectors(); s++) if (bad.contains(s)) st = BlkStatus.MEDIUM;
                if (st == BlkStatus.OK && rq.buffer() != null) {
                    int off = (int) rq.sector() * 512;
                    if (rq.op() == BioOp.WRITE) System.arraycopy(rq.buffer(), 0, sectors, off, rq.buffer().length);
                    else System.arraycopy(sectors, off, rq.buffer(), 0, rq.buffer().length);
                }
                blockImpl.complete(rq, st);
            }
        }

        /** Writes {@code data} at {@code sector}, as a tool that prepared the disk image would. */
        void put(long sector, byte[] data) {
            System.arraycopy(data, 0, sectors, (int) sector * 512, data.length);
        }

        List<Dispatch> reads() {
            return log.stream().filter(d -> d.op() == BioOp.READ).collect(Collectors.toList());
        }
    }

    /** A recognisable pattern of {@code n} bytes. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed * 7 + 3);
        return b;
    }

    Task spawn(String comm, TaskBody body) {
        return k.spawn(TaskSpec.process(comm), body);
    }

    Task spawnOn(String comm, int cpu, TaskBody body) {
        return k.spawn(TaskSpec.process(comm).onCpu(cpu), body);
    }

    void run() {
        k.runUntilIdle(LIMIT);
    }

    String log() {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        m.close();
    }
}
