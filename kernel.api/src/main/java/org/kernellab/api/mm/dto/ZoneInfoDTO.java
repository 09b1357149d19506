package org.kernellab.api.mm.dto;

/** One zone's sizes and watermarks (struct zone, include/linux/mmzone.h), as /proc/zoneinfo shows them. Since 1.1.0. */
public class ZoneInfoDTO {
    public int node;
    public String zone;
    /** Free pages (NR_FREE_PAGES). */
    public long free;
    /** _watermark[WMARK_MIN], [WMARK_LOW], [WMARK_HIGH], in pages. */
    public long min;
    public long low;
    public long high;
    /** spanned, present and managed pages (all equal here: no holes, no reserved memblock). */
    public long managed;
    /** min_free_kbytes the watermarks were computed from. */
    public long minFreeKbytes;
}
