package org.kernellab.mm.vm;

import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Uaccess;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.mm.impl.MemoryNode;
import org.kernellab.mm.impl.PageAllocatorImpl;
import org.kernellab.softirq.impl.KthreadLayer;

/** A machine with the page allocator, an in-test PhysMem and the address-space service behind the boundary. */
final class Rig implements AutoCloseable {
    static final long LIMIT = 10_000_000_000L;

    final StandaloneMachine m;
    final PageAllocator pages;
    final VmService svc;
    final AddressSpaces as;
    final Uaccess ua;

    Rig(int cpus, int frames, ViolationPolicy policy) {
        this(cpus, frames, policy, VmService.Costs.DEFAULT);
    }

    Rig(int cpus, int frames, ViolationPolicy policy, VmService.Costs costs) {
        m = new StandaloneMachine(cpus, 250, 1, policy, PreemptModel.FULL, PreemptLayout.LINUX_6).withPeriodicTick();
        pages = m.boundary().wrap(PageAllocator.class, new PageAllocatorImpl(
                new MemoryNode(m.kernel(), m.machine(), new KthreadLayer(m.kernel(), m.machine()), frames, false)));
        svc = new VmService(m.kernel(), pages, new SparsePhysMem(frames), m.hrtimers(), costs, m.machine()::generation);
        as = m.boundary().wrap(AddressSpaces.class, svc);
        ua = m.boundary().wrap(Uaccess.class, svc);
    }

    Rig() {
        this(1, 1024, ViolationPolicy.WARN);
    }

    Task spawn(String comm, TaskBody body) {
        return m.kernel().spawn(TaskSpec.process(comm), body);
    }

    /** Line 5 runs {@code irq} when raised at {@code atNs} on CPU 0. */
    void irqAt(long atNs, IntConsumer irq) {
        m.irqEntry((line, cpu) -> {
            if (line == 0) m.timeKeeping().tick();
            if (line == 5) irq.accept(cpu);
        });
        m.machine().at(atNs, now -> m.machine().raiseIrq(5, 0));
    }

    void run() {
        m.kernel().runUntilIdle(LIMIT);
    }

    String log() {
        return m.kernel().dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        m.close();
    }
}
