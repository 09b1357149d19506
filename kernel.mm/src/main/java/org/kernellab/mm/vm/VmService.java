package org.kernellab.mm.vm;

import static org.kernellab.api.vm.Mman.MAP_ANONYMOUS;
import static org.kernellab.api.vm.Mman.MAP_FIXED;
import static org.kernellab.api.vm.Mman.MAP_FIXED_NOREPLACE;
import static org.kernellab.api.vm.Mman.MAP_POPULATE;
import static org.kernellab.api.vm.Mman.MAP_PRIVATE;
import static org.kernellab.api.vm.Mman.MAP_SHARED;
import static org.kernellab.api.vm.Mman.MMAP_BASE;
import static org.kernellab.api.vm.Mman.MMAP_MIN_ADDR;
import static org.kernellab.api.vm.Mman.PAGE_OFFSET;
import static org.kernellab.api.vm.Mman.PROT_EXEC;
import static org.kernellab.api.vm.Mman.PROT_READ;
import static org.kernellab.api.vm.Mman.PROT_WRITE;
import static org.kernellab.api.vm.Mman.STACK_TOP;
import static org.kernellab.api.vm.Mman.TASK_SIZE;
import static org.kernellab.api.vm.Mman.TEXT_START;
import static org.kernellab.mm.vm.PageTable.A;
import static org.kernellab.mm.vm.PageTable.D;
import static org.kernellab.mm.vm.PageTable.P;
import static org.kernellab.mm.vm.PageTable.PFN_MASK;
import static org.kernellab.mm.vm.PageTable.RW;
import static org.kernellab.mm.vm.PageTable.US;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Ctx;
import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskDeath;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.OutOfMemory;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.PhysMem;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimers;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Uaccess;
import org.kernellab.api.vm.VmFile;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.kernellab.api.vm.dto.PteDTO;
import org.kernellab.api.vm.dto.VmaDTO;
import org.kernellab.mm.impl.CacheOwner;
import org.kernellab.mm.impl.DiskReadahead;
import org.kernellab.mm.impl.MemoryNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * User address spaces, page faults, the user/kernel boundary and the OOM killer: the half of the
 * memory manager above the page allocator. It uses the {@link PageAllocator} for every frame
 * (user pages and page tables) and {@link PhysMem} for their contents, so user memory holds real
 * bytes. See docs/address-spaces.md for the design and where it differs from Linux.
 *
 * <p>Each user process gets its {@link Mm} on its first use of this service (as exec would make
 * it), kept in {@link #procs} by pid with the {@link Task} it belongs to. Its mm is torn down
 * (exit_mmap) when the task exits, from the core's exit hook (do_exit's exit_mm); a sweep before
 * the OOM killer selects and when a new process appears catches tasks that ended before this
 * service was there. A task killed by SIGSEGV or an Oops has its memory freed at once; an OOM
 * victim has it reaped at once and gets SIGKILL, dying at its next safe point.
 *
 * <p>The core puts each kernel service behind its boundary one interface per registration, so this
 * component is registered as itself (and as {@link OutOfMemory}, which is no kernel service), and
 * {@link AddressSpacesComponent} and {@link UaccessComponent} publish its two interfaces.
 *
 * <h2>Locking</h2>
 * Every field is guarded by the baton: simulated code runs one thing at a time, and the views
 * (procfs, mm:pagemap) are called with the machine held still.
 */
@Component(service = {VmService.class, OutOfMemory.class, org.kernellab.mm.impl.VmStats.class, DiskReadahead.class},
        configurationPid = VmService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VmService.Config.class)
public final class VmService implements AddressSpaces, Uaccess, OutOfMemory, org.kernellab.mm.impl.VmStats, CacheOwner, DiskReadahead {
    public static final String PID = "org.kernellab.mm.vm";

    @ObjectClassDefinition(name = "KernelLab address spaces",
            description = "The simulated cost of page faults (docs/address-spaces.md, the cost model).")
    public @interface Config {
        @AttributeDefinition(description = "CPU time of a minor fault: exception entry and exit, the walk, a page from the allocator and clear_page (ns).")
        long minor_fault_ns() default 500;

        @AttributeDefinition(description = "CPU time added by copy_page when a fault copies a page (copy-on-write), ns.")
        long copy_page_ns() default 250;

        @AttributeDefinition(description = "How long a major fault on a file with no disk behind it (one given by its contents) sleeps,"
                + " standing for the disk's read of one page (ns): an NVMe SSD's 4 KiB random read. A file on a disk is read"
                + " through the block layer and takes the disk's time instead.")
        long major_fault_ns() default 100_000;

        @AttributeDefinition(description = "vm.max_map_count: the most VMAs a process may have.")
        int max_map_count() default 65530;
    }

    /** The costs, as {@link Config} gives them (a record so that tests can build one). */
    record Costs(long minorNs, long copyNs, long majorNs, int maxMapCount) {
        static final Costs DEFAULT = new Costs(500, 250, 100_000, 65530);
    }

    // x86 page fault error code bits (arch/x86/include/asm/trap_pf.h)
    static final int X86_PF_PROT = 1;
    static final int X86_PF_WRITE = 2;
    static final int X86_PF_USER = 4;
    static final int X86_PF_RSVD = 8;
    static final int X86_PF_INSTR = 0x10;
    static final int X86_PF_PK = 0x20;

    /** _PAGE_PROTNONE (_PAGE_GLOBAL's bit when present is clear): a PROT_NONE page keeps its frame. */
    static final long PROTNONE = 0x100;
    static final long PAGE = 4096;
    /** The initial stack VMA: 132 KiB, as exec leaves it before the stack grows. */
    static final long STACK_SIZE = 132 * 1024;
    /** OOM_SCORE_ADJ_MIN/MAX (include/uapi/linux/oom.h). */
    static final int OOM_SCORE_ADJ_MIN = -1000;
    static final int OOM_SCORE_ADJ_MAX = 1000;
    /** The flags of a user page allocation; see docs/address-spaces.md (GFP_HIGHUSER_MOVABLE's bits are not defined yet). */
    static final int GFP_USER_PAGE = Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN;

    /** SIGBUS (include/uapi/asm-generic/signal.h, x86): a file page that cannot be read. */
    static final int SIGBUS = 7;

    private final Kernel kernel;
    private final PageAllocator pages;
    private final PhysMem mem;
    private final HrTimers hrtimers;
    private final Costs costs;
    /** The machine's boot generation ({@code Machine.generation()}); 0 for a test's single machine. */
    private final java.util.function.LongSupplier generation;
    /** The generation the state below belongs to. */
    private long seenGeneration;

    /** Processes (and kernel threads that used the boundary) by pid, in order of first use. */
    private final Map<Integer, Proc> procs = new LinkedHashMap<>();
    /** The user pages in use, by pfn. */
    private final Map<Long, Page> frames = new HashMap<>();
    /** Page caches of the files mapped so far. */
    private final Map<VmFile, Mapping> caches = new LinkedHashMap<>(); // insertion order: a deterministic reclaim order
    /** The block devices' own mappings (/dev/disk0 ...), by disk name: what readahead fills. */
    private final Map<String, Mapping> bdevs = new LinkedHashMap<>();
    /** The program file each comm runs, so processes of one program share its text page cache. */
    private final Map<String, VmFile> programs = new HashMap<>();
    private Proc last;
    private long nextShmemInode = 1;
    /** out_of_memory() calls so far: the fault path calls it only if the allocator has not. */
    private long oomCalls;
    /** vm events since the machine booted (mm/vmstat.c's pgfault, pgmajfault, oom_kill). */
    private long pgfault, pgmajfault, oomKills;
    /** printk_ratelimit() state for the segfault lines: 10 per 5 s. */
    private long rlBegin = Long.MIN_VALUE;
    private int rlPrinted;

    /**
     * The component. {@code mem} is optional until the physical-memory half of the memory manager
     * registers its PhysMem; without one the pages' bytes live in a {@link SparsePhysMem}. Greedy,
     * so that a PhysMem arriving after boot replaces the stand-in (before any process uses it).
     */
    @Activate
    public VmService(@Reference Kernel kernel, @Reference PageAllocator pages,
                     @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) PhysMem mem,
                     @Reference HrTimers hrtimers, @Reference org.kernellab.api.hw.Machine machine, Config config) {
        this(kernel, pages, mem, hrtimers,
                new Costs(config.minor_fault_ns(), config.copy_page_ns(), config.major_fault_ns(), config.max_map_count()), machine::generation);
    }

    VmService(Kernel kernel, PageAllocator pages, PhysMem mem, HrTimers hrtimers, Costs costs) {
        this(kernel, pages, mem, hrtimers, costs, () -> 0);
    }

    VmService(Kernel kernel, PageAllocator pages, PhysMem mem, HrTimers hrtimers, Costs costs, java.util.function.LongSupplier generation) {
        if (costs.minorNs() < 0 || costs.copyNs() < 0 || costs.majorNs() < 0 || costs.maxMapCount() < 1) {
            throw new IllegalArgumentException("costs " + costs + " must not be negative");
        }
        this.kernel = kernel;
        this.pages = pages;
        this.mem = mem != null ? mem : new SparsePhysMem(pages.totalPages());
        this.hrtimers = hrtimers;
        this.costs = costs;
        this.generation = generation;
        this.seenGeneration = generation.getAsLong();
        kernel.addExitHook(exitHook);
    }

    /** do_exit() -> exit_mm(): the exiting task's address space goes at once. In the exiting task, must not sleep. */
    private final org.kernellab.api.TaskExitHook exitHook = this::exiting;

    private void exiting(Task t) {
        syncGeneration();
        Proc p = procs.get(t.pid());
        if (p != null && p.task == t) exit(p);
    }

    /** The block layer, when bound: the pages of files on a disk are read through it. Set by DS on its thread, read by simulated code. */
    private volatile BlockLayer block;
    /** Node 0, when bound: page-cache pages join its inactive file list, so that kswapd, direct reclaim and drop_caches see them. */
    private volatile MemoryNode node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setBlockLayer(BlockLayer b) {
        this.block = b;
    }

    void unsetBlockLayer(BlockLayer b) {
        if (this.block == b) this.block = null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setNode(MemoryNode n) {
        this.node = n;
    }

    void unsetNode(MemoryNode n) {
        if (this.node == n) this.node = null;
    }

    /** The component goes: the core no longer tells it of exits. */
    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        kernel.removeExitHook(exitHook);
    }

    /**
     * After a reboot or {@code kernel:reset} the machine is new, and so is the page allocator's
     * zone (the memory manager keeps its state per generation): every process, page and page cache
     * kept here belonged to the old machine. They are forgotten, not freed, since their frames
     * are not the new zone's. Called at each entry that reads that state.
     */
    private void syncGeneration() {
        long g = generation.getAsLong();
        if (g == seenGeneration) return;
        seenGeneration = g;
        procs.clear();
        frames.clear();
        caches.clear();
        bdevs.clear();
        last = null;
        oomCalls = 0;
        pgfault = 0;
        pgmajfault = 0;
        oomKills = 0;
    }

    /** What this service keeps per task (the parts of task_struct it owns). */
    static final class Proc {
        final Task task;
        final int pid;
        Mm mm;
        long minFlt, majFlt;
        int oomScoreAdj;
        /** current->pagefault_disabled. */
        int pagefaultDisabled;
        /** A fatal signal is pending (SIGKILL from the OOM killer). */
        boolean killed;
        /** Its mm was made (exec); it stays null afterwards only once the process died or was reaped. */
        boolean execed;

        Proc(Task task) {
            this.task = task;
            this.pid = task.pid();
        }
    }

    // =====================================================================================
    // Tasks and their mm
    // =====================================================================================

    /**
     * The current task's entry, made on first use; its mm too for a user process (exec), on its
     * first use in task context: an interrupt handler that touches user memory finds the
     * interrupted process as it is, and allocates nothing for it.
     */
    private Proc current() {
        syncGeneration();
        Task t = kernel.current();
        Proc p = last;
        if (p == null || p.task != t) {
            p = procs.get(t.pid());
            if (p == null || p.task != t) {
                if (p != null) exit(p);
                sweep();
                p = new Proc(t);
                procs.put(p.pid, p);
            }
            last = p;
        }
        if (!p.execed && !t.isKernelThread() && !t.isIdle() && kernel.context().inTask()) {
            p.execed = true;
            p.mm = exec(t.comm());
        }
        return p;
    }

    /** In task context a pending kill is delivered here: the task dies. */
    private void deliverKill(Proc p) {
        if (p.killed && kernel.context().inTask()) throw TaskDeath.signal(TaskDeath.SIGKILL);
    }

    /** The current process, which must have an mm (a system call from a kernel thread is refused). */
    private Proc process(String call) {
        Proc p = current();
        deliverKill(p);
        if (p.mm == null) {
            throw new IllegalStateException(call + " from " + p.task.comm() + "/" + p.pid
                    + ", which has no address space: only a user process (TaskSpec.process) has one");
        }
        return p;
    }

    /** Tears down the mm of every task that has exited unseen (before this service added its exit hook). */
    private void sweep() {
        List<Proc> gone = new ArrayList<>();
        for (Proc p : procs.values()) {
            if (p.task.state() == TaskState.DEAD || kernel.task(p.pid) != p.task) gone.add(p);
        }
        for (Proc p : gone) exit(p);
    }

    private void exit(Proc p) {
        if (p.mm != null) exitMmap(p.mm);
        p.mm = null;
        procs.remove(p.pid, p);
        if (last == p) last = null;
    }

    /** A fresh address space as exec leaves it (fs/binfmt_elf.c): text, an empty heap, the stack. */
    private Mm exec(String comm) {
        long pgd = allocFrame(true);
        if (pgd < 0) throw TaskDeath.signal(TaskDeath.SIGKILL);
        Mm mm = new Mm(pgd);
        VmFile prog = programs.computeIfAbsent(comm, c -> {
            byte[] elf = new byte[(int) PAGE];
            elf[0] = 0x7f; elf[1] = 'E'; elf[2] = 'L'; elf[3] = 'F';
            return new VmFile("/usr/bin/" + c, 1000 + programs.size(), elf, false);
        });
        int text = Vma.VM_READ | Vma.VM_EXEC | Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC;
        insert(mm, new Vma(TEXT_START, TEXT_START + PAGE, text, mapping(prog), 0));
        mm.startCode = TEXT_START;
        mm.endCode = TEXT_START + PAGE;
        mm.startBrk = mm.brk = TEXT_START + PAGE;
        int stack = Vma.VM_READ | Vma.VM_WRITE | Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC | Vma.VM_GROWSDOWN;
        insert(mm, new Vma(STACK_TOP - STACK_SIZE, STACK_TOP, stack, null, 0));
        mm.startStack = STACK_TOP - 0x1000;
        return mm;
    }

    private Mapping mapping(VmFile f) {
        Mapping m = caches.get(f);
        if (m == null) {
            m = new Mapping(f, false);
            caches.put(f, m);
        }
        return m;
    }

    /** exit_mmap() (mm/mmap.c): every VMA unmapped, every page table freed. */
    private void exitMmap(Mm mm) {
        for (Vma v : new ArrayList<>(mm.vmas.values())) removeVma(mm, v);
        mm.pt.freeEmpty(0, 1L << 48, this::freeFrame);
        freeFrame(mm.pt.pgd.pfn);
        mm.vmas.clear();
    }

    // =====================================================================================
    // Frames
    // =====================================================================================

    /**
     * A page frame for user memory or a page table. A failure drops clean, unmapped page cache
     * (the reclaim this half of the memory manager can do itself) and retries; then it is
     * out_of_memory(), unless the allocator already called it, and a retry; -1 when nothing helps
     * (VM_FAULT_OOM). The current task may die here when the OOM killer chose it.
     */
    private long allocFrame(boolean mayKill) {
        for (int attempt = 0; attempt < 16; attempt++) {
            long before = oomCalls;
            long pfn = pages.allocPages(GFP_USER_PAGE, 0);
            if (pfn >= 0) return pfn;
            if (dropCleanCache() > 0) continue;
            if (oomCalls == before) {
                // mm/oom_kill.c pagefault_out_of_memory() is a no-op since 5.16 because the
                // allocator runs the OOM killer itself; one that does not yet is covered here
                if (!outOfMemory(GFP_USER_PAGE, 0)) return -1;
            }
            Proc p = procs.get(kernel.current().pid());
            if (mayKill && p != null && p.task == kernel.current() && p.killed) deliverKill(p);
        }
        return -1;
    }

    private void freeFrame(long pfn) {
        pages.freePages(pfn, 0);
    }

    /**
     * Drops the page-cache pages of files that no PTE maps and that are clean, unlocked and
     * uptodate (this half's own reclaim, for a machine without node 0's LRU; with it, direct
     * reclaim in the allocator has already tried).
     */
    private int dropCleanCache() {
        syncGeneration();
        int n = 0;
        for (Mapping m : caches.values()) n += dropClean(m);
        for (Mapping m : bdevs.values()) n += dropClean(m);
        return n;
    }

    private int dropClean(Mapping m) {
        if (m.shmem) return 0;
        int n = 0;
        var it = m.pages.values().iterator();
        while (it.hasNext()) {
            Page pg = it.next();
            if (reclaimable(pg)) {
                it.remove();
                frames.remove(pg.pfn);
                lruDel(pg.pfn);
                freeFrame(pg.pfn);
                n++;
            }
        }
        return n;
    }

    /** shrink_folio_list()'s tests: clean, not locked (under read), uptodate, mapped by no PTE. */
    private boolean reclaimable(Page pg) {
        return pg.kind == Page.FILE && pg.mapcount == 0 && !pg.dirty && !pg.locked && pg.uptodate && pg.readyAt <= kernel.now();
    }

    /**
     * Reclaim (kswapd, direct reclaim, drop_caches) found page {@code pfn} at the head of the
     * inactive file list: __remove_mapping() takes it out of its file's cache if
     * {@link #reclaimable}; the caller frees the frame. A page under read or mapped stays.
     */
    @Override
    public boolean release(long pfn) {
        syncGeneration();
        Page pg = frames.get(pfn);
        if (pg == null || !reclaimable(pg)) return false;
        if (pg.mapping.pages.get(pg.index) == pg) pg.mapping.pages.remove(pg.index);
        frames.remove(pfn);
        return true;
    }

    /** filemap_add_folio -> folio_add_lru: a file page joins node 0's inactive list (when there is one). */
    private void lruAdd(Page pg) {
        MemoryNode n = node;
        if (n != null) n.lruAdd(pg.pfn, this);
    }

    private void lruDel(long pfn) {
        MemoryNode n = node;
        if (n != null) n.lruDel(pfn);
    }

    // =====================================================================================
    // VMAs
    // =====================================================================================

    private void insert(Mm mm, Vma v) {
        mm.vmas.put(v.start, v);
        if (v.mapping != null) v.mapping.vmas++;
        mm.account(v.flags, v.pages());
        merge(mm, v);
    }

    /** vma_merge (mm/vma.c): {@code v} joins a compatible neighbour on either side. */
    private void merge(Mm mm, Vma v) {
        var prevE = mm.vmas.lowerEntry(v.start);
        if (prevE != null && prevE.getValue().canMergeWith(v)) {
            Vma prev = prevE.getValue();
            mm.remove(v.start);
            prev.end = v.end;
            if (v.mapping != null) v.mapping.vmas--;
            v = prev;
        }
        Vma next = mm.vmas.get(v.end);
        if (next != null && v.canMergeWith(next)) {
            mm.remove(next.start);
            v.end = next.end;
            if (next.mapping != null) next.mapping.vmas--;
        }
    }

    /** __split_vma (mm/vma.c): a VMA that straddles {@code at} becomes two. */
    private void splitAt(Mm mm, long at) {
        Vma v = mm.find(at);
        if (v == null || v.start == at) return;
        Vma hi = v.slice(at, v.end);
        v.end = at;
        mm.vmas.put(hi.start, hi);
        if (hi.mapping != null) hi.mapping.vmas++;
    }

    /** Unmaps {@code [start, end)} (do_vmi_align_munmap): splits, zaps the PTEs, frees the tables left empty. */
    private void unmapRange(Mm mm, long start, long end) {
        splitAt(mm, start);
        splitAt(mm, end);
        for (Vma v : new ArrayList<>(mm.vmas.subMap(start, end).values())) removeVma(mm, v);
        mm.pt.freeEmpty(start, end, this::freeFrame);
    }

    private void removeVma(Mm mm, Vma v) {
        zap(mm, v.start, v.end);
        mm.remove(v.start);
        mm.account(v.flags, -v.pages());
        Mapping m = v.mapping;
        if (m != null && --m.vmas == 0 && m.shmem) {
            // the last mapping of a shared anonymous object: shmem_evict_inode
            for (Page pg : m.pages.values()) {
                frames.remove(pg.pfn);
                freeFrame(pg.pfn);
            }
            m.pages.clear();
        }
    }

    /** zap_pte_range (mm/memory.c): each PTE in the range goes, and each page loses a mapping. */
    private void zap(Mm mm, long start, long end) {
        mm.pt.forEach(start, end, (leaf, va, pte) -> {
            PageTable.set(leaf, va, 0);
            unmapPage(mm, pte);
        });
    }

    private void unmapPage(Mm mm, long pte) {
        Page pg = frames.get((pte & PFN_MASK) >>> 12);
        if (pg == null) return;
        if ((pte & D) != 0 && pg.kind != Page.ANON) pg.dirty = true;
        pg.mapcount--;
        mm.addRss(pg.kind, -1);
        if (pg.kind == Page.ANON && pg.mapcount == 0) {
            frames.remove(pg.pfn);
            freeFrame(pg.pfn);
        }
    }

    private static int vmFlags(int prot) {
        // calc_vm_prot_bits (include/linux/mman.h): PROT_x and VM_x share bits 0..2
        return prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    }

    private static long pageAlign(long len) {
        return (len + PAGE - 1) & -PAGE;
    }

    // =====================================================================================
    // System calls (mm/mmap.c, mm/mprotect.c, kernel/fork.c)
    // =====================================================================================

    @Override
    public long mmap(long addr, long length, int prot, int flags, VmFile file, long offset) {
        Proc p = process("mmap()");
        Mm mm = p.mm;
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0) return -Errno.EINVAL;
        // arch/x86/kernel/sys_x86_64.c: the offset must be page aligned
        if ((offset & (PAGE - 1)) != 0 || offset < 0) return -Errno.EINVAL;
        // do_mmap()
        if (length == 0) return -Errno.EINVAL;
        long len = pageAlign(length);
        if (len <= 0 || len > TASK_SIZE) return -Errno.ENOMEM;
        int type = flags & 0x0f; // MAP_TYPE
        if (type != MAP_SHARED && type != MAP_PRIVATE) return -Errno.EINVAL;
        boolean anon = (flags & MAP_ANONYMOUS) != 0;
        if (!anon && file == null) return -Errno.EBADF; // ksys_mmap_pgoff: fget(fd) fails
        if (anon) {
            file = null;
            offset = 0;
        }
        if (mm.vmas.size() >= costs.maxMapCount()) return -Errno.ENOMEM;
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (fixed) {
            if ((addr & (PAGE - 1)) != 0) return -Errno.EINVAL;
            if (addr + len > TASK_SIZE || addr + len < addr) return -Errno.ENOMEM;
            // security_mmap_addr(): nothing below vm.mmap_min_addr
            if (addr < MMAP_MIN_ADDR) return -Errno.EPERM;
            if ((flags & MAP_FIXED_NOREPLACE) != 0 && overlaps(mm, addr, addr + len)) return -Errno.EEXIST;
        } else {
            addr = unmappedArea(mm, addr, len);
            if (addr < 0) return -Errno.ENOMEM;
        }
        int vmFlags = vmFlags(prot) | Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC;
        Mapping mapping = null;
        if (file != null) {
            if (type == MAP_SHARED) {
                if ((prot & PROT_WRITE) != 0 && !file.writable()) return -Errno.EACCES;
                vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
                // a read-only file can never be written through this mapping
                if (!file.writable()) vmFlags &= ~(Vma.VM_MAYWRITE | Vma.VM_SHARED);
            }
            mapping = mapping(file);
        } else if (type == MAP_SHARED) {
            // shmem_zero_setup(): a shared anonymous mapping is a shmem object, "/dev/zero (deleted)"
            vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
            mapping = new Mapping(new VmFile("/dev/zero", nextShmemInode++, new byte[0], true), true);
        }
        if (fixed) unmapRange(mm, addr, addr + len);
        insert(mm, new Vma(addr, addr + len, vmFlags, mapping, offset >>> 12));
        if ((flags & MAP_POPULATE) != 0) {
            // mm_populate (mm/gup.c): write faults for a private writable mapping, so COW is broken now
            boolean write = (vmFlags & (Vma.VM_WRITE | Vma.VM_SHARED)) == Vma.VM_WRITE;
            for (long va = addr; va < addr + len; va += PAGE) {
                if (resolve(p, va, write, true) < 0) break;
            }
        }
        return addr;
    }

    private static boolean overlaps(Mm mm, long start, long end) {
        var e = mm.vmas.lowerEntry(end);
        return e != null && e.getValue().end > start;
    }

    /**
     * arch_get_unmapped_area_topdown (mm/mmap.c): the hint if it is free, else the highest gap
     * below mmap_base that fits.
     */
    private static long unmappedArea(Mm mm, long hint, long len) {
        if (hint != 0) {
            long a = pageAlign(hint);
            if (a >= MMAP_MIN_ADDR && a <= TASK_SIZE - len && !overlaps(mm, a, a + len)) return a;
        }
        long gapEnd = MMAP_BASE;
        for (Vma v : mm.vmas.descendingMap().values()) {
            if (v.start >= gapEnd) continue;
            if (v.end <= gapEnd && gapEnd - v.end >= len) return gapEnd - len;
            gapEnd = Math.min(gapEnd, v.start);
        }
        return gapEnd - len >= MMAP_MIN_ADDR ? gapEnd - len : -1;
    }

    @Override
    public int munmap(long addr, long length) {
        Proc p = process("munmap()");
        // do_vmi_munmap (mm/vma.c)
        if ((addr & (PAGE - 1)) != 0 || addr > TASK_SIZE || length > TASK_SIZE - addr || length < 0) return -Errno.EINVAL;
        long end = addr + pageAlign(length);
        if (end == addr) return -Errno.EINVAL;
        unmapRange(p.mm, addr, end);
        return 0;
    }

    @Override
    public int mprotect(long start, long length, int prot) {
        Proc p = process("mprotect()");
        Mm mm = p.mm;
        // do_mprotect_pkey (mm/mprotect.c)
        if ((start & (PAGE - 1)) != 0) return -Errno.EINVAL;
        if (length == 0) return 0;
        long end = start + pageAlign(length);
        if (end <= start) return -Errno.ENOMEM;
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0) return -Errno.EINVAL;
        Vma v = firstEnding(mm, start);
        if (v == null || v.start > start) return -Errno.ENOMEM;
        long nstart = start;
        for (;;) {
            int newFlags = vmFlags(prot) | (v.flags & ~(Vma.VM_READ | Vma.VM_WRITE | Vma.VM_EXEC));
            // each VM_x needs its VM_MAYx
            if (((newFlags & ~(newFlags >> 4)) & (Vma.VM_READ | Vma.VM_WRITE | Vma.VM_EXEC)) != 0) return -Errno.EACCES;
            long tmp = Math.min(v.end, end);
            mprotectFixup(mm, v, nstart, tmp, newFlags);
            nstart = tmp;
            if (nstart >= end) return 0;
            v = mm.vmas.get(nstart);
            if (v == null) return -Errno.ENOMEM; // a hole: the VMAs before it keep their change, as in Linux
        }
    }

    private static Vma firstEnding(Mm mm, long addr) {
        Vma v = mm.find(addr);
        if (v != null) return v;
        var e = mm.vmas.ceilingEntry(addr);
        return e == null ? null : e.getValue();
    }

    /** mprotect_fixup (mm/mprotect.c): split, new flags, PTEs changed (change_protection), merge. */
    private void mprotectFixup(Mm mm, Vma v, long start, long end, int newFlags) {
        if (newFlags == v.flags) return;
        splitAt(mm, start);
        splitAt(mm, end);
        Vma w = mm.vmas.get(start);
        mm.account(w.flags, -w.pages());
        w.flags = newFlags;
        mm.account(w.flags, w.pages());
        boolean none = (newFlags & (Vma.VM_READ | Vma.VM_WRITE | Vma.VM_EXEC)) == 0;
        boolean write = (newFlags & Vma.VM_WRITE) != 0;
        mm.pt.forEach(start, end, (leaf, va, pte) -> {
            long n = pte;
            if (none) n = (n & ~P) | PROTNONE;
            else n = (n & ~PROTNONE) | P;
            // write access comes back through a write fault (do_wp_page), not here
            if (!write || !w.shared()) n &= ~RW;
            if (w.shared() && write && (pte & RW) != 0) n |= RW;
            PageTable.set(leaf, va, n);
        });
        merge(mm, w);
    }

    @Override
    public long brk(long brk) {
        Proc p = process("brk()");
        Mm mm = p.mm;
        // SYSCALL_DEFINE1(brk) (mm/mmap.c)
        long origbrk = mm.brk;
        if (brk < mm.startBrk) return origbrk;
        long newbrk = pageAlign(brk);
        long oldbrk = pageAlign(mm.brk);
        if (oldbrk == newbrk) {
            mm.brk = brk;
            return brk;
        }
        if (brk <= mm.brk) {
            mm.brk = brk;
            unmapRange(mm, newbrk, oldbrk);
            return brk;
        }
        // the heap must not grow into the next mapping (and its guard page)
        if (overlaps(mm, oldbrk, newbrk + PAGE)) return origbrk;
        if (mm.vmas.size() >= costs.maxMapCount()) return origbrk;
        // do_brk_flags: an anonymous rw mapping, merged with the heap below
        insert(mm, new Vma(oldbrk, newbrk, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_MAYREAD | Vma.VM_MAYWRITE | Vma.VM_MAYEXEC, null, 0));
        mm.brk = brk;
        return brk;
    }

    @Override
    public Task fork(TaskSpec spec, TaskBody body) {
        if (spec == null || body == null) throw new IllegalArgumentException("fork: spec and body must not be null");
        if (spec.kernelThread) throw new IllegalArgumentException("fork: spec " + spec.comm + " is a kernel thread; fork makes a process");
        Proc parent = process("fork()");
        Mm child = dupMm(parent);
        if (child == null) {
            deliverKill(parent); // the OOM killer may have chosen the parent while its tables were copied
            return null;
        }
        Task t = kernel.spawn(spec, body);
        Proc c = new Proc(t);
        c.mm = child;
        c.execed = true;
        c.oomScoreAdj = parent.oomScoreAdj; // signal->oom_score_adj is inherited
        procs.put(c.pid, c);
        return t;
    }

    /**
     * dup_mmap (kernel/fork.c) with copy_present_pte (mm/memory.c): every VMA copied; private
     * writable pages shared read-only by both (is_cow_mapping), so the first write on either side
     * copies. Null when page tables cannot be allocated.
     */
    private Mm dupMm(Proc parent) {
        Mm old = parent.mm;
        long pgd = allocFrame(false);
        if (pgd < 0) return null;
        Mm mm = new Mm(pgd);
        mm.startCode = old.startCode;
        mm.endCode = old.endCode;
        mm.startBrk = old.startBrk;
        mm.brk = old.brk;
        mm.startStack = old.startStack;
        boolean failedAny = false;
        for (Vma v : new ArrayList<>(old.vmas.values())) {
            if (parent.killed) break;
            Vma n = new Vma(v.start, v.end, v.flags, v.mapping, v.pgoff);
            mm.vmas.put(n.start, n);
            if (n.mapping != null) n.mapping.vmas++;
            mm.account(n.flags, n.pages());
            boolean cow = (v.flags & (Vma.VM_SHARED | Vma.VM_MAYWRITE)) == Vma.VM_MAYWRITE;
            boolean[] failed = {false};
            old.pt.forEach(v.start, v.end, (leaf, va, pte) -> {
                if (failed[0]) return;
                PageTable.Node dst = mm.pt.leaf(va, () -> allocFrame(false));
                if (dst == null || parent.killed) {
                    failed[0] = true;
                    return;
                }
                long q = pte;
                if (cow && (pte & RW) != 0) {
                    q &= ~RW;
                    PageTable.set(leaf, va, q);
                }
                PageTable.set(dst, va, q & ~A); // pte_mkold for the child
                Page pg = frames.get((pte & PFN_MASK) >>> 12);
                if (pg != null) {
                    pg.mapcount++;
                    mm.addRss(pg.kind, 1);
                }
            });
            if (failed[0]) {
                failedAny = true;
                break;
            }
        }
        if (parent.killed || failedAny) {
            exitMmap(mm);
            return null;
        }
        mm.hiwaterRss = mm.rssTotal();
        return mm;
    }

    @Override
    public int setOomScoreAdj(int pid, int adj) {
        if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX) return -Errno.EINVAL;
        Task t = kernel.task(pid);
        if (t == null) return -Errno.ESRCH;
        syncGeneration();
        Proc p = procs.get(pid);
        if (p == null || p.task != t) {
            p = new Proc(t);
            if (!t.isKernelThread()) {
                p.mm = exec(t.comm());
                p.execed = true;
            }
            procs.put(pid, p);
        }
        p.oomScoreAdj = adj;
        return 0;
    }

    // =====================================================================================
    // Faults (arch/x86/mm/fault.c do_user_addr_fault, mm/memory.c handle_mm_fault)
    // =====================================================================================

    private static final long MAPERR = -1, ACCERR = -2, FIXUP = -3, OOM = -4;
    /** VM_FAULT_SIGBUS: the page could not be read (an I/O error, or past the end of the file). */
    private static final long SIGBUS_FAULT = -5;

    /**
     * The frame behind {@code va} for an access, faulting it in when needed: the pfn, or
     * {@link #MAPERR} (no VMA), {@link #ACCERR} (the VMA forbids it), {@link #FIXUP} (a kernel
     * access that may not fault here) or {@link #OOM}.
     */
    private long resolve(Proc p, long va, boolean write, boolean user) {
        Mm mm = p.mm;
        if (mm == null) return user ? MAPERR : FIXUP;
        long pte = mm.pt.get(va);
        if ((pte & P) != 0 && (!write || (pte & RW) != 0)) {
            if ((pte & A) == 0 || write && (pte & D) == 0) {
                PageTable.set(mm.pt.leafIfPresent(va), va, pte | A | (write ? D : 0));
            }
            return (pte & PFN_MASK) >>> 12;
        }
        // faulthandler_disabled() (include/linux/uaccess.h): no fault handling, the fixup runs
        if (!user && (p.pagefaultDisabled > 0 || kernel.context().inAtomic())) return FIXUP;
        Vma v = mm.find(va);
        if (v == null) return MAPERR;
        // access_error()
        if (write ? (v.flags & Vma.VM_WRITE) == 0 : (v.flags & (Vma.VM_READ | Vma.VM_WRITE | Vma.VM_EXEC)) == 0) return ACCERR;
        return fault(p, mm, v, va & -PAGE, write);
    }

    /** handle_mm_fault: the fault is resolved, counted (mm_account_fault) and its time spent. */
    private long fault(Proc p, Mm mm, Vma v, long va, boolean write) {
        PageTable.Node leaf = mm.pt.leaf(va, () -> allocFrame(true));
        if (leaf == null) return OOM;
        int i = PageTable.index(va, 0);
        long pte = leaf.ptes[i];
        boolean major = false;
        long cost = costs.minorNs();
        long pfn;
        if ((pte & (P | PROTNONE)) == 0) {
            if (v.mapping == null) {
                // do_anonymous_page: a zeroed page of its own
                pfn = allocFrame(true);
                if (pfn < 0) return OOM;
                mem.clearPage(pfn);
                Page pg = new Page(pfn, Page.ANON, null, 0);
                frames.put(pfn, pg);
                map(mm, leaf, va, pg, (v.flags & Vma.VM_WRITE) != 0, write);
            } else {
                // do_fault: the page cache first (filemap_fault / shmem_fault)
                Mapping m = v.mapping;
                long index = v.index(va);
                // filemap_fault(): a page wholly past the end of a file on a disk is SIGBUS (index >= max_idx)
                if (!m.shmem && m.file.onDisk() && index >= pageAlign(m.file.size()) / PAGE) return SIGBUS_FAULT;
                Page pg = m.pages.get(index);
                if (pg == null) {
                    long f = allocFrame(true);
                    if (f < 0) return OOM;
                    pg = m.pages.get(index); // another task may have added it while we allocated
                    if (pg != null) {
                        freeFrame(f);
                    } else {
                        pg = new Page(f, m.shmem ? Page.SHMEM : Page.FILE, m, index);
                        m.pages.put(index, pg);
                        frames.put(f, pg);
                        if (m.shmem) {
                            mem.clearPage(f);
                        } else {
                            // "No page in the page cache at all": count_vm_event(PGMAJFAULT), VM_FAULT_MAJOR
                            major = true;
                            lruAdd(pg);
                            pg.mapcount++; // held while the read is submitted (submit_bio may sleep)
                            readFolio(pg, 0);
                            pg.mapcount--;
                        }
                    }
                }
                // a page under read (ours or another task's): wait for the disk, the folio lock
                pg.mapcount++; // held while we may sleep or allocate, so it is not dropped
                if (pg.locked) folioWaitLocked(pg);
                else sleepUntil(pg.readyAt);
                if (p.killed) {
                    pg.mapcount--;
                    deliverKill(p);
                    return OOM;
                }
                if (!pg.uptodate) {
                    // filemap_read_folio() failed (-EIO): filemap_fault() returns VM_FAULT_SIGBUS
                    pg.mapcount--;
                    return SIGBUS_FAULT;
                }
                if (write && !v.shared()) {
                    // do_cow_fault: a private copy of the file's page
                    long f = allocFrame(true);
                    pg.mapcount--;
                    if (f < 0) return OOM;
                    mem.copyPage(f, pg.pfn);
                    Page copy = new Page(f, Page.ANON, null, 0);
                    frames.put(f, copy);
                    map(mm, leaf, va, copy, true, true);
                    cost += costs.copyNs();
                } else {
                    pg.mapcount--;
                    // shared file pages are mapped read-only until written (write-notify); shmem writable at once
                    boolean writable = v.shared() && (v.flags & Vma.VM_WRITE) != 0 && (write || m.shmem);
                    if (write) pg.dirty = true;
                    map(mm, leaf, va, pg, writable, write);
                }
            }
        } else {
            // present but not writable: do_wp_page
            Page pg = frames.get((pte & PFN_MASK) >>> 12);
            if (v.shared()) {
                if (pg != null) pg.dirty = true; // wp_page_shared
                PageTable.set(leaf, va, pte | RW | D | A);
            } else if (pg != null && pg.kind == Page.ANON && pg.mapcount == 1) {
                PageTable.set(leaf, va, pte | RW | D | A); // wp_page_reuse: the only mapping
            } else {
                // wp_page_copy: this side gets its own copy
                if (pg != null) pg.mapcount++;
                long f = allocFrame(true);
                if (pg != null) pg.mapcount--;
                if (f < 0) return OOM;
                mem.copyPage(f, (pte & PFN_MASK) >>> 12);
                Page copy = new Page(f, Page.ANON, null, 0);
                frames.put(f, copy);
                PageTable.set(leaf, va, 0);
                unmapPage(mm, pte);
                map(mm, leaf, va, copy, true, true);
                cost += costs.copyNs();
            }
        }
        if (major) p.majFlt++;
        else p.minFlt++;
        pgfault++;
        if (major) pgmajfault++;
        // the fault's own CPU time, after the tables are consistent: a handler that interrupts it sees them whole
        kernel.compute(cost);
        deliverKill(p);
        return (leaf.ptes[i] & PFN_MASK) >>> 12;
    }

    private void map(Mm mm, PageTable.Node leaf, long va, Page pg, boolean writable, boolean dirty) {
        pg.mapcount++;
        mm.addRss(pg.kind, 1);
        PageTable.set(leaf, va, (pg.pfn << 12) | P | US | A | (writable ? RW : 0) | (dirty ? D : 0));
    }

    // =====================================================================================
    // The read path (mm/filemap.c filemap_read_folio, mm/readahead.c read_pages, block/bio.c)
    // =====================================================================================

    /**
     * Starts reading page-cache page {@code pg} (already in its mapping): for a file on a disk,
     * the page is locked and not uptodate, and a READ bio for its 8 sectors is submitted; the
     * bio's end_io ({@link #readDone}, from BLOCK_SOFTIRQ) fills the frame, marks the page
     * uptodate and unlocks it. Returns without waiting. A file given by its contents is copied at
     * once and its page is ready {@code major_fault_ns} later (the stand-in for a disk; see
     * docs/address-spaces.md). {@code flags} are REQ_* flags for the bio (readahead's REQ_RAHEAD
     * is not modelled; 0). Task context: submit_bio may sleep while the disk's queue is frozen.
     */
    private void readFolio(Page pg, int flags) {
        Mapping m = pg.mapping;
        VmFile file = m.file;
        if (!file.onDisk()) {
            byte[] buf = new byte[(int) PAGE];
            file.readPage(pg.index, buf);
            mem.write(pg.pfn, 0, buf, 0, buf.length);
            pg.readyAt = kernel.now() + costs.majorNs();
            return;
        }
        pg.locked = true; // __filemap_add_folio: added locked, not uptodate
        pg.uptodate = false;
        BlockLayer b = block;
        if (b == null || !b.disks().contains(file.disk())) {
            kernel.printk(LogLevel.ERR, "KernelLab: page " + pg.index + " of " + file.path() + " is on " + file.disk()
                    + ", which has no request queue (" + (b == null ? "no block layer" : "disks: " + b.disks())
                    + "): the read fails with -EIO; load kernel.block and the disk's driver");
            readDone(pg, null, BlkStatus.IOERR);
            return;
        }
        byte[] buf = new byte[(int) PAGE];
        long gen = seenGeneration;
        Bio bio = new Bio(file.disk(), org.kernellab.api.block.BioOp.READ, file.sectorOf(pg.index), buf, flags,
                (done, status) -> {
                    if (generation.getAsLong() == gen) readDone(pg, buf, status);
                });
        b.submitBio(bio);
    }

    /**
     * The READ bio's end_io (mpage_read_end_io -> folio_end_read, block/bio.c bio_endio): in
     * BLOCK_SOFTIRQ (or the completing interrupt), must not sleep. On success the disk's bytes go
     * into the frame (the tail past the end of the file reads as zeros, as mpage zeroes it) and
     * the page is uptodate; on an error it stays not uptodate and leaves the cache, so that the
     * next use reads it again (Linux keeps the !uptodate folio and the next fault re-reads it: the
     * same outcome). Then the page is unlocked and every task waiting for it is woken
     * (folio_unlock -> folio_wake_bit).
     */
    private void readDone(Page pg, byte[] data, BlkStatus status) {
        if (status == BlkStatus.OK) {
            long valid = pg.mapping.file.size() - pg.index * PAGE;
            if (valid < PAGE) java.util.Arrays.fill(data, (int) Math.max(0, valid), (int) PAGE, (byte) 0);
            mem.write(pg.pfn, 0, data, 0, data.length);
            pg.uptodate = true;
        } else {
            pg.uptodate = false;
            if (frames.get(pg.pfn) == pg) {
                if (pg.mapping.pages.get(pg.index) == pg) pg.mapping.pages.remove(pg.index);
                frames.remove(pg.pfn);
                lruDel(pg.pfn);
                freeFrame(pg.pfn);
            }
        }
        pg.locked = false;
        List<Task> w = pg.waiters;
        pg.waiters = null;
        if (w != null) for (Task t : w) kernel.wakeUpProcess(t);
    }

    /**
     * folio_wait_locked() (mm/filemap.c folio_wait_bit_common): sleeps in TASK_UNINTERRUPTIBLE
     * (D) until the page's read completes and unlocks it. Linux's filemap_fault waits killable
     * (TASK_KILLABLE, also shown as D); KernelLab has no TASK_WAKEKILL, so a SIGKILL is seen once
     * the read is done.
     */
    private void folioWaitLocked(Page pg) {
        Task me = kernel.current();
        while (pg.locked) {
            pg.addWaiter(me);
            kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
            if (!pg.locked) {
                kernel.setCurrentState(TaskState.RUNNING);
                if (pg.waiters != null) pg.waiters.remove(me);
                break;
            }
            kernel.schedule();
            if (pg.waiters != null) pg.waiters.remove(me);
        }
        kernel.setCurrentState(TaskState.RUNNING);
    }

    @Override
    public boolean hasDisk() {
        BlockLayer b = block;
        return b != null && !b.disks().isEmpty();
    }

    /**
     * page_cache_ra_unbounded() (mm/readahead.c) over the first disk's own mapping
     * ({@code /dev/<disk>}, the bdev's page cache), from where the last call stopped: pages
     * already cached are skipped; each missing one is allocated with readahead's flags
     * (GFP_NOWAIT | __GFP_NOWARN: stops at once when memory is short, never reclaims or warns),
     * added locked to the cache and the LRU, and its READ bio submitted under a plug, as
     * read_pages() does, so that neighbouring pages merge into one request. Nothing waits.
     */
    @Override
    public long readahead(long nr) {
        if (nr < 0) throw new IllegalArgumentException("readahead: nr " + nr + " is negative");
        BlockLayer b = block;
        if (b == null) return -1;
        List<String> disks = b.disks();
        if (disks.isEmpty()) return -1;
        syncGeneration();
        String disk = disks.get(0);
        Mapping m = bdevs.computeIfAbsent(disk, d -> new Mapping(new VmFile("/dev/" + d, 0, d, 0, Long.MAX_VALUE & -PAGE, false), false));
        long added = 0;
        b.startPlug(); // read_pages(): blk_start_plug
        try {
            while (added < nr) {
                long index = m.raNext;
                if (m.pages.containsKey(index)) {
                    m.raNext++;
                    continue;
                }
                long f = pages.allocPages(Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN, 0);
                if (f < 0) break;
                Page pg = new Page(f, Page.FILE, m, index);
                m.pages.put(index, pg);
                frames.put(f, pg);
                lruAdd(pg);
                m.raNext++;
                added++;
                readFolio(pg, 0);
            }
        } finally {
            b.finishPlug();
        }
        return added;
    }

    /** A major fault on a file given by its contents sleeps until its stand-in read is done (TASK_UNINTERRUPTIBLE, as I/O waits are). */
    private void sleepUntil(long t) {
        long d = t - kernel.now();
        if (d <= 0) return;
        kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
        hrtimers.scheduleHrtimeout(d, HrTimerMode.HRTIMER_MODE_REL);
    }

    // =====================================================================================
    // User-mode accesses and SIGSEGV
    // =====================================================================================

    @Override
    public void load(long addr, byte[] dst, int off, int len) {
        checkRange(dst, off, len);
        userAccess(addr, dst, off, len, false);
    }

    @Override
    public void store(long addr, byte[] src, int off, int len) {
        checkRange(src, off, len);
        userAccess(addr, src, off, len, true);
    }

    @Override
    public void touch(long addr, long len, boolean write) {
        if (len < 0) throw new IllegalArgumentException("touch: len " + len + " is negative");
        Proc p = process("touch()");
        long end = addr + len;
        byte[] one = new byte[1];
        for (long va = addr; va < end && Long.compareUnsigned(va, addr) >= 0; va = (va & -PAGE) + PAGE) {
            long pfn = userPage(p, va, write);
            if (write) {
                // a write that leaves the byte as it was: the fault happens, the contents stay
                mem.read(pfn, (int) (va & (PAGE - 1)), one, 0, 1);
                mem.write(pfn, (int) (va & (PAGE - 1)), one, 0, 1);
            }
        }
    }

    private void userAccess(long addr, byte[] buf, int off, int len, boolean write) {
        Proc p = process(write ? "store()" : "load()");
        transfer(addr, buf, off, len, write, va -> userPage(p, va, write));
    }

    /**
     * Copies between {@code buf} and the virtual range at {@code addr}, a page at a time, each
     * page's frame from {@code frameOf} (a negative value stops the copy there); returns the
     * bytes copied.
     */
    private int transfer(long addr, byte[] buf, int off, int n, boolean write, java.util.function.LongUnaryOperator frameOf) {
        int done = 0;
        while (done < n) {
            long va = addr + done;
            int chunk = (int) Math.min(n - done, PAGE - (va & (PAGE - 1)));
            long pfn = frameOf.applyAsLong(va);
            if (pfn < 0) break;
            if (write) mem.write(pfn, (int) (va & (PAGE - 1)), buf, off + done, chunk);
            else mem.read(pfn, (int) (va & (PAGE - 1)), buf, off + done, chunk);
            done += chunk;
        }
        return done;
    }

    /** A user-mode access to one page: its frame, or the process dies (SIGSEGV, or SIGKILL when out of memory). */
    private long userPage(Proc p, long va, boolean write) {
        long pfn = va < 0 || va >= TASK_SIZE ? MAPERR : resolve(p, va, write, true);
        if (pfn >= 0) return pfn;
        if (pfn == SIGBUS_FAULT) {
            // do_sigbus() (arch/x86/mm/fault.c): force_sig_fault(SIGBUS, BUS_ADRERR, address); Linux prints no line of its own
            killNow(p, SIGBUS);
        }
        if (pfn == OOM) {
            deliverKill(p);
            // VM_FAULT_OOM with nothing to kill: Linux would panic ("System is deadlocked on memory")
            kernel.printk(LogLevel.ERR, "Out of memory: " + p.task.comm() + "[" + p.pid + "] could not fault in "
                    + hex(va) + " and nothing could be killed; KernelLab kills it");
            killNow(p, TaskDeath.SIGKILL);
        }
        long pte = p.mm == null || va < 0 || va >= TASK_SIZE ? 0 : p.mm.pt.get(va);
        int err = X86_PF_USER | (write ? X86_PF_WRITE : 0) | ((pte & P) != 0 ? X86_PF_PROT : 0);
        segfault(p, va, err);
        throw new AssertionError("unreachable");
    }

    /**
     * show_signal_msg (arch/x86/mm/fault.c), then force_sig_fault(SIGSEGV): the process dies.
     * KernelLab tasks have no instruction or stack pointer of their own: ip is the program's
     * entry (the start of its text) and sp the top of its stack.
     */
    private void segfault(Proc p, long addr, int err) {
        if (printkRatelimit()) {
            Mm mm = p.mm;
            long ip = mm == null ? 0 : mm.startCode;
            long sp = mm == null ? 0 : mm.startStack;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%s[%d]: segfault at %x ip %016x sp %016x error %x", p.task.comm(), p.pid, addr, ip, sp, err));
            Vma v = mm == null ? null : mm.find(ip);
            if (v != null && v.mapping != null && !v.mapping.shmem) {
                // print_vma_addr (mm/memory.c): " in %s[%lx+%lx]"
                String path = v.mapping.file.path();
                sb.append(String.format(" in %s[%x+%x]", path.substring(path.lastIndexOf('/') + 1), v.start, v.end - v.start));
            }
            int cpu = kernel.smpProcessorId();
            sb.append(String.format(" likely on CPU %d (core %d, socket %d)", cpu, cpu, 0));
            kernel.printk(p.pid > 1 ? LogLevel.INFO : LogLevel.EMERG, sb.toString());
        }
        killNow(p, TaskDeath.SIGSEGV);
    }

    /** The current task dies now: its memory goes (exit_mm) and the signal unwinds its body. */
    private void killNow(Proc p, int sig) {
        p.killed = true;
        if (p.mm != null) {
            exitMmap(p.mm);
            p.mm = null;
        }
        throw TaskDeath.signal(sig);
    }

    /** printk_ratelimit(): DEFAULT_RATELIMIT_INTERVAL 5 s, DEFAULT_RATELIMIT_BURST 10. */
    private boolean printkRatelimit() {
        long now = kernel.now();
        if (rlBegin == Long.MIN_VALUE || now - rlBegin >= 5_000_000_000L) {
            rlBegin = now;
            rlPrinted = 0;
        }
        return rlPrinted++ < 10;
    }

    private static void checkRange(byte[] b, int off, int len) {
        if (b == null) throw new IllegalArgumentException("buffer must not be null");
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IllegalArgumentException("range [" + off + ", " + off + "+" + len + ") is outside the buffer of " + b.length + " bytes");
        }
    }

    // =====================================================================================
    // The user/kernel boundary (include/linux/uaccess.h, lib/usercopy.c)
    // =====================================================================================

    @Override
    public boolean accessOk(long addr, long size) {
        // __access_ok (arch/x86/include/asm/uaccess_64.h): the whole range below TASK_SIZE_MAX
        return size >= 0 && addr >= 0 && size <= TASK_SIZE && addr <= TASK_SIZE - size;
    }

    /**
     * might_fault() (mm/memory.c __might_fault): might_sleep unless page faults are disabled.
     * Returns the current task's entry, or null when the copy must not go on (a panic).
     */
    private Proc mightFault(String what) {
        Proc p = current();
        if (p.pagefaultDisabled == 0) {
            kernel.mightSleep(Ctx.USER_ACCESS, what, "copy user memory in the system call of the process that owns it; an interrupt handler "
                    + "runs with whichever process it interrupted (and a kworker with none), so record the request, wake the process and let it copy");
            // In warn mode the copy goes on, as in Linux: in atomic context faults take the fixup, so it cannot sleep.
            if (kernel.panicked()) return null;
        }
        if (kernel.context().inTask()) deliverKill(p);
        return p;
    }

    /** raw_copy_{from,to}_user: page by page until a page cannot be had; returns the bytes copied. */
    private int copyUser(Proc p, long uaddr, byte[] buf, int off, int n, boolean write) {
        // a page that cannot be had ends the copy: the exception table fixup, a short count
        return transfer(uaddr, buf, off, n, write, va -> resolve(p, va, write, false));
    }

    @Override
    public long copyFromUser(byte[] to, int off, long from, int n) {
        checkRange(to, off, n);
        Proc p = mightFault("copy_from_user()");
        int done = 0;
        // _copy_from_user (lib/usercopy.c): access_ok, the copy, and the tail zeroed
        if (p != null && accessOk(from, n)) done = copyUser(p, from, to, off, n, false);
        java.util.Arrays.fill(to, off + done, off + n, (byte) 0);
        return n - done;
    }

    @Override
    public long copyToUser(long to, byte[] from, int off, int n) {
        checkRange(from, off, n);
        Proc p = mightFault("copy_to_user()");
        if (p == null || !accessOk(to, n)) return n;
        return n - copyUser(p, to, from, off, n, true);
    }

    @Override
    public int getUser(long[] val, long addr, int size) {
        if (val == null || val.length < 1) throw new IllegalArgumentException("get_user: val must hold one value");
        checkSize(size);
        Proc p = mightFault("get_user()");
        byte[] b = new byte[size];
        val[0] = 0;
        if (p == null || !accessOk(addr, size) || copyUser(p, addr, b, 0, size, false) != size) return -Errno.EFAULT;
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        val[0] = v;
        return 0;
    }

    @Override
    public int putUser(long value, long addr, int size) {
        checkSize(size);
        Proc p = mightFault("put_user()");
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (value >>> (8 * i));
        if (p == null || !accessOk(addr, size) || copyUser(p, addr, b, 0, size, true) != size) return -Errno.EFAULT;
        return 0;
    }

    private static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) throw new IllegalArgumentException("size " + size + " is not 1, 2, 4 or 8");
    }

    @Override
    public long strncpyFromUser(byte[] dst, long src, int count) {
        if (dst == null || count > dst.length) throw new IllegalArgumentException("strncpy_from_user: count " + count + " exceeds dst");
        Proc p = mightFault("strncpy_from_user()");
        // lib/strncpy_from_user.c
        if (count <= 0) return 0;
        if (p == null || src < 0 || src >= TASK_SIZE) return -Errno.EFAULT;
        byte[] one = new byte[1];
        for (int i = 0; i < count; i++) {
            if (src + i >= TASK_SIZE || copyUser(p, src + i, one, 0, 1, false) != 1) return -Errno.EFAULT;
            dst[i] = one[0];
            if (one[0] == 0) return i;
        }
        return count;
    }

    @Override
    public void pagefaultDisable() {
        current().pagefaultDisabled++;
    }

    @Override
    public void pagefaultEnable() {
        Proc p = current();
        if (p.pagefaultDisabled == 0) throw new IllegalStateException("pagefault_enable() without pagefault_disable() in " + p.task.comm() + "/" + p.pid);
        p.pagefaultDisabled--;
    }

    @Override
    public boolean pagefaultDisabled() {
        return current().pagefaultDisabled > 0;
    }

    // =====================================================================================
    // The kernel's own dereferences, and the Oops (arch/x86/mm/fault.c)
    // =====================================================================================

    @Override
    public long pageAddress(long pfn) {
        if (pfn < 0 || pfn >= pages.totalPages()) throw new IllegalArgumentException("pfn " + pfn + " does not exist");
        return PAGE_OFFSET + (pfn << 12);
    }

    @Override
    public void kernelRead(long kaddr, byte[] dst, int off, int len) {
        checkRange(dst, off, len);
        kernelAccess(kaddr, dst, off, len, false);
    }

    @Override
    public void kernelWrite(long kaddr, byte[] src, int off, int len) {
        checkRange(src, off, len);
        kernelAccess(kaddr, src, off, len, true);
    }

    private void kernelAccess(long kaddr, byte[] buf, int off, int len, boolean write) {
        long limit = PAGE_OFFSET + (pages.totalPages() << 12);
        transfer(kaddr, buf, off, len, write, va -> {
            if (!(Long.compareUnsigned(va, PAGE_OFFSET) >= 0 && Long.compareUnsigned(va, limit) < 0)) oops(va, write);
            return (va - PAGE_OFFSET) >>> 12;
        });
    }

    /**
     * page_fault_oops -> show_fault_oops, dump_pagetable (arch/x86/mm/fault.c): a kernel access
     * to NULL, to an unmapped kernel address, or to a user address (SMAP forbids that outside the
     * uaccess helpers). The core prints the Oops line and the rest, and the task dies.
     */
    private void oops(long addr, boolean write) {
        Proc p = current();
        boolean user = Long.compareUnsigned(addr, TASK_SIZE) < 0;
        long[] path = user && p.mm != null ? p.mm.pt.path(addr) : new long[] {0};
        long pte = path.length == 4 ? path[3] : 0;
        int err = (write ? X86_PF_WRITE : 0) | ((pte & P) != 0 ? X86_PF_PROT : 0);
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(addr, PAGE) < 0) {
            sb.append(String.format("BUG: kernel NULL pointer dereference, address: %016x%n", addr));
        } else {
            sb.append(String.format("BUG: unable to handle page fault for address: %016x%n", addr));
        }
        sb.append(String.format("#PF: supervisor %s in kernel mode%n",
                (err & X86_PF_INSTR) != 0 ? "instruction fetch" : (err & X86_PF_WRITE) != 0 ? "write access" : "read access"));
        sb.append(String.format("#PF: error_code(0x%04x) - %s%n", err,
                (err & X86_PF_PROT) == 0 ? "not-present page" : (err & X86_PF_RSVD) != 0 ? "reserved bit violation"
                        : (err & X86_PF_PK) != 0 ? "protection keys violation" : "permissions violation"));
        // dump_pagetable: with 4-level paging the P4D is the PGD entry folded
        sb.append(String.format("PGD %x P4D %x ", path[0], path[0]));
        String[] names = {"", "PUD", "PMD", "PTE"};
        for (int l = 1; l < path.length && (path[l - 1] & P) != 0; l++) sb.append(String.format("%s %x ", names[l], path[l]));
        String head = sb.toString().stripTrailing();
        if (!kernel.context().inTask()) {
            // Linux panics here ("Fatal exception in interrupt"); the handler's guard gets the failure
            kernel.printk(LogLevel.ALERT, head + "\nKernelLab: a bad kernel access in interrupt context; Linux would panic (Fatal exception in interrupt)");
            throw TaskDeath.oops(head, err);
        }
        p.killed = true;
        if (p.mm != null) {
            exitMmap(p.mm);
            p.mm = null;
        }
        throw TaskDeath.oops(head, err);
    }

    // =====================================================================================
    // The OOM killer (mm/oom_kill.c)
    // =====================================================================================

    /**
     * out_of_memory(): in the allocating task's context. A task that is already dying frees its
     * memory by itself; otherwise select_bad_process picks the task with the highest
     * oom_badness, dump_header prints the report, and oom_kill_process kills and reaps it.
     */
    @Override
    public boolean outOfMemory(int gfp, int order) {
        syncGeneration();
        oomCalls++;
        Task cur = kernel.current();
        Proc cp = procs.get(cur.pid());
        if (cp != null && cp.task != cur) cp = null;
        // task_will_free_mem(current): it is dying already, its memory is on its way back
        if (cp != null && cp.killed) return true;
        sweep();
        long total = pages.totalPages();
        Proc chosen = null;
        long chosenPoints = Long.MIN_VALUE;
        for (Proc p : procs.values()) {
            long pts = badness(p, total);
            // oom_evaluate_task: "points < chosen_points" goes on, so a later task wins a tie
            if (pts == Long.MIN_VALUE || pts < chosenPoints) continue;
            chosen = p;
            chosenPoints = pts;
        }
        dumpHeader(gfp, order, cur, cp);
        if (chosen == null) {
            kernel.printk(LogLevel.WARNING, "Out of memory and no killable processes...");
            return false;
        }
        dumpTasks();
        kernel.printk(LogLevel.INFO, String.format(
                "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=%s,pid=%d,uid=%d",
                chosen.task.comm(), chosen.pid, 0));
        kill(chosen);
        return true;
    }

    /**
     * oom_badness (mm/oom_kill.c): rss + swap entries + page-table pages, plus oom_score_adj
     * thousandths of all memory; kernel threads, reaped mms and OOM_SCORE_ADJ_MIN never.
     * KernelLab has no init, so pid 1 is an ordinary process here.
     */
    static long badness(Proc p, long totalPages) {
        Mm mm = p.mm;
        if (p.task.isKernelThread() || mm == null || mm.oomSkip || p.killed) return Long.MIN_VALUE;
        if (p.oomScoreAdj == OOM_SCORE_ADJ_MIN) return Long.MIN_VALUE;
        long points = mm.rssTotal() + 0 /* MM_SWAPENTS: no swap */ + mm.pt.tables;
        return points + (long) p.oomScoreAdj * (totalPages / 1000);
    }

    private void dumpHeader(int gfp, int order, Task cur, Proc cp) {
        kernel.printk(LogLevel.WARNING, String.format("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=%d",
                cur.comm(), gfp, Gfp.toString(gfp), order, cp == null ? 0 : cp.oomScoreAdj));
        kernel.printk(LogLevel.WARNING, String.format("CPU: %d PID: %d Comm: %s", kernel.smpProcessorId(), cur.pid(), cur.comm()));
        // show_free_areas (mm/show_mem.c), the counters this half of the memory manager keeps
        Counts c = counts();
        long anon = c.anon(), mapped = c.mapped(), shmem = c.shmem(), tables = c.pageTables(), file = fileFrames();
        kernel.printk(LogLevel.INFO, String.format("Mem-Info:%nactive_anon:%d inactive_anon:0 isolated_anon:0%n"
                + " active_file:%d inactive_file:0 isolated_file:0%n unevictable:0 dirty:0 writeback:0%n"
                + " slab_reclaimable:0 slab_unreclaimable:0%n mapped:%d shmem:%d pagetables:%d%n sec_pagetables:0 bounce:0%n"
                + " kernel_misc_reclaimable:0%n free:%d free_pcp:0 free_cma:0", anon, file, mapped, shmem, tables, pages.nrFreePages()));
    }

    @Override
    public Counts counts() {
        syncGeneration();
        long anon = 0, mapped = 0, shmem = 0, tables = 0;
        for (Page pg : frames.values()) {
            if (pg.kind == Page.ANON) anon++;
            else if (pg.kind == Page.SHMEM) shmem++;
            else if (pg.mapcount > 0) mapped++;
        }
        for (Proc p : procs.values()) if (p.mm != null) tables += p.mm.pt.tables + 1;
        return new Counts(anon, mapped, shmem, tables, pgfault, pgmajfault, oomKills);
    }

    /** The file pages among the user pages (page cache of mapped files). */
    private long fileFrames() {
        long n = 0;
        for (Page pg : frames.values()) if (pg.kind != Page.ANON && pg.kind != Page.SHMEM) n++;
        return n;
    }

    /** dump_tasks (mm/oom_kill.c, 6.12's columns). */
    private void dumpTasks() {
        StringBuilder sb = new StringBuilder("Tasks state (memory values in pages):\n");
        sb.append("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name");
        for (Proc p : procs.values()) {
            Mm mm = p.mm;
            if (mm == null || p.task.isKernelThread()) continue;
            sb.append(String.format("%n[%7d] %5d %5d %8d %8d %8d %8d %9d %8d %8d         %5d %s", p.pid, 0, p.pid, mm.totalVm,
                    mm.rssTotal(), mm.rss[Page.ANON], mm.rss[Page.FILE], mm.rss[Page.SHMEM], mm.pt.tables * PAGE, 0,
                    p.oomScoreAdj, p.task.comm()));
        }
        kernel.printk(LogLevel.INFO, sb.toString());
    }

    /**
     * __oom_kill_process: SIGKILL and the report; then what the oom_reaper does
     * (mm/oom_kill.c __oom_reap_task_mm), at once: the victim's memory is unmapped and freed. The
     * victim itself dies at its next safe point (Kernel.sendSigkill), or when it next runs into
     * this service (at once if it is current).
     */
    private void kill(Proc v) {
        oomKills++; // count_vm_event(OOM_KILL) in __oom_kill_process
        Mm mm = v.mm;
        kernel.printk(LogLevel.ERR, String.format(
                "Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:%dkB, UID:%d pgtables:%dkB oom_score_adj:%d",
                v.pid, v.task.comm(), mm.totalVm * 4, mm.rss[Page.ANON] * 4, mm.rss[Page.FILE] * 4, mm.rss[Page.SHMEM] * 4, 0,
                mm.pt.tables * 4, v.oomScoreAdj));
        v.killed = true;
        kernel.sendSigkill(v.task); // do_send_sig_info(SIGKILL, SEND_SIG_PRIV, victim, PIDTYPE_TGID)
        mm.oomSkip = true;
        exitMmap(mm);
        v.mm = null;
        kernel.printk(LogLevel.INFO, String.format("oom_reaper: reaped process %d (%s), now anon-rss:%dkB, file-rss:%dkB, shmem-rss:%dkB",
                v.pid, v.task.comm(), mm.rss[Page.ANON] * 4, mm.rss[Page.FILE] * 4, mm.rss[Page.SHMEM] * 4));
    }

    // =====================================================================================
    // Views (fs/proc/task_mmu.c, fs/proc/array.c)
    // =====================================================================================

    /** The live process {@code pid}'s entry, or null (no such task, or one this service never saw). */
    private Proc live(int pid) {
        syncGeneration();
        Proc p = procs.get(pid);
        Task t = kernel.task(pid);
        return p != null && p.task == t ? p : null;
    }

    @Override
    public MmStatsDTO stats(int pid) {
        Proc p = live(pid);
        if (p == null || p.mm == null) return null;
        Mm mm = p.mm;
        MmStatsDTO d = new MmStatsDTO();
        d.pid = pid;
        d.comm = p.task.comm();
        d.totalVm = mm.totalVm;
        d.hiwaterVm = mm.hiwaterVm;
        d.rssAnon = mm.rss[Page.ANON];
        d.rssFile = mm.rss[Page.FILE];
        d.rssShmem = mm.rss[Page.SHMEM];
        d.hiwaterRss = mm.hiwaterRss;
        d.dataVm = mm.dataVm;
        d.stackVm = mm.stackVm;
        d.execVm = mm.execVm;
        d.pgtablesBytes = mm.pt.tables * PAGE;
        d.minFlt = p.minFlt;
        d.majFlt = p.majFlt;
        d.oomScoreAdj = p.oomScoreAdj;
        d.mapCount = mm.vmas.size();
        return d;
    }

    @Override
    public List<VmaDTO> maps(int pid) {
        Proc p = live(pid);
        List<VmaDTO> out = new ArrayList<>();
        if (p == null || p.mm == null) return out;
        Mm mm = p.mm;
        for (Vma v : mm.vmas.values()) {
            VmaDTO d = new VmaDTO();
            d.start = v.start;
            d.end = v.end;
            d.perms = v.perms();
            d.offset = v.mapping == null ? 0 : v.pgoff << 12;
            d.inode = v.mapping == null ? 0 : v.mapping.file.inode();
            if (v.mapping != null) d.name = v.mapping.file.path() + (v.mapping.shmem ? " (deleted)" : "");
            else if (v.start <= mm.brk && v.end >= mm.startBrk) d.name = "[heap]";
            else if (v.start <= mm.startStack && v.end >= mm.startStack) d.name = "[stack]";
            else d.name = "";
            out.add(d);
        }
        return out;
    }

    @Override
    public String procMaps(int pid) {
        if (kernel.task(pid) == null) return null;
        StringBuilder sb = new StringBuilder();
        for (VmaDTO d : maps(pid)) {
            // show_map_vma: the header padded to 25 + 6 * sizeof(void *) - 1 columns before the name
            String head = String.format("%08x-%08x %s %08x %02x:%02x %d ", d.start, d.end, d.perms, d.offset, 0, 0, d.inode);
            sb.append(head);
            if (!d.name.isEmpty()) {
                sb.append(" ".repeat(Math.max(0, 72 - head.length()))).append(' ').append(d.name);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String procStatus(int pid) {
        Task t = kernel.task(pid);
        if (t == null) return null;
        StringBuilder sb = new StringBuilder();
        // fs/proc/array.c proc_pid_status: the lines KernelLab knows, then task_mem
        sb.append("Name:\t").append(t.comm()).append('\n');
        sb.append("State:\t").append(t.state().letter()).append(" (").append(stateName(t.state())).append(")\n");
        sb.append("Tgid:\t").append(pid).append('\n');
        sb.append("Pid:\t").append(pid).append('\n');
        MmStatsDTO s = stats(pid);
        if (s != null) {
            long text = (pageAlign(live(pid).mm.endCode) - (live(pid).mm.startCode & -PAGE)) >>> 10;
            sb.append(kb("VmPeak:", s.hiwaterVm * 4)).append(kb("VmSize:", s.totalVm * 4)).append(kb("VmLck:", 0)).append(kb("VmPin:", 0))
                    .append(kb("VmHWM:", s.hiwaterRss * 4)).append(kb("VmRSS:", (s.rssAnon + s.rssFile + s.rssShmem) * 4))
                    .append(kb("RssAnon:", s.rssAnon * 4)).append(kb("RssFile:", s.rssFile * 4)).append(kb("RssShmem:", s.rssShmem * 4))
                    .append(kb("VmData:", s.dataVm * 4)).append(kb("VmStk:", s.stackVm * 4)).append(kb("VmExe:", text))
                    .append(kb("VmLib:", s.execVm * 4 - text)).append(kb("VmPTE:", s.pgtablesBytes >> 10)).append(kb("VmSwap:", 0))
                    .append(kb("HugetlbPages:", 0));
        }
        return sb.toString();
    }

    /** task_mem: {@code "VmRSS:\t"}, the kB value at width 8, {@code " kB"}. */
    private static String kb(String label, long kb) {
        return String.format("%s\t%8d kB%n", label, kb);
    }

    private static String stateName(TaskState s) {
        return switch (s) {
            case RUNNING -> "running";
            case INTERRUPTIBLE -> "sleeping";
            case UNINTERRUPTIBLE -> "disk sleep";
            default -> "dead";
        };
    }

    @Override
    public List<PteDTO> pagemap(int pid) {
        Proc p = live(pid);
        List<PteDTO> out = new ArrayList<>();
        if (p == null || p.mm == null) return out;
        p.mm.pt.forEach(0, 1L << 48, (leaf, va, pte) -> {
            PteDTO d = new PteDTO();
            d.vaddr = va;
            d.pfn = (pte & PFN_MASK) >>> 12;
            d.writable = (pte & RW) != 0;
            d.dirty = (pte & D) != 0;
            d.accessed = (pte & A) != 0;
            Page pg = frames.get(d.pfn);
            d.mapcount = pg == null ? 0 : pg.mapcount;
            d.kind = pg == null ? "?" : pg.kind == Page.ANON ? "anon" : pg.kind == Page.FILE ? "file" : "shmem";
            out.add(d);
        });
        return out;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
