package org.kernellab.api.vm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;
import static org.kernellab.api.Ctx.USER_ACCESS;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.kernellab.api.vm.dto.PteDTO;
import org.kernellab.api.vm.dto.VmaDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * User address spaces (mm/mmap.c, mm/mprotect.c, mm/memory.c, kernel/fork.c). Each user process
 * ({@link TaskSpec#process}) has an {@code mm}, made on its first use of this service as exec
 * would make it: a text mapping at {@link Mman#TEXT_START}, an empty heap after it and a 132 KiB
 * stack below {@link Mman#STACK_TOP}. Kernel threads have none.
 *
 * <p>The system calls act on the current task's mm and return what Linux's return: an address
 * or 0, or a negative errno. The user-mode accesses ({@link #load}, {@link #store},
 * {@link #touch}) are the process's own instructions touching its memory, as {@code compute} is
 * its use of the CPU: a page not yet mapped faults at that exact virtual instant and costs the
 * fault's simulated time (a minor fault), or sleeps for the disk (a major fault); an access the
 * mappings do not allow kills the process with SIGSEGV and Linux's {@code segfault at} line.
 * Implemented only by the memory manager.
 */
@ProviderType
@KernelService
public interface AddressSpaces {
    /**
     * mmap(): maps {@code length} bytes; {@code file} null with {@link Mman#MAP_ANONYMOUS}.
     * Returns the address, or -EINVAL (zero length, unaligned offset or MAP_FIXED address, neither
     * or both of MAP_SHARED and MAP_PRIVATE), -EBADF (no file without MAP_ANONYMOUS), -EACCES (a
     * shared writable mapping of a read-only file), -EPERM (MAP_FIXED below mmap_min_addr),
     * -EEXIST (MAP_FIXED_NOREPLACE over a mapping), -ENOMEM (no room, or too many mappings).
     */
    @Contract(value = MAY_SLEEP, fix = "map memory from process context (the system call path)")
    long mmap(long addr, long length, int prot, int flags, VmFile file, long offset);

    /** munmap(): 0, or -EINVAL (unaligned address, zero length, beyond TASK_SIZE). Unmapping nothing is not an error. */
    @Contract(MAY_SLEEP)
    int munmap(long addr, long length);

    /**
     * mprotect(): 0, or -EINVAL (unaligned start, unknown bits), -ENOMEM (a hole in the range),
     * -EACCES (write to a shared mapping of a read-only file).
     */
    @Contract(MAY_SLEEP)
    int mprotect(long addr, long length, int prot);

    /** brk(): the new break, or the old one when the request is refused (below the heap's start, or into a mapping). {@code 0} asks for the current break. */
    @Contract(MAY_SLEEP)
    long brk(long brk);

    /**
     * fork(): a child process running {@code body}, whose address space is a copy-on-write copy
     * of the caller's: private pages are shared read-only until one side writes. Returns the child,
     * or null when there is not enough memory for its page tables (-ENOMEM). {@code spec} must be a
     * process.
     */
    @Contract(MAY_SLEEP)
    Task fork(TaskSpec spec, TaskBody body);

    /** The user process reads {@code len} bytes at {@code addr} into {@code dst[off..]}. May fault; a bad address kills it with SIGSEGV. */
    @Contract(value = USER_ACCESS, fix = "only a process touches its own memory in user mode; kernel code uses Uaccess.copyFromUser")
    void load(long addr, byte[] dst, int off, int len);

    /** The user process writes {@code src[off..off+len)} at {@code addr}. May fault (copy-on-write too); a bad address kills it with SIGSEGV. */
    @Contract(value = USER_ACCESS, fix = "only a process touches its own memory in user mode; kernel code uses Uaccess.copyToUser")
    void store(long addr, byte[] src, int off, int len);

    /**
     * The user process touches one byte of every page of {@code [addr, addr+len)}: reads it, or
     * with {@code write} writes it back unchanged (so a write fault happens and contents stay).
     */
    @Contract(value = USER_ACCESS, fix = "only a process touches its own memory in user mode")
    void touch(long addr, long len, boolean write);

    /** Writes /proc/pid/oom_score_adj: -1000..1000 (OOM_SCORE_ADJ_MIN..MAX); returns 0, -EINVAL, or -ESRCH for no such process. */
    @Contract(ATOMIC_SAFE)
    int setOomScoreAdj(int pid, int adj);

    /** The process's memory counters (VmSize, VmRSS, page faults, ...), or null when {@code pid} has no mm. */
    @Contract(ATOMIC_SAFE)
    MmStatsDTO stats(int pid);

    /** The process's VMAs in address order, or an empty list. */
    @Contract(ATOMIC_SAFE)
    List<VmaDTO> maps(int pid);

    /** Every present page-table entry of the process, in address order. */
    @Contract(ATOMIC_SAFE)
    List<PteDTO> pagemap(int pid);

    /** /proc/pid/maps (fs/proc/task_mmu.c show_map_vma), or null when {@code pid} is not a live task. */
    @Contract(ATOMIC_SAFE)
    String procMaps(int pid);

    /** The memory lines of /proc/pid/status (fs/proc/task_mmu.c task_mem), or null when {@code pid} is not a live task. */
    @Contract(ATOMIC_SAFE)
    String procStatus(int pid);
}
