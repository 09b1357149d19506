package org.kernellab.ostep.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code sched:ostep scheduler|mlfq|lottery <the script's own flags>}: prints what OSTEP's
 * {@code scheduler.py}, {@code mlfq.py} or {@code lottery.py} prints for the same flags, with
 * the answer ({@code -c}) computed by running the jobs through KernelLab's {@code fifo},
 * {@code sjf}, {@code rr}, {@code mlfq} or {@code lottery} policy on a private simulated machine
 * (1 CPU, 1 unit = 1 ms, no costs) through the {@link WorkloadRunner}. See {@code docs/ostep.md}.
 *
 * <p>The text goes to the session's console exactly as the script prints it (no newline is
 * added); bad flags throw {@link IllegalArgumentException} naming the flag.
 */
@Component(service = OstepCommand.class, property = {
    "osgi.command.scope=sched",
    "osgi.command.function=ostep"
})
public final class OstepCommand {
    static final String USAGE = "usage: sched:ostep scheduler|mlfq|lottery [the script's flags] (sched:ostep <script> -h for them)";

    private final WorkloadRunner runner;

    @Activate
    public OstepCommand(@Reference WorkloadRunner runner) {
        this.runner = runner;
    }

    @Descriptor("say how to use sched:ostep")
    public String ostep() {
        return Help.general();
    }

    @Descriptor("print what OSTEP's scheduler.py, mlfq.py or lottery.py prints for the same flags, the answer (-c) computed by a KernelLab run")
    public void ostep(
        CommandSession session,
        @Descriptor("the script: scheduler, mlfq or lottery") String script,
        @Descriptor("the script's own flags, e.g. -p RR -q 2 -l 5,5 -c; -h lists them") String... flags) {
        CommandException.run(() -> {
            String text = output(script, flags);
            PrintStream out = session == null ? System.out : session.getConsole();
            out.print(text);
            out.flush();
        });
    }

    /**
     * What the script prints for {@code flags}; with {@code -c}, after one run of the jobs.
     *
     * @throws IllegalArgumentException naming the script or the flag
     */
    String output(String script, String... flags) {
        Script s = script(script, flags == null ? new String[0] : flags);
        if (s == null) return Help.of(script);
        RunSpec spec = s.spec();
        if (spec == null) return s.problem();
        RunResult r = runner.run(spec);
        return s.problem() + s.answer(r);
    }

    /** The script for these flags, or null when they ask for help ({@code -h}). */
    static Script script(String script, String... flags) {
        List<Flags.Flag> known = switch (script) {
            case "scheduler" -> SchedulerScript.FLAGS;
            case "mlfq" -> MlfqScript.FLAGS;
            case "lottery" -> LotteryScript.FLAGS;
            default -> throw new IllegalArgumentException("script '" + script + "' is not scheduler, mlfq or lottery; " + USAGE);
        };
        Flags f = Flags.parse(known, flags);
        if (f.on('h')) return null;
        return switch (script) {
            case "scheduler" -> new SchedulerScript(f);
            case "mlfq" -> new MlfqScript(f);
            default -> new LotteryScript(f);
        };
    }
}
