package org.kernellab.proc;

import java.util.List;
import java.util.Locale;

import org.kernellab.api.SchedPolicy;
import org.kernellab.api.dto.CpuStatDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.sched.SchedMath;

/**
 * The text of the scheduler's files under /proc, rendered from the kernel's DTOs. Pure
 * functions. What KernelLab does not model is printed as Linux prints it for a kernel thread
 * (no memory map, no signals, no parent), or 0; docs/procfs.md lists each difference.
 */
final class TaskFiles {
    private TaskFiles() {}

    /** USER_HZ: the clock ticks of /proc/PID/stat (include/asm-generic/param.h). */
    static final long USER_HZ = 100;
    /** PF_IDLE and PF_KTHREAD (include/linux/sched.h): the task flags KernelLab models. */
    static final long PF_IDLE = 0x00000002L;
    static final long PF_KTHREAD = 0x00200000L;
    /** RLIM_INFINITY as %lu: the rsslim of every task (include/uapi/asm-generic/resource.h). */
    static final String RLIM_INFINITY = Long.toUnsignedString(-1L);
    /** SIGCHLD: kthreadd creates kernel threads with it as their exit signal (kernel/kthread.c). */
    static final int SIGCHLD = 17;
    /** kthreadd ignores every signal (ignore_signals()): sigignore & 0x7fffffff. */
    static final long KTHREAD_SIGIGNORE = 0x7fffffffL;
    /** MAX_RT_PRIO (include/linux/sched/prio.h). */
    static final int MAX_RT_PRIO = 100;
    /** SCHED_FIXEDPOINT_SHIFT: se.load.weight is scale_load()ed on 64-bit (kernel/sched/sched.h). */
    static final int SCHED_FIXEDPOINT_SHIFT = 10;
    /** SCHEDSTAT_VERSION of Linux 6.6 (kernel/sched/stats.c). */
    static final int SCHEDSTAT_VERSION = 15;

    static TaskDTO find(List<TaskDTO> ps, int pid) {
        for (TaskDTO t : ps) if (t.pid == pid && pid > 0) return t;
        return null;
    }

    /** nsec_to_clock_t() (kernel/time/time.c): ns in USER_HZ ticks. */
    static long clockTicks(long ns) {
        return ns / (1_000_000_000L / USER_HZ);
    }

    /** fs/proc/array.c do_task_stat(): the 52 fields of /proc/PID/stat, one line, with no page faults. */
    static String stat(TaskDTO t) {
        return stat(t, 0, 0);
    }

    /** do_task_stat() with the task's min_flt and maj_flt (fields 10 and 12), as the address-space service counts them. */
    static String stat(TaskDTO t, long minFlt, long majFlt) {
        boolean kthread = t.kernelThread;
        StringBuilder sb = new StringBuilder(256);
        sb.append(t.pid).append(" (").append(t.comm).append(") ").append(t.state);
        // ppid, pgrp, session, tty_nr, tpgid (-1: no controlling terminal)
        sb.append(" 0 0 0 0 -1");
        sb.append(' ').append(kthread ? PF_KTHREAD : 0L);
        // minflt, cminflt, majflt, cmajflt
        sb.append(' ').append(minFlt).append(" 0 ").append(majFlt).append(" 0");
        sb.append(' ').append(clockTicks(t.utimeNs)).append(' ').append(clockTicks(t.stimeNs));
        // cutime, cstime
        sb.append(" 0 0");
        // priority: task_prio() = prio - MAX_RT_PRIO; nice; num_threads; itrealvalue
        sb.append(' ').append(t.prio - MAX_RT_PRIO).append(' ').append(t.nice).append(" 1 0");
        sb.append(' ').append(clockTicks(t.startNs));
        // vsize, rss, rsslim, startcode, endcode, startstack, kstkesp, kstkeip, signal, blocked
        sb.append(" 0 0 ").append(RLIM_INFINITY).append(" 0 0 0 0 0 0 0");
        // sigignore, sigcatch
        sb.append(' ').append(kthread ? KTHREAD_SIGIGNORE : 0L).append(" 0");
        // wchan: since 5.16 only whether the task sleeps (!task_is_running); nswap, cnswap
        sb.append(' ').append("R".equals(t.state) ? 0 : 1).append(" 0 0");
        sb.append(' ').append(SIGCHLD).append(' ').append(t.cpu);
        sb.append(' ').append(t.rtPriority).append(' ').append(policyNumber(t.policy));
        // delayacct_blkio_ticks, guest_time, cguest_time
        sb.append(" 0 0 0");
        // start_data, end_data, start_brk, arg_start, arg_end, env_start, env_end (no mm), exit_code
        sb.append(" 0 0 0 0 0 0 0 0");
        return sb.append('\n').toString();
    }

    /** The policy's number (include/uapi/linux/sched.h), 0 when the name is unknown. */
    static int policyNumber(String policy) {
        try {
            return SchedPolicy.parse(policy).number();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /**
     * kernel/sched/debug.c proc_sched_show_task(), schedstats off: the fields KernelLab keeps.
     * se.vruntime, se.avg.* (PELT) and the deadline parameters are left out.
     */
    static String sched(TaskDTO t) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(t.comm).append(" (").append(t.pid).append(", #threads: 1)\n");
        sb.append("-".repeat(67)).append('\n');
        pn(sb, "se.exec_start", t.execStartNs);
        pn(sb, "se.sum_exec_runtime", t.utimeNs + t.stimeNs);
        p(sb, "se.nr_migrations", t.migrations);
        p(sb, "nr_switches", t.voluntarySwitches + t.involuntarySwitches);
        p(sb, "nr_voluntary_switches", t.voluntarySwitches);
        p(sb, "nr_involuntary_switches", t.involuntarySwitches);
        p(sb, "se.load.weight", loadWeight(t) << SCHED_FIXEDPOINT_SHIFT);
        p(sb, "policy", policyNumber(t.policy));
        p(sb, "prio", t.prio);
        // cpu_clock() read twice in a row: no virtual time passes between the reads
        p(sb, "clock-delta", 0);
        return sb.toString();
    }

    /** set_load_weight() (kernel/sched/core.c): WEIGHT_IDLEPRIO for SCHED_IDLE, else the nice level's weight. */
    static long loadWeight(TaskDTO t) {
        return "IDLE".equals(t.policy) ? SchedMath.WEIGHT_IDLEPRIO : SchedMath.weight(t.nice);
    }

    /** P(): "%-45s:%21Ld". */
    private static void p(StringBuilder sb, String name, long v) {
        sb.append(String.format(Locale.ROOT, "%-45s:%21d", name, v)).append('\n');
    }

    /** PN(): "%-45s:%14Ld.%06ld" of SPLIT_NS(ns): milliseconds, then the nanoseconds left. */
    private static void pn(StringBuilder sb, String name, long ns) {
        long high = ns < 0 ? -(-ns / 1_000_000) : ns / 1_000_000;
        long low = Math.abs(ns) % 1_000_000;
        sb.append(String.format(Locale.ROOT, "%-45s:%14d.%06d", name, high, low)).append('\n');
    }

    /** fs/proc/base.c proc_pid_schedstat(): "%llu %llu %lu\n", sum_exec_runtime, run_delay, pcount. */
    static String pidSchedstat(TaskDTO t) {
        return (t.utimeNs + t.stimeNs) + " " + t.runDelayNs + " " + t.pcount + "\n";
    }

    /**
     * kernel/sched/stats.c show_schedstat(), version 15 (Linux 6.6): the header, then per CPU
     * "cpu%d %u 0 %u %u %u %u %llu %llu %lu". KernelLab has no scheduling domains, so no
     * domain lines follow, as on a machine whose CPUs have none.
     */
    static String schedstat(List<CpuStatDTO> cpus, long jiffies) {
        StringBuilder sb = new StringBuilder();
        sb.append("version ").append(SCHEDSTAT_VERSION).append('\n');
        sb.append("timestamp ").append(jiffies).append('\n');
        for (CpuStatDTO c : cpus) {
            sb.append("cpu").append(c.cpu).append(' ').append(c.yldCount).append(" 0 ").append(c.schedCount)
                    .append(' ').append(c.schedGoidle).append(' ').append(c.ttwuCount).append(' ').append(c.ttwuLocal)
                    .append(' ').append(c.rqCpuTimeNs).append(' ').append(c.runDelayNs).append(' ').append(c.pcount).append('\n');
        }
        return sb.toString();
    }
}
