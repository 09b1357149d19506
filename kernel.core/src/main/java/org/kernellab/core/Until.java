package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kernellab.core.TraceBuffer.Type;

/**
 * The condition a run stops at ({@code kernel:run --until}, {@code kernel:break}): one or more
 * clauses separated by commas, any of which stops the run after the step of the machine in which
 * it held, with the machine consistent. The clauses:
 * <ul>
 * <li>{@code violation}: a context violation report (the context checks' BUG or WARN);</li>
 * <li>{@code irq=<n>}: a handler of IRQ line {@code n} is entered, on any CPU;</li>
 * <li>{@code switch=<pid>}: a CPU switches to task {@code pid};</li>
 * <li>{@code state=<pid>:<R|S|D|X>}: task {@code pid} is woken (R), goes to sleep (S, D) or exits (X);</li>
 * <li>{@code time=<duration>}: virtual time reaches it (absolute, e.g. {@code time=50ms});</li>
 * <li>{@code event=<n>}: the machine has made {@code n} steps since it booted (what {@code kernel:back} replays to).</li>
 * </ul>
 * The trace clauses are tested on every trace event, recorded or not; time and event by the run's
 * control between two steps. Immutable.
 */
final class Until {
    private record Clause(String kind, long n, char state) {
    }

    private final List<Clause> clauses;
    final String text;
    /** The instant {@code time=} asks for, or {@link Engine#NEVER}. */
    final long timeNs;
    /** The step count {@code event=} asks for, or -1. */
    final long events;

    private Until(String text, List<Clause> clauses, long timeNs, long events) {
        this.text = text;
        this.clauses = clauses;
        this.timeNs = timeNs;
        this.events = events;
    }

    /** Parses {@code text}; a bad clause is refused naming it and listing the clauses there are. */
    static Until parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("until: the condition is empty; " + USAGE);
        List<Clause> out = new ArrayList<>();
        long time = Engine.NEVER;
        long events = -1;
        for (String raw : text.split(",")) {
            String c = raw.trim().toLowerCase(Locale.ROOT);
            int eq = c.indexOf('=');
            String kind = eq < 0 ? c : c.substring(0, eq);
            String arg = eq < 0 ? null : c.substring(eq + 1);
            switch (kind) {
                case "violation" -> {
                    if (arg != null) throw bad(raw, "violation takes no value");
                    out.add(new Clause(kind, 0, ' '));
                }
                case "irq", "switch" -> out.add(new Clause(kind, number(raw, arg, kind.equals("irq") ? "an IRQ line" : "a pid"), ' '));
                case "state" -> {
                    int colon = arg == null ? -1 : arg.indexOf(':');
                    if (colon < 0) throw bad(raw, "state needs <pid>:<R|S|D|X>, e.g. state=3:D");
                    String st = arg.substring(colon + 1).toUpperCase(Locale.ROOT);
                    if (!List.of("R", "S", "D", "X").contains(st)) throw bad(raw, "the state is one of R (woken), S, D (asleep), X (exited), not " + st);
                    out.add(new Clause(kind, number(raw, arg.substring(0, colon), "a pid"), st.charAt(0)));
                }
                case "time" -> time = Math.min(time, duration(raw, arg));
                case "event" -> events = events < 0 ? number(raw, arg, "a step count") : Math.min(events, number(raw, arg, "a step count"));
                default -> throw bad(raw, "unknown condition");
            }
        }
        return new Until(text.trim(), List.copyOf(out), time, events);
    }

    static final String USAGE = "conditions: violation, irq=<line>, switch=<pid>, state=<pid>:<R|S|D|X>, time=<duration>, event=<n>;"
            + " several, separated by commas, stop at the first that holds";

    private static IllegalArgumentException bad(String clause, String why) {
        return new IllegalArgumentException("until: \"" + clause.trim() + "\": " + why + "; " + USAGE);
    }

    private static long number(String clause, String arg, String what) {
        try {
            long n = Long.parseLong(arg == null ? "" : arg.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw bad(clause, "needs " + what + " (0 or more)");
        }
    }

    private static long duration(String clause, String arg) {
        String a = arg == null ? "" : arg.trim();
        long unit;
        String num;
        if (a.endsWith("ns")) { unit = 1; num = a.substring(0, a.length() - 2); }
        else if (a.endsWith("us")) { unit = 1_000; num = a.substring(0, a.length() - 2); }
        else if (a.endsWith("ms")) { unit = 1_000_000; num = a.substring(0, a.length() - 2); }
        else if (a.endsWith("s")) { unit = 1_000_000_000; num = a.substring(0, a.length() - 1); }
        else throw bad(clause, "time needs a unit (ns, us, ms, s), e.g. time=50ms");
        try {
            long n = Long.parseLong(num.trim());
            if (n < 0) throw new NumberFormatException();
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(clause, "time needs a whole number of its unit, e.g. time=50ms");
        }
    }

    /** Whether any trace clause holds for this event; if so, what happened, in words. */
    String test(long time, int cpu, Type type, TaskImpl current, TaskImpl a, Object b, int x, char state) {
        for (Clause c : clauses) {
            switch (c.kind) {
                case "violation" -> {
                    if (type == Type.CONTEXT_VIOLATION) return "a context violation on CPU " + cpu + " by " + current.comm + "/" + current.pid;
                }
                case "irq" -> {
                    if (type == Type.IRQ_HANDLER_ENTRY && x == c.n) return "irq " + x + " entered its handler on CPU " + cpu;
                }
                case "switch" -> {
                    if (type == Type.SCHED_SWITCH && b instanceof TaskImpl next && next.pid == c.n) {
                        return "CPU " + cpu + " switched to " + next.comm + "/" + next.pid;
                    }
                }
                case "state" -> {
                    if (c.state == 'R' && (type == Type.SCHED_WAKEUP || type == Type.SCHED_WAKEUP_NEW) && a != null && a.pid == c.n) {
                        return a.comm + "/" + a.pid + " was woken (R) on CPU " + cpu;
                    }
                    if ((c.state == 'S' || c.state == 'D') && type == Type.SCHED_SWITCH && current.pid == c.n && state == c.state) {
                        return current.comm + "/" + current.pid + " went to sleep (" + c.state + ") on CPU " + cpu;
                    }
                    if (c.state == 'X' && type == Type.SCHED_PROCESS_EXIT && (a != null ? a.pid : current.pid) == c.n) {
                        TaskImpl t = a != null ? a : current;
                        return t.comm + "/" + t.pid + " exited (X) on CPU " + cpu;
                    }
                }
                default -> {
                    // time and event are the run control's
                }
            }
        }
        return null;
    }

    boolean hasTraceClauses() {
        return !clauses.isEmpty();
    }
}
