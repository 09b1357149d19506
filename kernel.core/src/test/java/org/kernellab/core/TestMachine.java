package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.hw.IrqEntry;

/**
 * A machine for unit tests: a KernelHost with a minimal interrupt layer (a handler per line)
 * and, optionally, a periodic tick on every CPU raised on line 0, like the timer driver.
 */
final class TestMachine implements AutoCloseable {
    interface Handler {
        void handle(int irq, int cpu);
    }

    final KernelHost host;
    final Handler[] handlers = new Handler[64];
    final List<String> irqLog = new ArrayList<>();

    TestMachine(MachineConfig config) {
        host = new KernelHost(config);
        host.irqEntry(new IrqEntry() {
            @Override
            public void handleIrq(int irq, int cpu) {
                Handler h = handlers[irq];
                if (h != null) h.handle(irq, cpu);
            }
        });
    }

    TestMachine() {
        this(MachineConfig.defaults());
    }

    /** A periodic tick on line 0 of every CPU, driving TimeKeeping.tick(). */
    TestMachine withTick() {
        handlers[0] = (irq, cpu) -> host.timeKeeping.tick();
        long period = host.timeKeeping.tickNs();
        for (int c = 0; c < host.config().cpus(); c++) {
            int cpu = c;
            arm(cpu, period, period);
        }
        return this;
    }

    private void arm(int cpu, long at, long period) {
        host.machine.atBackground(at, now -> {
            host.machine.raiseIrq(0, cpu);
            arm(cpu, now + period, period);
        });
    }

    String dmesg() {
        StringBuilder sb = new StringBuilder();
        for (LogLineDTO l : host.kernel.dmesg()) sb.append(Printk.format(l)).append('\n');
        return sb.toString();
    }

    @Override
    public void close() {
        host.shutdown();
    }
}
