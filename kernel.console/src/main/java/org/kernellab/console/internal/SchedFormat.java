package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.kernellab.console.dto.SchedChangeDTO;
import org.kernellab.console.dto.SchedUseDTO;
import org.kernellab.console.dto.TaskSchedDTO;

/** Text for the {@code sched:} commands' DTOs. Pure functions, so each is unit-tested. */
final class SchedFormat {
    private SchedFormat() {}

    /** The width of the labels of {@link #status}, so the values line up. */
    private static final int LABEL = 11;

    /**
     * The {@code sched:list} table, one row per policy in the order given; an ejected policy
     * gets a second line with the reason.
     */
    static String list(PolicyInfoDTO[] policies) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Policy", "State", "Bundle", "Version", "Parameters", "Description"});
        for (PolicyInfoDTO p : policies) {
            rows.add(new String[] {dash(p.name), dash(p.state), dash(p.bundle), dash(p.version),
                p.parameters == null || p.parameters.isEmpty() ? "-" : String.join(",", p.parameters), dash(p.description)});
        }
        List<String> lines = ConsoleFormat.tableLines(rows, false);
        StringBuilder sb = new StringBuilder(lines.get(0));
        for (int i = 0; i < policies.length; i++) {
            sb.append('\n').append(lines.get(i + 1));
            PolicyInfoDTO p = policies[i];
            if (p.reason != null && !p.reason.isBlank()) sb.append("\n  reason: ").append(p.reason);
        }
        return sb.toString();
    }

    /** The {@code sched:status} report: one labelled line per fact, the ejections one per line. */
    static String status(SchedStatusDTO s) {
        StringBuilder sb = new StringBuilder();
        String params = params(s.params);
        line(sb, "active:", dash(s.active) + (params.isEmpty() ? "" : " (" + params + ")"));
        line(sb, "since:", Durations.seconds(s.sinceNs) + " (now " + Durations.seconds(s.nowNs) + ", " + s.cpus
            + (s.cpus == 1 ? " CPU)" : " CPUs)"));
        if (s.desired != null && !s.desired.equals(s.active)) {
            line(sb, "desired:", s.desired + ", not active: its bundle is gone or it was ejected (sched:list says which)");
        }
        line(sb, "tasks:", counts(s.tasksPerClass));
        line(sb, "calls:", counts(s.policyCalls));
        if (s.ejections == null || s.ejections.isEmpty()) {
            line(sb, "ejections:", "none");
        } else {
            for (int i = 0; i < s.ejections.size(); i++) line(sb, i == 0 ? "ejections:" : "", s.ejections.get(i));
        }
        return sb.toString();
    }

    /** {@code scheduler: cfs enabled (was fair)}, or {@code requested} while another stays active. */
    static String useLine(SchedUseDTO u) {
        String params = params(u.params);
        String what = u.name + (params.isEmpty() ? "" : " with " + params);
        boolean active = u.status != null && u.name.equals(u.status.active);
        return "scheduler: " + what + (active ? " enabled" : " requested") + " (was " + u.previous + ")"
            + (active || u.status == null ? "" : "; " + u.status.active + " is still active");
    }

    /** The confirmation line, then the status. */
    static String use(SchedUseDTO u) {
        return u.status == null ? useLine(u) : useLine(u) + "\n" + status(u.status);
    }

    /** {@code pid 5 (worker): SCHED_NORMAL nice 0, prio 120, cpus 0-3}. */
    static String task(TaskSchedDTO t) {
        return who(t) + attr(t) + ", prio " + t.prio + ", cpus " + cpus(t);
    }

    /** {@code pid 5 (worker): SCHED_NORMAL nice 0 -> SCHED_FIFO priority 50}, or the CPUs for an affinity change. */
    static String change(SchedChangeDTO c) {
        if ("affinity".equals(c.change)) return who(c.after) + "cpus " + cpus(c.before) + " -> " + cpus(c.after);
        return who(c.after) + attr(c.before) + " -> " + attr(c.after);
    }

    /**
     * The attributes as chrt names them, durations with units: {@code SCHED_FIFO priority 50},
     * {@code SCHED_DEADLINE runtime 10ms deadline 30ms period 100ms}, {@code SCHED_NORMAL nice 5}
     * followed by the hints that are set.
     */
    static String attr(TaskSchedDTO t) {
        String p = "SCHED_" + dash(t.policy);
        return switch (t.policy == null ? "" : t.policy) {
            case "FIFO", "RR" -> p + " priority " + t.rtPriority;
            case "DEADLINE" -> p + " runtime " + Durations.compact(t.runtimeNs) + " deadline " + Durations.compact(t.deadlineNs)
                + " period " + Durations.compact(t.periodNs);
            default -> {
                StringBuilder sb = new StringBuilder(p).append(" nice ").append(t.nice);
                if (t.periodNs > 0) sb.append(" period ").append(Durations.compact(t.periodNs));
                if (t.deadlineNs > 0) sb.append(" deadline ").append(Durations.compact(t.deadlineNs));
                if (t.expectedRunNs > 0) sb.append(" expected ").append(Durations.compact(t.expectedRunNs));
                if (t.tickets != SchedAttr.DEFAULT_TICKETS) sb.append(" tickets ").append(t.tickets);
                yield sb.toString();
            }
        };
    }

    private static String who(TaskSchedDTO t) {
        return "pid " + t.pid + " (" + t.comm + "): ";
    }

    /** The task's CPUs among the machine's. */
    private static String cpus(TaskSchedDTO t) {
        long mask = t.machineCpus > 0 ? t.affinity & CpuLists.all(t.machineCpus) : t.affinity;
        return CpuLists.format(mask);
    }

    /** {@code slice=3ms, latency=6ms}, in the map's order; "" for none. */
    static String params(Map<String, String> params) {
        if (params == null || params.isEmpty()) return "";
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** {@code dl 1, rt 2, fair 5}, in the map's order; "none" for none. */
    private static String counts(Map<String, ? extends Number> counts) {
        if (counts == null || counts.isEmpty()) return "none";
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder sb, String label, String value) {
        if (sb.length() > 0) sb.append('\n');
        sb.append(label).append(" ".repeat(Math.max(1, LABEL - label.length()))).append(value);
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
