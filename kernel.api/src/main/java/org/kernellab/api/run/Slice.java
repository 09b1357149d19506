package org.kernellab.api.run;

/**
 * A stretch of one CPU's time: a task running from {@code startNs} to {@code endNs}, or an
 * interrupt handler ({@code irq} &ge; 0, then {@code pid} is the interrupted task's). The idle
 * task is pid 0. Slices of one CPU do not overlap except that an interrupt lies inside the
 * task slice it interrupted.
 */
public record Slice(int cpu, long startNs, long endNs, int pid, String name, int irq) {
    /** True for an interrupt handler's slice. */
    public boolean isIrq() {
        return irq >= 0;
    }
}
