package org.kernellab.mm.impl;

import org.kernellab.api.mm.PhysMem;

/**
 * A zone's watermarks in pages, computed as Linux 6.6 computes them at boot for a node with one
 * lowmem zone (mm/page_alloc.c):
 *
 * <ul>
 * <li>calculate_min_free_kbytes() (init_per_zone_wmark_min): {@code min_free_kbytes =
 * int_sqrt(lowmem_kbytes * 16)}, clamped to 128..262144, where lowmem_kbytes is
 * nr_free_buffer_pages() in kB: the managed pages above the high watermark, which is still 0 then.
 * <li>__setup_per_zone_wmarks(): {@code min = pages_min * managed / lowmem_pages} (the zone's
 * share; all of it here), {@code tmp = max(min / 4, mult_frac(managed, watermark_scale_factor,
 * 10000))}, {@code low = min + tmp}, {@code high = low + tmp}. No watermark boost.
 * </ul>
 *
 * @param minFreeKbytes min_free_kbytes
 * @param min _watermark[WMARK_MIN]
 * @param low _watermark[WMARK_LOW]
 * @param high _watermark[WMARK_HIGH]
 */
record Watermarks(long minFreeKbytes, long min, long low, long high) {
    /** watermark_scale_factor's default (mm/page_alloc.c). */
    static final int DEFAULT_SCALE_FACTOR = 10;

    /**
     * @param managed       the zone's managed pages
     * @param minFreeKbytes a fixed min_free_kbytes (vm.min_free_kbytes), or 0 to compute it
     * @param scaleFactor   vm.watermark_scale_factor (1..3000)
     */
    static Watermarks compute(long managed, long minFreeKbytes, int scaleFactor) {
        long kb = minFreeKbytes;
        if (kb <= 0) {
            long lowmemKbytes = managed * (PhysMem.PAGE_SIZE >> 10);
            kb = Math.max(128, Math.min(262144, intSqrt(lowmemKbytes * 16)));
        }
        long pagesMin = kb >> (PhysMem.PAGE_SHIFT - 10);
        long min = pagesMin; // pages_min * managed / lowmem_pages with one zone
        long tmp = Math.max(min >> 2, multFrac(managed, scaleFactor, 10000));
        long low = min + tmp;
        return new Watermarks(kb, min, low, low + tmp);
    }

    /** int_sqrt() (lib/math/int_sqrt.c): the floor of the square root. */
    static long intSqrt(long x) {
        if (x < 0) throw new IllegalArgumentException("int_sqrt of negative " + x);
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) r--;
        while ((r + 1) * (r + 1) <= x) r++;
        return r;
    }

    /** mult_frac() (include/linux/math.h): x * n / d without overflowing. */
    static long multFrac(long x, long n, long d) {
        long q = x / d;
        long r = x % d;
        return q * n + r * n / d;
    }
}
