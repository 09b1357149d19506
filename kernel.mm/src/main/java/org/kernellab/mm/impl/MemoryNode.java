package org.kernellab.mm.impl;

import java.util.function.Supplier;

import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.kthread.Kthreads;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.OutOfMemory;
import org.kernellab.api.mm.PageAllocator;
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
 * Node 0 (struct pglist_data): the memory manager's state and the page allocator's algorithm,
 * shared by the bundle's services (PageAllocator, PhysMem, PageCache, Slab) through this
 * bundle-private service. Its state lives in a {@link Zone} per machine generation, so
 * {@code kernel:reset} gives empty memory again.
 *
 * <p>{@link #allocPages} is mm/page_alloc.c __alloc_pages() of Linux 6.6: the fast path
 * (get_page_from_freelist against the LOW watermark, no reserves), then the slow path: wake
 * kswapd, retry against MIN with gfp_to_alloc_flags' reserves, and for a blocking allocation
 * direct reclaim, the OOM killer and __GFP_NOFAIL's endless retry.
 *
 * <h2>Locking</h2>
 * None: simulated code runs one thing at a time, and outside readers use {@link #still}. The
 * OOM reference is volatile (DS binds it on a framework thread).
 */
@Component(service = MemoryNode.class, configurationPid = MemoryNode.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MemoryNode.Config.class)
public final class MemoryNode {
    /** The one configuration of the memory manager (the page allocator's PID, kept from 1.0). */
    public static final String PID = "org.kernellab.mm.pagealloc";

    // alloc_flags (mm/internal.h, Linux 6.6)
    static final int ALLOC_WMARK_MIN = 0x00;
    static final int ALLOC_WMARK_LOW = 0x01;
    static final int ALLOC_WMARK_HIGH = 0x02;
    static final int ALLOC_WMARK_MASK = 0x03;
    static final int ALLOC_OOM = 0x08;
    static final int ALLOC_NON_BLOCK = 0x10;
    /** Equal to __GFP_HIGH, so that gfp_to_alloc_flags can copy the bit. */
    static final int ALLOC_MIN_RESERVE = 0x20;
    static final int ALLOC_HIGHATOMIC = 0x200;
    /** Equal to __GFP_KSWAPD_RECLAIM. */
    static final int ALLOC_KSWAPD = 0x800;
    static final int ALLOC_RESERVES = ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM;

    /** SWAP_CLUSTER_MAX (include/linux/swap.h): pages one reclaim pass tries to free. */
    static final int SWAP_CLUSTER_MAX = 32;
    /** MAX_RECLAIM_RETRIES (mm/internal.h): no-progress retries, and here also OOM-kill retries. */
    static final int MAX_RECLAIM_RETRIES = 16;
    /** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h): the OOM killer does not help above it. */
    static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    /** KernelLab's CPU cost of scanning and freeing one clean page-cache page, in ns. */
    static final long RECLAIM_NS_PER_PAGE = 250;

    /** warn_alloc's nopage_rs: DEFINE_RATELIMIT_STATE(nopage_rs, 10*HZ, 1) (mm/page_alloc.c). */
    static final int RATELIMIT_INTERVAL_SECONDS = 10;
    static final int RATELIMIT_BURST = 1;

    @ObjectClassDefinition(name = "KernelLab memory",
            description = "Simulated RAM, its watermarks and the slab's debugging. Changing it gives fresh, empty memory.")
    public @interface Config {
        @AttributeDefinition(description = "Number of 4 KiB page frames of RAM, one zone (16384 = 64 MiB).",
                min = "1", max = "16777216")
        int pages() default 16384;

        @AttributeDefinition(description = "vm.min_free_kbytes; 0 computes it as Linux does, int_sqrt(lowmem_kbytes * 16) clamped to 128..262144.",
                min = "0", max = "67108864")
        long min_free_kbytes() default 0;

        @AttributeDefinition(description = "vm.watermark_scale_factor, in 1/10000 of the zone (Linux's default 10).",
                min = "1", max = "3000")
        int watermark_scale_factor() default Watermarks.DEFAULT_SCALE_FACTOR;

        @AttributeDefinition(description = "SLUB debugging (slub_debug=FZP): sanity checks, red zones and poisoning. "
                + "On in the teaching profile.")
        boolean slub_debug() default true;
    }

    final Kernel kernel;
    final Machine machine;
    private final Kthreads kthreads;
    final int pages;
    final Watermarks wm;
    final boolean slubDebug;
    private volatile OutOfMemory oom;
    private volatile Zone zone;

    @Activate
    public MemoryNode(@Reference Kernel kernel, @Reference Machine machine, @Reference Kthreads kthreads, Config config) {
        this(kernel, machine, kthreads, config.pages(), config.min_free_kbytes(), config.watermark_scale_factor(), config.slub_debug());
    }

    /** Outside the framework (other modules' unit tests): computed watermarks, the default scale factor. */
    public MemoryNode(Kernel kernel, Machine machine, Kthreads kthreads, int pages, boolean slubDebug) {
        this(kernel, machine, kthreads, pages, 0, Watermarks.DEFAULT_SCALE_FACTOR, slubDebug);
    }

    MemoryNode(Kernel kernel, Machine machine, Kthreads kthreads, int pages, long minFreeKbytes, int scaleFactor, boolean slubDebug) {
        if (pages < 1 || pages > 16_777_216) {
            throw new IllegalArgumentException("pages " + pages + " is out of range 1..16777216");
        }
        if (scaleFactor < 1 || scaleFactor > 3000) {
            throw new IllegalArgumentException("watermark_scale_factor " + scaleFactor + " is out of range 1..3000");
        }
        this.kernel = kernel;
        this.machine = machine;
        this.kthreads = kthreads;
        this.pages = pages;
        this.wm = Watermarks.compute(pages, minFreeKbytes, scaleFactor);
        this.slubDebug = slubDebug;
    }

    /** The OOM killer (part of the memory manager that owns address spaces), when present. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOutOfMemory(OutOfMemory killer) {
        this.oom = killer;
    }

    void unsetOutOfMemory(OutOfMemory killer) {
        if (this.oom == killer) this.oom = null;
    }

    /** The address spaces' counters for the views (the part of the memory manager that owns them), when present. */
    private volatile VmStats vmStats;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setVmStats(VmStats s) {
        this.vmStats = s;
    }

    void unsetVmStats(VmStats s) {
        if (this.vmStats == s) this.vmStats = null;
    }

    /** What the address spaces count now, or nothing without them. At a safe point, as the views read. */
    VmStats.Counts vmCounts() {
        VmStats s = vmStats;
        return s == null ? VmStats.Counts.NONE : s.counts();
    }

    /** The current generation's zone, made on first use after a boot or reset. Simulated code or a safe point. */
    Zone live() {
        long g = machine.generation();
        Zone z = zone;
        if (z == null || z.generation != g) {
            z = new Zone(g, pages, wm, machine.nrCpus());
            zone = z;
        }
        return z;
    }

    /** The current generation's zone if it has one yet, else null (nothing allocated since the reset). */
    Zone readable() {
        Zone z = zone;
        return z != null && z.generation == machine.generation() ? z : null;
    }

    /** Runs a read at a safe point (at once from simulated code or with the machine stopped). */
    <T> T still(Supplier<T> read) {
        return machine.still(read);
    }

    // ---------------------------------------------------------------------------------
    // __alloc_pages (mm/page_alloc.c)

    /**
     * Allocates 2^order frames; the caller has validated the arguments and run might_alloc().
     * Returns the first pfn or {@link PageAllocator#ENOMEM}.
     */
    long allocPages(int gfp, int order) {
        Zone z = live();
        // fast path: get_page_from_freelist(ALLOC_WMARK_LOW), no reserves
        long pfn = getPageFromFreelist(z, gfp, order, ALLOC_WMARK_LOW);
        if (pfn >= 0) return pfn;
        return slowpath(z, gfp, order);
    }

    /** __alloc_pages_slowpath() (mm/page_alloc.c, Linux 6.6), without compaction, cpusets or highatomic. */
    private long slowpath(Zone z, int gfp, int order) {
        boolean canDirectReclaim = Gfp.allowsBlocking(gfp);
        int allocFlags = gfpToAllocFlags(gfp);
        // gfp_to_alloc_flags(): "} else if (unlikely(rt_task(current)) && in_task()) alloc_flags |= ALLOC_MIN_RESERVE;"
        if (canDirectReclaim && rtTaskInTask()) allocFlags |= ALLOC_MIN_RESERVE;
        int noProgress = 0;
        int oomRetries = 0;
        boolean drained = false;
        for (;;) {
            if ((allocFlags & ALLOC_KSWAPD) != 0) wakeupKswapd(z, order);
            long pfn = getPageFromFreelist(z, gfp, order, allocFlags);
            if (pfn >= 0) return pfn;
            if (!canDirectReclaim) break;
            // __alloc_pages_direct_reclaim(): reclaim, then try again
            long reclaimed = directReclaim(z, order);
            pfn = getPageFromFreelist(z, gfp, order, allocFlags);
            if (pfn >= 0) return pfn;
            if (!drained && z.pcpPages > 0) {
                // __alloc_pages_direct_reclaim(): pages pinned on the per-CPU lists may be what a
                // higher order needs; drain them once and retry
                drainAllPages(z);
                drained = true;
                pfn = getPageFromFreelist(z, gfp, order, allocFlags);
                if (pfn >= 0) return pfn;
            }
            // should_reclaim_retry(): go on while reclaim makes progress, at most MAX_RECLAIM_RETRIES times without
            if (reclaimed > 0) {
                noProgress = 0;
                continue;
            }
            if (++noProgress <= MAX_RECLAIM_RETRIES && !z.inactiveFile.isEmpty()) continue;
            // __alloc_pages_may_oom(): the OOM killer does not help costly orders (unless __GFP_NOFAIL)
            OutOfMemory killer = oom;
            if (killer != null && (order <= PAGE_ALLOC_COSTLY_ORDER || (gfp & Gfp.__GFP_NOFAIL) != 0)
                    && oomRetries < MAX_RECLAIM_RETRIES) {
                oomRetries++;
                if (killer.outOfMemory(gfp, order)) {
                    noProgress = 0;
                    // the victim needs to run to exit: schedule_timeout_uninterruptible(1)
                    sleepOneJiffy();
                    continue;
                }
            }
            if ((gfp & Gfp.__GFP_NOFAIL) != 0) {
                // nopage: __GFP_NOFAIL retries with the min reserve (__alloc_pages_cpuset_fallback) and never fails
                pfn = getPageFromFreelist(z, gfp, order, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE);
                if (pfn >= 0) return pfn;
                if (!inTask()) break; // no task to wait with (a console call): fail instead of spinning
                sleepOneJiffy();
                noProgress = 0;
                continue;
            }
            break;
        }
        if ((gfp & Gfp.__GFP_NOFAIL) != 0 && !canDirectReclaim) {
            // WARN_ON_ONCE_GFP(!can_direct_reclaim, gfp_mask): NOFAIL cannot be honoured without blocking
            kernel.printk(LogLevel.WARNING, String.format("WARNING: __GFP_NOFAIL without __GFP_DIRECT_RECLAIM at mm/page_alloc.c "
                    + "__alloc_pages_slowpath: mode:%#x(%s) cannot retry without sleeping; the allocation fails"
                    + "%nKernelLab: fix: __GFP_NOFAIL needs a blocking allocation (GFP_KERNEL | __GFP_NOFAIL) from process context",
                    gfp, Gfp.toString(gfp)));
        }
        warnAlloc(z, gfp, order);
        return PageAllocator.ENOMEM;
    }

    /** gfp_to_alloc_flags() (mm/page_alloc.c, Linux 6.6), without cpusets; the rt-task boost is in the slow path. */
    static int gfpToAllocFlags(int gfp) {
        int allocFlags = ALLOC_WMARK_MIN;
        // __GFP_HIGH is ALLOC_MIN_RESERVE and __GFP_KSWAPD_RECLAIM is ALLOC_KSWAPD
        allocFlags |= gfp & (Gfp.__GFP_HIGH | Gfp.__GFP_KSWAPD_RECLAIM);
        if (!Gfp.allowsBlocking(gfp)) {
            // Not allowed to block: more aggressive use of the reserves (no __GFP_NOMEMALLOC here)
            allocFlags |= ALLOC_NON_BLOCK;
        }
        return allocFlags;
    }

    /**
     * __zone_watermark_ok() (mm/page_alloc.c, the same in 6.1 and 6.6): {@code mark} lowered by the
     * reserves the flags grant (__GFP_HIGH halves it, not blocking takes a further quarter, OOM
     * victims halve again); free pages minus the unusable (2^order - 1) must exceed it, and for
     * order > 0 a free block of at least that order must exist.
     */
    static boolean watermarkOk(long freePages, long[] nrFree, int order, long mark, int allocFlags) {
        long free = freePages - ((1L << order) - 1);
        long min = mark;
        if ((allocFlags & ALLOC_RESERVES) != 0) {
            if ((allocFlags & ALLOC_MIN_RESERVE) != 0) {
                min -= min / 2;
                if ((allocFlags & ALLOC_NON_BLOCK) != 0) min -= min / 4;
            }
            if ((allocFlags & ALLOC_OOM) != 0) min -= min / 2;
        }
        if (free <= min) return false;
        if (order == 0) return true;
        for (int o = order; o < nrFree.length; o++) if (nrFree[o] > 0) return true;
        return false;
    }

    private boolean watermarkOk(Zone z, int order, long mark, int allocFlags) {
        if (order == 0) return watermarkOk(z.free(), ZERO_ORDERS, 0, mark, allocFlags);
        return watermarkOk(z.free(), z.buddy.nrFree(), order, mark, allocFlags);
    }

    private static final long[] ZERO_ORDERS = {0};

    static long mark(Watermarks wm, int allocFlags) {
        return switch (allocFlags & ALLOC_WMARK_MASK) {
            case ALLOC_WMARK_LOW -> wm.low();
            case ALLOC_WMARK_HIGH -> wm.high();
            default -> wm.min();
        };
    }

    /** get_page_from_freelist(): the watermark check, then rmqueue() and prep_new_page() (__GFP_ZERO). */
    private long getPageFromFreelist(Zone z, int gfp, int order, int allocFlags) {
        if (!watermarkOk(z, order, mark(z.wm, allocFlags), allocFlags)) return -1;
        int pfn = rmqueue(z, order);
        if (pfn == BuddyAllocator.NONE && z.pcpPages > 0) {
            // The watermark counted the per-CPU pages as free, so hand them back and look again
            // (Linux's drain_all_pages() after a failed direct reclaim, here at once: docs/memory.md)
            drainAllPages(z);
            pfn = rmqueue(z, order);
        }
        if (pfn == BuddyAllocator.NONE) return -1;
        z.pgallocNormal += 1L << order;
        if ((gfp & Gfp.__GFP_ZERO) != 0) {
            for (int i = 0; i < 1 << order; i++) z.ram.clearPage(pfn + i);
        }
        return pfn;
    }

    /** __free_pages(): the caller validated nothing; the buddy refuses bad pfns and orders. */
    void freePages(long pfn, int order) {
        Zone z = live();
        PerCpuPages pcp = order == 0 ? localPcp(z) : null;
        if (pcp != null) freeUnrefPage(z, pcp, pfn);
        else z.buddy.free(pfn, order);
        z.pgfree += 1L << order;
        if (!z.blocks.isEmpty()) z.blocks.remove(pfn);
    }

    // ---------------------------------------------------------------------------------
    // The per-CPU page lists (mm/page_alloc.c, Linux 6.6, order 0 only)

    /** rmqueue(): order 0 from this CPU's list (rmqueue_pcplist), anything else, or no CPU, from the buddy lists. */
    private int rmqueue(Zone z, int order) {
        PerCpuPages pcp = order == 0 ? localPcp(z) : null;
        return pcp == null ? z.buddy.alloc(order) : rmqueuePcplist(z, pcp);
    }

    /**
     * __rmqueue_pcplist(): an allocation halves free_factor; an empty list is refilled with
     * batch pages from the buddy lists (rmqueue_bulk(), added at the tail in the order taken),
     * then the head page is taken.
     */
    private static int rmqueuePcplist(Zone z, PerCpuPages pcp) {
        pcp.freeFactor >>= 1;
        if (pcp.count == 0) {
            // the list is empty: fill it in place, then reverse, so the first page taken is its head
            int alloced = 0;
            pcp.ensureCapacity(pcp.batch);
            while (alloced < pcp.batch) {
                int pfn = z.buddy.alloc(0);
                if (pfn == BuddyAllocator.NONE) break;
                pcp.pages[alloced++] = pfn;
                z.onPcp[pfn] = true;
            }
            for (int i = 0, j = alloced - 1; i < j; i++, j--) {
                int t = pcp.pages[i];
                pcp.pages[i] = pcp.pages[j];
                pcp.pages[j] = t;
            }
            pcp.count = alloced;
            z.pcpPages += alloced;
            if (alloced == 0) return BuddyAllocator.NONE;
        }
        int pfn = pcp.pop();
        z.onPcp[pfn] = false;
        z.pcpPages--;
        return pfn;
    }

    /**
     * free_unref_page() -> free_unref_page_commit(): the page goes to the head of this CPU's
     * list; at high (4 batches while kswapd reclaims, nr_pcp_high()) the coldest
     * nr_pcp_free() pages go back to the buddy lists. Refuses what the buddy would refuse, and
     * a page already on a list (a double free).
     */
    private static void freeUnrefPage(Zone z, PerCpuPages pcp, long pfnArg) {
        z.buddy.checkFree(pfnArg, 0);
        int pfn = (int) pfnArg;
        if (z.onPcp[pfn]) {
            throw new IllegalArgumentException("pfn " + pfn + " does not start an allocated block (it is free: double free?)"
                    + "; pass the pfn alloc_pages() returned");
        }
        pcp.push(pfn);
        z.onPcp[pfn] = true;
        z.pcpPages++;
        int high = z.reclaimActive ? Math.min(pcp.batch << 2, pcp.high) : pcp.high;
        if (pcp.count >= high) freePcppagesBulk(z, pcp, pcp.nrToFree(high));
    }

    /** free_pcppages_bulk(): the {@code n} coldest pages (from the tail) back to the buddy lists, merging. */
    private static void freePcppagesBulk(Zone z, PerCpuPages pcp, int n) {
        for (int i = 0; i < n; i++) {
            int pfn = pcp.pages[i];
            z.onPcp[pfn] = false;
            z.buddy.free(pfn, 0);
        }
        pcp.dropCold(n);
        z.pcpPages -= n;
    }

    /** drain_all_pages(): every CPU's list back to the buddy lists; returns the pages moved. */
    static long drainAllPages(Zone z) {
        long moved = z.pcpPages;
        for (PerCpuPages pcp : z.pcp) if (pcp.count > 0) freePcppagesBulk(z, pcp, pcp.count);
        return moved;
    }

    /** The pages on this CPU's list (show_free_areas' local_pcp), 0 outside the simulation. */
    private int localPcpCount(Zone z) {
        PerCpuPages p = localPcp(z);
        return p == null ? 0 : p.count;
    }

    /** This CPU's list, or null outside the simulation (a console call uses the buddy lists directly). */
    private PerCpuPages localPcp(Zone z) {
        int cpu;
        try {
            cpu = kernel.smpProcessorId();
        } catch (IllegalStateException outside) {
            return null;
        }
        return cpu < z.pcp.length ? z.pcp[cpu] : null;
    }

    // ---------------------------------------------------------------------------------
    // Reclaim (mm/vmscan.c)

    /**
     * shrink_inactive_list() -> shrink_folio_list() (mm/vmscan.c): scans the inactive file list
     * oldest first, at most once round; a page its mapping lets go (clean, unlocked, unmapped:
     * {@link CacheOwner#release}) is freed, any other goes back to the tail (putback). Returns
     * the pages freed; {@link Zone#lastScanned} has the pages scanned.
     */
    private long shrinkInactiveFile(Zone z, long nrToReclaim) {
        long freed = 0;
        long scanned = 0;
        long len = z.inactiveFile.size();
        java.util.List<java.util.Map.Entry<Long, CacheOwner>> kept = null;
        while (freed < nrToReclaim && scanned < len) {
            java.util.Map.Entry<Long, CacheOwner> e = z.inactiveFile.pollFirstEntry();
            scanned++;
            long pfn = e.getKey();
            if (e.getValue().release(pfn)) {
                z.buddy.free(pfn, 0);
                z.pgfree++;
                if (!z.blocks.isEmpty()) z.blocks.remove(pfn);
                freed++;
            } else {
                if (kept == null) kept = new java.util.ArrayList<>();
                kept.add(e);
            }
        }
        if (kept != null) for (var e : kept) z.inactiveFile.put(e.getKey(), e.getValue());
        z.lastScanned = scanned;
        return freed;
    }

    /**
     * try_to_free_pages() from __perform_reclaim(): allocstall, then SWAP_CLUSTER_MAX pages (or
     * 2^order) taken from the inactive file list. It costs CPU time; this is why a blocking
     * allocation may sleep. Outside the simulation (a console test) no time passes.
     */
    private long directReclaim(Zone z, int order) {
        z.allocstallNormal++;
        long target = Math.max(SWAP_CLUSTER_MAX, 1L << order);
        long freed = shrinkInactiveFile(z, target);
        z.pgscanDirect += z.lastScanned;
        z.pgstealDirect += freed;
        if (freed > 0) z.kswapdFailures = 0; // shrink_node(): reclaimable again
        if (freed > 0 && inTask()) kernel.compute(freed * RECLAIM_NS_PER_PAGE);
        return freed;
    }

    /**
     * wakeup_kswapd() (mm/vmscan.c): nothing to do if the zone is balanced at HIGH for this order,
     * or if kswapd failed MAX_RECLAIM_RETRIES times (it waits for a free to reset that); else
     * records the order and wakes kswapd0, creating it on the first wakeup of the generation.
     * Any context: the kthread is made with kthread_run, which is atomic-safe here.
     */
    void wakeupKswapd(Zone z, int order) {
        if (z.kswapdFailures >= MAX_RECLAIM_RETRIES) return;
        if (watermarkOk(z, order, z.wm.high(), 0)) return;
        z.kswapdOrder = Math.max(z.kswapdOrder, order);
        z.kswapdWanted = true;
        if (z.kswapd == null) {
            z.kswapd = kthreads.run(TaskSpec.kthread("kswapd0"), (k, self) -> kswapd(k, self, z));
        } else {
            kernel.wakeUpProcess(z.kswapd.task());
        }
    }

    /** kswapd() (mm/vmscan.c): sleeps until woken, then balance_pgdat(), for ever. */
    private int kswapd(Kernel k, Kthread self, Zone z) {
        while (!self.shouldStop() && z.generation == machine.generation()) {
            // kswapd_try_to_sleep(): prepare_to_wait, sleep unless woken meanwhile
            k.setCurrentState(TaskState.INTERRUPTIBLE);
            if (!z.kswapdWanted) k.schedule();
            k.setCurrentState(TaskState.RUNNING);
            if (!z.kswapdWanted) continue;
            int order = z.kswapdOrder;
            z.kswapdWanted = false;
            z.kswapdOrder = 0;
            balancePgdat(k, z, order);
        }
        return 0;
    }

    /**
     * balance_pgdat() (mm/vmscan.c): reclaim SWAP_CLUSTER_MAX pages at a time until the zone is
     * above its HIGH watermark for the order; each batch costs CPU time, so allocations
     * interleave. Gives up (kswapd_failures++) when nothing is left to reclaim.
     */
    private void balancePgdat(Kernel k, Zone z, int order) {
        z.pageoutrun++;
        if (watermarkOk(z, order, z.wm.high(), 0)) {
            z.kswapdHighWmarkHitQuickly++;
            return;
        }
        boolean progress = false;
        z.reclaimActive = true; // set_reclaim_active()
        try {
            progress = reclaimToHigh(k, z, order);
        } finally {
            z.reclaimActive = false; // clear_reclaim_active()
        }
        if (progress) z.kswapdFailures = 0;
        else z.kswapdFailures++;
    }

    /** balance_pgdat()'s loop: true when it freed anything. */
    private boolean reclaimToHigh(Kernel k, Zone z, int order) {
        boolean progress = false;
        while (!watermarkOk(z, order, z.wm.high(), 0)) {
            long freed = shrinkInactiveFile(z, SWAP_CLUSTER_MAX);
            z.pgscanKswapd += z.lastScanned;
            z.pgstealKswapd += freed;
            if (freed == 0) break;
            progress = true;
            k.compute(freed * RECLAIM_NS_PER_PAGE);
            if (z.generation != machine.generation()) return progress;
        }
        return progress;
    }

    // ---------------------------------------------------------------------------------
    // The page cache's LRU (mm/swap.c folio_add_lru, mm/filemap.c)

    /**
     * Readahead's allocation (page_cache_ra_unbounded, mm/readahead.c): readahead_gfp_mask() never
     * reclaims or warns, GFP_NOWAIT | __GFP_NOWARN here, so it stops at min. Returns the pfn or
     * {@link PageAllocator#ENOMEM}. Simulated code.
     */
    public long allocReadahead() {
        return allocPages(Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN, 0);
    }

    /**
     * filemap_add_folio -> folio_add_lru: page {@code pfn}, which belongs to {@code owner}'s
     * mapping, joins the tail of the inactive file list (Cached). Simulated code.
     */
    public void lruAdd(long pfn, CacheOwner owner) {
        if (owner == null) throw new IllegalArgumentException("pfn " + pfn + " needs the mapping it belongs to (CacheOwner.NONE for none)");
        live().inactiveFile.put(pfn, owner);
    }

    /**
     * The mapping let page {@code pfn} go itself (truncation, a failed read, its own reclaim): it
     * leaves the list; the caller frees the frame. Simulated code.
     */
    public void lruDel(long pfn) {
        live().inactiveFile.remove(pfn);
    }

    /**
     * The stand-in used without a block layer: {@code nr} clean pages with readahead's flags and
     * no data source (no mapping holds them, so reclaim may always drop them); returns how many
     * were added.
     */
    long readPages(long nr) {
        long added = 0;
        while (added < nr) {
            long pfn = allocReadahead();
            if (pfn < 0) break;
            lruAdd(pfn, CacheOwner.NONE);
            added++;
        }
        return added;
    }

    /** drop_pagecache() (fs/drop_caches.c): frees every clean, unlocked, unmapped cached page. */
    long dropCaches() {
        Zone z = live();
        z.dropPagecache++;
        long n = shrinkInactiveFile(z, Long.MAX_VALUE);
        if (n > 0) z.kswapdFailures = 0;
        return n;
    }

    // ---------------------------------------------------------------------------------
    // warn_alloc (mm/page_alloc.c)

    /** warn_alloc(): the failure report, unless __GFP_NOWARN or rate-limited (1 per 10 s, ___ratelimit in lib/ratelimit.c). */
    private void warnAlloc(Zone z, int gfp, int order) {
        if ((gfp & Gfp.__GFP_NOWARN) != 0) return;
        if (!ratelimit(z)) return;
        long[] nrFree = z.buddy.nrFree();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s: page allocation failure: order:%d, mode:%#x(%s), nodemask=(null),cpuset=/,mems_allowed=0",
                comm(), order, gfp, Gfp.toString(gfp)));
        // warn_alloc_show_mem() -> __show_mem() (mm/show_mem.c), the zone and free-area lines
        sb.append(String.format("%nMem-Info:%nactive_anon:0 inactive_anon:0 isolated_anon:0%n active_file:0 inactive_file:%d isolated_file:0%n"
                + " unevictable:0 dirty:0 writeback:0%n slab_reclaimable:0 slab_unreclaimable:%d%n mapped:0 shmem:0 pagetables:0%n"
                + " sec_pagetables:0 bounce:0%n kernel_misc_reclaimable:0%n free:%d free_pcp:%d free_cma:0",
                z.inactiveFile.size(), z.slabPages, z.free(), z.pcpPages));
        sb.append(String.format("%nNode 0 Normal free:%dkB boost:0kB min:%dkB low:%dkB high:%dkB reserved_highatomic:0KB"
                + " active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:%dkB unevictable:0kB writepending:0kB"
                + " present:%dkB managed:%dkB mlocked:0kB bounce:0kB free_pcp:%dkB local_pcp:%dkB free_cma:0kB",
                z.free() * 4, z.wm.min() * 4, z.wm.low() * 4, z.wm.high() * 4, z.inactiveFile.size() * 4L, (long) pages * 4, (long) pages * 4,
                z.pcpPages * 4, localPcpCount(z) * 4L));
        sb.append(String.format("%nlowmem_reserve[]: 0 0 0 0%nNode 0 Normal: "));
        long total = 0;
        for (int o = 0; o < nrFree.length; o++) {
            sb.append(nrFree[o]).append('*').append(4L << o).append("kB ");
            total += nrFree[o] * (4L << o);
        }
        sb.append("= ").append(total).append("kB");
        int largest = -1;
        for (int o = 0; o < nrFree.length; o++) if (nrFree[o] > 0) largest = o;
        sb.append(String.format("%nKernelLab: zone Normal has %d free pages (min %d, low %d, high %d), largest free block order %d; "
                + "free blocks with free_pages(), ask for a smaller order, or pass __GFP_NOWARN when failure is expected",
                z.free(), z.wm.min(), z.wm.low(), z.wm.high(), largest));
        kernel.printk(LogLevel.WARNING, sb.toString());
    }

    /** ___ratelimit() (lib/ratelimit.c) in jiffies, with its "callbacks suppressed" line. */
    private boolean ratelimit(Zone z) {
        long now = kernel.jiffies();
        long interval = (long) RATELIMIT_INTERVAL_SECONDS * kernel.hz();
        if (!z.rlStarted) {
            z.rlStarted = true;
            z.rlBegin = now;
        }
        if (now - (z.rlBegin + interval) > 0) { // time_is_before_jiffies(rs->begin + rs->interval)
            if (z.rlMissed > 0) {
                kernel.printk(LogLevel.WARNING, "warn_alloc: " + z.rlMissed + " callbacks suppressed");
                z.rlMissed = 0;
            }
            z.rlBegin = now;
            z.rlPrinted = 0;
        }
        if (z.rlPrinted < RATELIMIT_BURST) {
            z.rlPrinted++;
            return true;
        }
        z.rlMissed++;
        return false;
    }

    // ---------------------------------------------------------------------------------

    /** current->comm; the console thread when called from outside the simulation. */
    String comm() {
        try {
            return kernel.current().comm();
        } catch (IllegalStateException outside) {
            return "(console)";
        }
    }

    /** True when called by simulated code (a task or an interrupt on its stack). */
    boolean inTask() {
        try {
            kernel.current();
            return !kernel.context().inInterrupt();
        } catch (IllegalStateException outside) {
            return false;
        }
    }

    /** rt_task(current) && in_task(): a SCHED_FIFO, SCHED_RR or SCHED_DEADLINE task (prio below MAX_RT_PRIO) in process context. */
    private boolean rtTaskInTask() {
        if (!inTask()) return false;
        org.kernellab.api.SchedPolicy p = kernel.current().attr().policy;
        return p.isRealtime() || p == org.kernellab.api.SchedPolicy.DEADLINE;
    }

    /** schedule_timeout_uninterruptible(1), when there is a task to sleep. */
    private void sleepOneJiffy() {
        if (!inTask()) return;
        kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
        kernel.scheduleTimeout(1);
    }
}
