package org.kernellab.console.internal;

import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.Kernel;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.trace.Tracer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Time travel (issue 11 §2): {@code kernel:break} sets conditions every later {@code kernel:run}
 * stops at, and {@code kernel:back [n]} goes n steps of the machine backwards. Going back replays
 * the run from time 0: the machine is deterministic, so resetting it, putting in the same tasks at
 * the same steps ({@link Journal}) and running to step {@code now - n} gives exactly the machine
 * that was there, trace digest included. KernelLab cannot copy a machine whose tasks are suspended
 * Java code, so there are no snapshots to go back to: the replay runs at full speed instead and
 * checks, at each input, that it meets the digest the first run had.
 */
@Component(service = TimeTravelCommands.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=break",
    "osgi.command.function=back"
})
public class TimeTravelCommands {
    static final String BREAK_USAGE = "kernel:break [<condition> | clear]   (" + "violation, irq=<line>, switch=<pid>, state=<pid>:<R|S|D|X>, time=<t>, event=<n>)";
    private static final java.util.regex.Pattern CLAUSE = java.util.regex.Pattern.compile(
            "(?i)violation|irq=\\d+|switch=\\d+|state=\\d+:[RSDX]|time=\\d+(ns|us|ms|s)|event=\\d+");
    /** The most a replay runs, in virtual time: far beyond any console session. */
    private static final long REPLAY_LIMIT_NS = Long.MAX_VALUE / 4;

    private final Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Kernel kernel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Tracer tracer;

    @Activate
    public TimeTravelCommands(@Reference Journal journal) {
        this.journal = journal;
    }

    TimeTravelCommands(Journal journal, Kernel kernel, Tracer tracer) {
        this(journal);
        this.kernel = kernel;
        this.tracer = tracer;
    }

    private Kernel kernel() {
        Kernel k = kernel;
        if (k == null) throw new CommandFailure("no kernel core is running: is the kernel.core bundle active? (kernel:lsmod)");
        return k;
    }

    @Descriptor("list the breakpoints every kernel:run stops at")
    public String _break() {
        var b = journal.breaks();
        return b.isEmpty() ? "no breakpoints; kernel:break <condition> sets one (" + BREAK_USAGE + ")"
                : "breakpoints (kernel:run stops at the first that holds): " + String.join(", ", b);
    }

    @Descriptor("set a condition every later kernel:run stops at, or clear them all")
    public String _break(@Descriptor("violation, irq=<line>, switch=<pid>, state=<pid>:<R|S|D|X>, time=<t>, event=<n>; or clear") String condition) {
        if (condition.equals("clear")) {
            journal.clearBreaks();
            return "breakpoints cleared";
        }
        // checked now, so that a typo is found here and not at the next run (the kernel's parser, Until, says more)
        for (String clause : condition.split(",")) {
            if (!CLAUSE.matcher(clause.trim()).matches()) {
                throw new BadArgument("kernel:break: \"" + clause.trim() + "\" is not a condition; usage: " + BREAK_USAGE);
            }
        }
        journal.addBreak(condition);
        return _break();
    }

    @Descriptor("go one step of the machine backwards, by replaying its run from time 0")
    public RunResultDTO back() {
        return back("1");
    }

    @Descriptor("go n steps of the machine backwards, by replaying its run from time 0")
    public RunResultDTO back(@Descriptor("how many steps back (kernel:step goes forward one)") String steps) {
        long n = SchedArgs.whole(steps, "kernel:back: n");
        if (n < 1) throw new BadArgument("kernel:back: n must be 1 or more, not " + n + "; usage: kernel:back [<n>]");
        String why = journal.notReplayable();
        if (why != null) throw new CommandFailure("kernel:back cannot replay this machine: " + why);
        Kernel k = kernel();
        long now = k.eventCount();
        if (n > now) throw new BadArgument("kernel:back: the machine has made " + now + " steps since kernel:reset; it cannot go back " + n);
        long target = now - n;
        var inputs = journal.inputs();
        k.reset();
        for (Journal.Input in : inputs) {
            if (in.step() > target) break;
            RunResultDTO r = k.runUntil("event=" + in.step(), REPLAY_LIMIT_NS, RunMonitor.NONE);
            String digest = tracer == null ? null : tracer.digest();
            if (k.eventCount() != in.step() || (digest != null && !digest.equals(in.digest()))) {
                journal.unreplayable("the replay diverged before step " + in.step() + " (" + in.command() + "): something outside the console changed"
                        + " the first run (a driver swap, a bundle, a configuration); kernel:reset starts a run that can be replayed");
                throw new CommandFailure("kernel:back: " + journal.notReplayable() + " (replay stopped by " + r.stoppedBy + " at step " + k.eventCount() + ")");
            }
            k.load(in.w());
        }
        // inputs after the target are gone with the future they made; running forward makes it again
        journal.reset();
        for (Journal.Input in : inputs) if (in.step() <= target) journal.loaded(in.step(), in.digest(), in.w(), in.command());
        RunResultDTO r = k.runUntil("event=" + target, REPLAY_LIMIT_NS, RunMonitor.NONE);
        r.until = "back " + n + (n == 1 ? " step" : " steps") + ", at step " + k.eventCount() + " of the replayed run";
        return r;
    }
}
