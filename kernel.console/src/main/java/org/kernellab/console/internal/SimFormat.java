package org.kernellab.console.internal;

import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.console.dto.ConfigEntryDTO;
import org.kernellab.console.dto.DemoDTO;
import org.kernellab.console.dto.DemoRunDTO;
import org.kernellab.console.dto.TimeDTO;

/** Text for the simulation commands' DTOs. Pure functions, so each is unit-tested. */
final class SimFormat {
    private SimFormat() {}

    /**
     * ps-like table; times in ms of virtual time. POLICY, PRIO and CLASS are the task's
     * scheduling policy, task_struct.prio and the class that holds it; MIGR is se.nr_migrations.
     */
    static String ps(TaskDTO[] tasks) {
        String row = "%7s %-16s %1s %3s %4s %-8s %4s %-8s %10s %10s %8s %8s %8s%n";
        StringBuilder sb = new StringBuilder(String.format(row,
                "PID", "COMM", "S", "CPU", "NI", "POLICY", "PRIO", "CLASS", "UTIME(ms)", "STIME(ms)", "VOLCSW", "INVCSW", "MIGR"));
        for (TaskDTO t : tasks) {
            sb.append(String.format(row, t.pid, t.comm + (t.running ? "*" : ""), t.state, t.cpu, t.nice,
                    t.policy == null ? "-" : t.policy, t.prio, t.schedClass == null ? "-" : t.schedClass,
                    String.format("%.3f", t.utimeNs / 1e6), String.format("%.3f", t.stimeNs / 1e6),
                    t.voluntarySwitches, t.involuntarySwitches, t.migrations));
        }
        return sb.toString();
    }

    static String run(RunResultDTO r) {
        if ("interrupt".equals(r.stoppedBy)) {
            return String.format("^C: stopped at %s of virtual time, after %d events and %d context switches (ran %s from %s);"
                    + " the machine stands between two events: kernel:run goes on from here",
                    Durations.seconds(r.endNs), r.events, r.switches, Durations.seconds(r.endNs - r.startNs),
                    Durations.seconds(r.startNs));
        }
        String why = r.stoppedBy;
        if ("until".equals(r.stoppedBy) && r.until != null) why = "until: " + r.until;
        if ("idle".equals(r.stoppedBy) && r.events == 0 && r.endNs == r.startNs) {
            why = "idle: nothing is left to happen (every CPU is idle and no timer or device event is pending;"
                    + " kernel:spawn or kernel:load give the machine work)";
        }
        return String.format("ran %s -> %s (%s of virtual time): %d events, %d context switches; stopped by %s",
                Durations.seconds(r.startNs), Durations.seconds(r.endNs), Durations.seconds(r.endNs - r.startNs),
                r.events, r.switches, why);
    }

    static String time(TimeDTO t) {
        return String.format("%s  jiffies %d  HZ %d  CPUs %d", Durations.seconds(t.nowNs), t.jiffies, t.hz, t.cpus);
    }

    static String config(ConfigEntryDTO[] entries) {
        StringBuilder sb = new StringBuilder();
        for (ConfigEntryDTO c : entries) sb.append(String.format("%-8s %-10s %s%n", c.key, c.value, c.description));
        return sb.toString();
    }

    static String demos(DemoDTO[] demos) {
        StringBuilder sb = new StringBuilder();
        for (DemoDTO d : demos) sb.append(String.format("%-14s %s%n", d.name, d.description));
        if (demos.length == 0) sb.append("no demos registered (is the kernel.demos bundle active?)\n");
        return sb.toString();
    }

    static String log(LogLineDTO[] lines) {
        StringBuilder sb = new StringBuilder();
        for (LogLineDTO l : lines) {
            sb.append(String.format("[%5d.%06d] %s%n", l.timeNs / 1_000_000_000L, (l.timeNs % 1_000_000_000L) / 1000, l.text));
        }
        return sb.toString();
    }

    static String demoRun(DemoRunDTO d) {
        return "== demo " + d.name + ": " + d.description + "\n"
                + "-- kernel log\n" + log(d.log)
                + (d.showTrace ? "-- trace\n" + d.trace
                        : "-- trace: " + d.trace.lines().filter(l -> !l.startsWith("#")).count() + " events (kernel:trace show prints them)\n")
                + "-- " + run(d.run) + "\n"
                + "-- trace digest " + d.digest;
    }
}
