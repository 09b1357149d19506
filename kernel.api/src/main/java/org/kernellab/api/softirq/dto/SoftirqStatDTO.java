package org.kernellab.api.softirq.dto;

/** One row of /proc/softirqs: a vector and how often each CPU served it. */
public class SoftirqStatDTO {
    /** The vector's name as Linux prints it (softirq_to_name): HI, TIMER, NET_TX, ... */
    public String name;
    /** Index = CPU number. */
    public long[] perCpu;
}
