package org.kernellab.console.dto;

/** The machine's virtual time. */
public class TimeDTO {
    public long nowNs;
    public long jiffies;
    public int hz;
    public int cpus;
}
