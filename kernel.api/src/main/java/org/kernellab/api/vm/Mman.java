package org.kernellab.api.vm;

/**
 * The constants of the memory system calls, with x86-64's values
 * (include/uapi/asm-generic/mman-common.h, mman.h) and the address-space layout KernelLab gives
 * every process (arch/x86/include/asm/page_64_types.h, processor.h; a layout without address
 * space randomisation, as with {@code randomize_va_space=0}).
 */
public final class Mman {
    public static final int PROT_NONE = 0x0;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int PROT_EXEC = 0x4;

    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    /** Fault every page in at mmap time (mm/gup.c mm_populate). */
    public static final int MAP_POPULATE = 0x8000;
    /** MAP_FIXED, but fail with -EEXIST instead of replacing a mapping. */
    public static final int MAP_FIXED_NOREPLACE = 0x100000;

    /** PAGE_SIZE (x86-64). */
    public static final long PAGE_SIZE = 4096;
    /** TASK_SIZE_MAX: the end of user space, ((1UL << 47) - PAGE_SIZE). */
    public static final long TASK_SIZE = 0x7ffffffff000L;
    /** The top of the stack without randomisation (STACK_TOP = TASK_SIZE). */
    public static final long STACK_TOP = TASK_SIZE;
    /** mmap_base without randomisation: TASK_SIZE minus the 128 MiB minimum gap (mm/util.c mmap_base). */
    public static final long MMAP_BASE = TASK_SIZE - (128L << 20);
    /** Where a program's text starts (the x86-64 ELF default, 0x400000). */
    public static final long TEXT_START = 0x400000L;
    /** vm.mmap_min_addr's default (65536): nothing is mapped below it, so NULL always faults. */
    public static final long MMAP_MIN_ADDR = 0x10000L;
    /** PAGE_OFFSET: the start of the direct map of physical memory (x86-64, 4-level paging). */
    public static final long PAGE_OFFSET = 0xffff888000000000L;

    private Mman() {}

    /** True for an error return of mmap or brk (a negative errno, as IS_ERR_VALUE). */
    public static boolean isError(long ret) {
        return ret < 0 && ret >= -4095;
    }
}
