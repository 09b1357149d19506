package org.kernellab.api.dto;

/**
 * One CPU's runqueue statistics, as struct rq keeps them under CONFIG_SCHEDSTATS
 * (kernel/sched/sched.h) and /proc/schedstat prints them (kernel/sched/stats.c).
 */
public class CpuStatDTO {
    public int cpu;
    /** yld_count: sched_yield() calls on this CPU. */
    public long yldCount;
    /** sched_count: __schedule() calls. */
    public long schedCount;
    /** sched_goidle: times the idle task was picked. */
    public long schedGoidle;
    /** ttwu_count: wakeups done by this CPU. */
    public long ttwuCount;
    /** ttwu_local: wakeups done by this CPU of tasks that run on this CPU. */
    public long ttwuLocal;
    /** rq_cpu_time: time tasks other than idle ran here, by sched_info (arrival to departure), ns. */
    public long rqCpuTimeNs;
    /** rq_sched_info.run_delay: time tasks waited on this runqueue before they ran here, ns. */
    public long runDelayNs;
    /** rq_sched_info.pcount: timeslices run here. */
    public long pcount;
}
