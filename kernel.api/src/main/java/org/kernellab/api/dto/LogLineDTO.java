package org.kernellab.api.dto;

/** One printk record. */
public class LogLineDTO {
    public long seq;
    public long timeNs;
    /** 0 (KERN_EMERG) .. 7 (KERN_DEBUG). */
    public int level;
    public String text;
}
