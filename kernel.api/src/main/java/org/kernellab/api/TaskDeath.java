package org.kernellab.api;

/**
 * Thrown through a task's body by a kernel service to end the task the way Linux ends it when a
 * fatal signal is delivered (kernel/signal.c get_signal -> do_group_exit) or when the task
 * Oopses (arch/x86/kernel/dumpstack.c oops_end -> make_task_dead). The core catches it where
 * the body ends: for a signal it ends the task quietly (the thrower has printed what Linux
 * prints, such as the {@code segfault at} line); for an Oops it prints {@link #report()}
 * followed by the {@code Oops:} line, the CPU line and the trace, taints the kernel 'D', and
 * under the {@code panic} violation policy halts the machine ("Fatal exception"). Every other
 * task carries on. An {@link Error}, so that a body's {@code catch (Exception e)} cannot
 * swallow a kill.
 *
 * <p>Since kernel.api 1.4.0.
 */
public class TaskDeath extends Error {
    private static final long serialVersionUID = 1L;

    private final int signal;
    private final String report;
    private final long oopsCode;

    private TaskDeath(int signal, String report, long oopsCode) {
        super(report == null ? "killed by signal " + signal : report, null, false, true);
        this.signal = signal;
        this.report = report;
        this.oopsCode = oopsCode;
    }

    /** SIGSEGV (include/uapi/asm-generic/signal.h). */
    public static final int SIGSEGV = 11;
    /** SIGKILL. */
    public static final int SIGKILL = 9;

    /** The task dies of {@code signal}; the caller has printed whatever Linux prints for it. */
    public static TaskDeath signal(int signal) {
        if (signal <= 0 || signal > 64) throw new IllegalArgumentException("signal " + signal + " is out of range 1..64");
        return new TaskDeath(signal, null, -1);
    }

    /**
     * The task Oopses: {@code report} is what comes before the {@code Oops:} line (the
     * {@code BUG:} line, the {@code #PF:} lines, the page-table dump); {@code code} is the error
     * code the {@code Oops: %04lx} line prints.
     */
    public static TaskDeath oops(String report, long code) {
        if (report == null || report.isEmpty()) throw new IllegalArgumentException("an Oops needs its report");
        return new TaskDeath(SIGSEGV, report, code & 0xffff);
    }

    /** True for an Oops, false for a fatal signal. */
    public boolean isOops() { return oopsCode >= 0; }

    /** The signal the task dies of (SIGSEGV for an Oops too, as make_task_dead's do_exit(SIGSEGV)). */
    public int signalNumber() { return signal; }

    /** The Oops report's head, or null for a signal. */
    public String report() { return report; }

    /** The Oops error code, or -1 for a signal. */
    public long oopsCode() { return oopsCode; }
}
