package org.kernellab.api.mm;

/**
 * GFP ("get free pages") flags, a {@code gfp_t} bit mask with the values of
 * include/linux/gfp_types.h in Linux 6.6. Only flags that KernelLab gives a meaning are
 * defined; any other bit is refused. Bit 0x200 was {@code __GFP_ATOMIC} until 6.3 and is unused
 * since.
 *
 * <p>What each flag does here (mm/page_alloc.c gfp_to_alloc_flags and __alloc_pages_slowpath):
 * {@link #__GFP_DIRECT_RECLAIM} makes the allocation a sleeping call (might_sleep) that may
 * enter direct reclaim and the OOM killer; {@link #__GFP_KSWAPD_RECLAIM} wakes kswapd below the
 * low watermark; {@link #__GFP_HIGH} may dip into the min reserve (half of it, or 5/8 when it
 * cannot block); {@link #__GFP_ZERO} returns zeroed pages; {@link #__GFP_NOFAIL} retries until it
 * succeeds (blocking allocations only); {@link #__GFP_NOWARN} suppresses the failure report.
 * {@code __GFP_IO} and {@code __GFP_FS} are carried and printed.
 */
public final class Gfp {
    // ---- modifiers (gfp_types.h, Linux 6.6) ----
    /** May use the emergency reserves: the caller cannot reclaim and failing would be serious. */
    public static final int __GFP_HIGH = 0x20;
    /** May start physical I/O. */
    public static final int __GFP_IO = 0x40;
    /** May call down into the file system. */
    public static final int __GFP_FS = 0x80;
    /** Returns zeroed memory. Since api.mm 1.2.0. */
    public static final int __GFP_ZERO = 0x100;
    /** May enter direct reclaim, and therefore sleep. */
    public static final int __GFP_DIRECT_RECLAIM = 0x400;
    /** Wakes kswapd when the low watermark is reached. */
    public static final int __GFP_KSWAPD_RECLAIM = 0x800;
    /** Suppresses the allocation-failure report. */
    public static final int __GFP_NOWARN = 0x2000;
    /** The caller cannot handle failure: retry forever (blocking allocations only). Since api.mm 1.2.0. */
    public static final int __GFP_NOFAIL = 0x8000;

    public static final int __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;

    // ---- the usual combinations ----
    /** Process context, may sleep (0xcc0). */
    public static final int GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
    /** Cannot sleep, may use the reserves (0x820): interrupt handlers, spinlocked sections. */
    public static final int GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
    /** Cannot sleep and does not touch the reserves (0x800, as in 6.6; 0x2800 since 2025). */
    public static final int GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
    public static final int GFP_NOIO = __GFP_RECLAIM;
    public static final int GFP_NOFS = __GFP_RECLAIM | __GFP_IO;

    /** Every bit defined above. */
    public static final int KNOWN = __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_ZERO | __GFP_RECLAIM | __GFP_NOWARN | __GFP_NOFAIL;

    // Names in the order of include/trace/events/mmflags.h (__def_gfpflag_names): combinations
    // first, then single flags.
    private static final int[] MASKS = {GFP_KERNEL, GFP_NOFS, GFP_ATOMIC, GFP_NOIO, GFP_NOWAIT,
        __GFP_HIGH, __GFP_IO, __GFP_FS, __GFP_NOWARN, __GFP_NOFAIL, __GFP_ZERO, __GFP_RECLAIM,
        __GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM};
    private static final String[] NAMES = {"GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC", "GFP_NOIO", "GFP_NOWAIT",
        "__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_NOWARN", "__GFP_NOFAIL", "__GFP_ZERO", "__GFP_RECLAIM",
        "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"};

    private Gfp() {}

    /** gfpflags_allow_blocking(): the allocation may sleep. */
    public static boolean allowsBlocking(int gfp) {
        return (gfp & __GFP_DIRECT_RECLAIM) != 0;
    }

    /** The flags as %pGg prints them, e.g. {@code GFP_KERNEL|__GFP_ZERO}; unknown bits in hex; {@code 0} for none. */
    public static String toString(int gfp) {
        if (gfp == 0) return "0";
        StringBuilder sb = new StringBuilder();
        int rest = gfp;
        for (int i = 0; i < MASKS.length; i++) {
            if ((rest & MASKS[i]) == MASKS[i]) {
                if (sb.length() > 0) sb.append('|');
                sb.append(NAMES[i]);
                rest &= ~MASKS[i];
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) sb.append('|');
            sb.append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
