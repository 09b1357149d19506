package org.kernellab.mm.impl;

import org.kernellab.core.StandaloneMachine;
import org.kernellab.softirq.impl.KthreadLayer;

/** The memory manager's services over a standalone machine, for unit tests. */
final class Mem {
    private Mem() {}

    static MemoryNode node(StandaloneMachine m, int pages) {
        return node(m, pages, true);
    }

    static MemoryNode node(StandaloneMachine m, int pages, boolean slubDebug) {
        return new MemoryNode(m.kernel(), m.machine(), new KthreadLayer(m.kernel(), m.machine()), pages, 0,
                Watermarks.DEFAULT_SCALE_FACTOR, slubDebug);
    }

    static PageAllocatorImpl pages(StandaloneMachine m, int pages) {
        return new PageAllocatorImpl(node(m, pages));
    }
}
