package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;

/**
 * The arguments of the {@code sched:} commands: {@code key=value} parameters, pids, nice
 * values and what {@code sched:setattr} builds from its policy, priority and options. Pure
 * functions; every refusal is an IllegalArgumentException quoting the argument.
 */
final class SchedArgs {
    private SchedArgs() {}

    static final String USE_USAGE = "usage: sched:use <policy> [key=value ...], e.g. sched:use fair or sched:use cfs slice=3ms";
    static final String SETATTR_USAGE = "usage: sched:setattr <pid> <policy> [priority] [options], policy normal, batch, idle,"
        + " fifo, rr or deadline; options --runtime --deadline --period (deadline; hints for edf and rm on normal tasks),"
        + " --nice N, --expected T, --tickets N; e.g. sched:setattr 5 fifo 50,"
        + " sched:setattr 5 deadline --runtime 10ms --deadline 30ms --period 100ms";
    static final String NICE_USAGE = "usage: sched:nice <pid> [nice -20..19], e.g. sched:nice 5 10; without a value it shows the task";
    static final String AFFINITY_USAGE = "usage: sched:affinity <pid> [cpu list], e.g. sched:affinity 5 0,2-3; without a list it shows the task";

    /** The option names of {@code sched:setattr}, as they are typed. */
    static final List<String> SETATTR_OPTIONS = List.of("--runtime", "--deadline", "--period", "--nice", "--expected", "--tickets");

    /**
     * {@code sched:setattr}'s options as Gogo hands them over: the text after each, or "" when
     * the option is absent.
     */
    record SetattrOptions(String runtime, String deadline, String period, String nice, String expected, String tickets) {
        static final SetattrOptions NONE = new SetattrOptions("", "", "", "", "", "");

        SetattrOptions {
            runtime = blankToEmpty(runtime);
            deadline = blankToEmpty(deadline);
            period = blankToEmpty(period);
            nice = blankToEmpty(nice);
            expected = blankToEmpty(expected);
            tickets = blankToEmpty(tickets);
        }

        private static String blankToEmpty(String s) {
            return s == null ? "" : s.trim();
        }
    }

    /**
     * {@code slice=3ms latency=6ms} as a map, in the order given.
     *
     * @throws IllegalArgumentException naming an argument that is not {@code key=value}, has no
     *     key or value, or repeats a key
     */
    static Map<String, String> params(String... args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            String arg = a == null ? "" : a;
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new BadArgument("parameter \"" + arg + "\" is not key=value (e.g. slice=3ms)");
            }
            String key = arg.substring(0, eq).trim();
            String value = arg.substring(eq + 1).trim();
            if (key.isEmpty()) throw new BadArgument("parameter \"" + arg + "\" has no key before '=' (e.g. slice=3ms)");
            if (value.isEmpty()) throw new BadArgument("parameter \"" + arg + "\" has no value after '=' (e.g. " + key + "=3ms)");
            if (out.containsKey(key)) {
                throw new BadArgument("parameter \"" + key + "\" is given twice (" + key + "=" + out.get(key) + " and " + arg + ")");
            }
            out.put(key, value);
        }
        return out;
    }

    /** A task id as typed: a whole number from 1 (pid 0 is the idle task, which has none of these attributes). */
    static int pid(String arg) {
        int pid = whole(arg, "pid");
        if (pid < 1) {
            throw new BadArgument("pid \"" + arg + "\" is not a task: pids start at 1 (pid 0 is the idle task); kernel:ps lists them");
        }
        return pid;
    }

    /** A nice value, -20..19. */
    static int nice(String arg, String name) {
        int n = whole(arg, name);
        if (n < -20 || n > 19) throw new BadArgument(name + " \"" + arg + "\" is out of range -20..19");
        return n;
    }

    static int whole(String arg, String name) {
        String s = arg == null ? "" : arg.trim();
        if (s.startsWith("+")) s = s.substring(1);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " \"" + arg + "\" is not a whole number");
        }
    }

    /**
     * What {@code sched:setattr <pid> <policy> [priority] [options]} asks for. Like
     * sched_setattr() it sets the whole attribute set: what the command line does not give
     * takes its default, except the nice value, which the task keeps unless {@code --nice} is
     * given (as chrt keeps it).
     *
     * @param positional the arguments after the pid: the policy and, for fifo and rr, the priority
     * @param keptNice the task's current nice value
     * @throws IllegalArgumentException naming the argument or option that is wrong, or the
     *     field SchedAttr refuses
     */
    static SchedAttr attr(List<String> positional, SetattrOptions o, int keptNice) {
        if (positional.isEmpty()) throw new BadArgument("the policy is missing; " + SETATTR_USAGE);
        if (positional.size() > 2) {
            throw new BadArgument("\"" + positional.get(2) + "\" is one argument too many; " + SETATTR_USAGE);
        }
        SchedPolicy p = SchedPolicy.parse(positional.get(0));
        String priority = positional.size() > 1 ? positional.get(1) : null;
        SchedAttr a;
        if (p.isRealtime()) {
            if (priority == null) {
                throw new BadArgument("SCHED_" + p + " needs a priority 1..99, e.g. sched:setattr <pid> "
                    + p.name().toLowerCase() + " 50");
            }
            int prio = whole(priority, "priority");
            a = p == SchedPolicy.FIFO ? SchedAttr.fifo(prio) : SchedAttr.rr(prio);
            refuse(o.runtime(), "--runtime", p, "it is SCHED_DEADLINE's runtime");
            refuse(o.deadline(), "--deadline", p, "it is SCHED_DEADLINE's deadline, or an edf/rm hint for normal, batch and idle tasks");
            refuse(o.period(), "--period", p, "it is SCHED_DEADLINE's period, or an edf/rm hint for normal, batch and idle tasks");
        } else {
            if (priority != null && whole(priority, "priority") != 0) {
                throw new BadArgument("priority " + priority + " must be 0 for SCHED_" + p + " (only FIFO and RR have one)");
            }
            if (p == SchedPolicy.DEADLINE) {
                a = deadline(o);
            } else {
                a = SchedAttr.normal().withPolicy(p, 0);
                refuse(o.runtime(), "--runtime", p, "it is SCHED_DEADLINE's runtime; the run-length hint of sjf and stcf is --expected");
                if (!o.period().isEmpty() || !o.deadline().isEmpty()) {
                    long period = o.period().isEmpty() ? 0 : Durations.parse(o.period(), "--period");
                    long deadline = o.deadline().isEmpty() ? period : Durations.parse(o.deadline(), "--deadline");
                    a = a.withPeriod(period, deadline);
                }
            }
        }
        a = a.withNice(keptNice);
        if (p.isFair()) {
            if (!o.nice().isEmpty()) a = a.withNice(nice(o.nice(), "--nice"));
            if (!o.expected().isEmpty()) a = a.withExpectedRun(Durations.parse(o.expected(), "--expected"));
            if (!o.tickets().isEmpty()) a = a.withTickets(whole(o.tickets(), "--tickets"));
        } else {
            refuse(o.nice(), "--nice", p, "only normal, batch and idle tasks are ordered by nice");
            refuse(o.expected(), "--expected", p, "it is a hint for the swappable policy, which schedules normal, batch and idle tasks only");
            refuse(o.tickets(), "--tickets", p, "it is a hint for the swappable policy, which schedules normal, batch and idle tasks only");
        }
        return a;
    }

    private static SchedAttr deadline(SetattrOptions o) {
        if (o.runtime().isEmpty() || o.deadline().isEmpty() && o.period().isEmpty()) {
            throw new BadArgument("SCHED_DEADLINE needs --runtime and --deadline (--period defaults to the deadline),"
                + " e.g. sched:setattr <pid> deadline --runtime 10ms --deadline 30ms --period 100ms");
        }
        long runtime = Durations.parse(o.runtime(), "--runtime");
        long period = o.period().isEmpty() ? 0 : Durations.parse(o.period(), "--period");
        long deadline = o.deadline().isEmpty() ? period : Durations.parse(o.deadline(), "--deadline");
        return SchedAttr.deadline(runtime, deadline, period);
    }

    private static void refuse(String value, String option, SchedPolicy p, String why) {
        if (!value.isEmpty()) {
            throw new BadArgument("option " + option + " " + value + " does not apply to SCHED_" + p + ": " + why);
        }
    }

    /**
     * Splits what Gogo left after taking the declared options: the positional arguments, with
     * anything that looks like an option refused (Gogo passes unknown options through as
     * arguments).
     */
    static List<String> positional(String... args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            String s = a == null ? "" : a;
            if (s.startsWith("-") && s.length() > 1 && !Character.isDigit(s.charAt(1))) {
                throw new BadArgument("option \"" + s + "\" is unknown; options: " + String.join(", ", SETATTR_OPTIONS));
            }
            out.add(s);
        }
        return out;
    }
}
