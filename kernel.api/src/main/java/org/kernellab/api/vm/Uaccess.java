package org.kernellab.api.vm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The user/kernel boundary (include/linux/uaccess.h, arch/x86/lib/usercopy_64.c,
 * lib/strncpy_from_user.c) and the kernel's own dereferences. The user copies work on the
 * address space of {@code current}, whoever that is: from an interrupt handler, the interrupted
 * process.
 *
 * <p>Each copy is checked with might_fault() (mm/memory.c __might_fault): unless page faults are
 * disabled ({@link #pagefaultDisable}), it is might_sleep(), so a copy from interrupt context,
 * or from atomic context, gets the "sleeping function called from invalid context" report. A
 * copy whose page is not present faults and may sleep for it, except under
 * faulthandler_disabled() (page faults disabled, or in atomic context): then the fault takes the
 * exception fixup and the copy returns short. A kernel address, or an unmapped or forbidden user
 * one, never yields data. The boundary cannot decide the check from the method alone, so every
 * method is declared atomic-safe and makes it itself, as alloc_pages does for its GFP flags.
 * Implemented only by the memory manager.
 */
@ProviderType
@KernelService
public interface Uaccess {
    /** access_ok() (arch/x86/include/asm/uaccess_64.h): the range lies below TASK_SIZE_MAX. Checks no mapping. */
    @Contract(ATOMIC_SAFE)
    boolean accessOk(long addr, long size);

    /** copy_from_user(): copies {@code n} bytes from user {@code from} to {@code to[off..]}; returns the bytes NOT copied, and zero-fills them. */
    @Contract(ATOMIC_SAFE)
    long copyFromUser(byte[] to, int off, long from, int n);

    /** copy_to_user(): copies {@code n} bytes of {@code from[off..]} to user {@code to}; returns the bytes NOT copied. */
    @Contract(ATOMIC_SAFE)
    long copyToUser(long to, byte[] from, int off, int n);

    /**
     * get_user(): reads a {@code size}-byte (1, 2, 4, 8) little-endian value at user {@code addr}
     * into {@code val[0]}; returns 0, or -EFAULT with {@code val[0]} = 0.
     */
    @Contract(ATOMIC_SAFE)
    int getUser(long[] val, long addr, int size);

    /** put_user(): writes the low {@code size} bytes (1, 2, 4, 8) of {@code value} at user {@code addr}; returns 0 or -EFAULT. */
    @Contract(ATOMIC_SAFE)
    int putUser(long value, long addr, int size);

    /**
     * strncpy_from_user(): copies a NUL-terminated string of at most {@code count} bytes into
     * {@code dst}; returns its length without the NUL, {@code count} when no NUL came within it,
     * or -EFAULT.
     */
    @Contract(ATOMIC_SAFE)
    long strncpyFromUser(byte[] dst, long src, int count);

    /** pagefault_disable() (include/linux/uaccess.h): current's pagefault_disabled count goes up. Nests. */
    @Contract(ATOMIC_SAFE)
    void pagefaultDisable();

    /** pagefault_enable(). */
    @Contract(ATOMIC_SAFE)
    void pagefaultEnable();

    /** pagefault_disabled(). */
    @Contract(ATOMIC_SAFE)
    boolean pagefaultDisabled();

    /** page_address(): the kernel virtual address of page frame {@code pfn} in the direct map. */
    @Contract(ATOMIC_SAFE)
    long pageAddress(long pfn);

    /**
     * The kernel dereferences {@code kaddr} (a direct-map address from {@link #pageAddress}):
     * reads {@code len} bytes. A NULL, unmapped or user address is a bad kernel access: an Oops in
     * x86's format, and the current task dies (or the machine halts under the panic policy).
     */
    @Contract(ATOMIC_SAFE)
    void kernelRead(long kaddr, byte[] dst, int off, int len);

    /** The kernel writes through {@code kaddr}; a bad address Oopses as {@link #kernelRead} does. */
    @Contract(ATOMIC_SAFE)
    void kernelWrite(long kaddr, byte[] src, int off, int len);
}
