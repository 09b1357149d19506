package org.kernellab.api;

/** Taint flags KernelLab sets (kernel/panic.c taint_flags). */
public enum Taint {
    /** 'W': a warning was issued (TAINT_WARN, bit 9). */
    WARN('W', 9),
    /** 'D': the kernel died recently, an Oops (TAINT_DIE, bit 7). */
    DIE('D', 7);

    public final char letter;
    public final int bit;
    Taint(char letter, int bit) { this.letter = letter; this.bit = bit; }
}
