package org.kernellab.api.sched;

import java.util.Locale;

/**
 * The report of a job that finished after its deadline, for real-time policies (edf, rm). A job
 * is what the core reports of a task: released at {@link SchedTask#jobReleaseNs()}, due at
 * {@link SchedTask#jobDeadlineNs()}. SimSo counts a miss at the deadline; the core tells a
 * policy only when the job ends ({@code quiescent}), so the report comes then, with the
 * finishing time. One line for every policy, so that a test or a reader greps one format.
 *
 * <p>Called from a policy's {@code quiescent} op (see {@link Policy} for the context); pure apart
 * from the one {@link PolicyHost#log} line.
 */
public final class DeadlineMiss {
    private DeadlineMiss() {}

    /**
     * If {@code p}'s job ended after its deadline ({@code host.now() > p.jobDeadlineNs()}), logs
     * {@code "comm[pid] missed a deadline: job released at R ms, due D ms, finished at F ms"}
     * (milliseconds with three decimals) and returns true; else logs nothing and returns false.
     * A task without a deadline ({@code Long.MAX_VALUE}) never misses.
     */
    public static boolean report(PolicyHost host, SchedTask p) {
        long now = host.now();
        if (now <= p.jobDeadlineNs()) return false;
        host.log(p.comm() + "[" + p.pid() + "] missed a deadline: job released at " + ms(p.jobReleaseNs())
                + " ms, due " + ms(p.jobDeadlineNs()) + " ms, finished at " + ms(now) + " ms");
        return true;
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%d.%03d", ns / 1_000_000, ns / 1_000 % 1_000);
    }
}
