package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.workload.internal.Draft.Loc;
import org.kernellab.workload.internal.JsonTree.Arr;
import org.kernellab.workload.internal.JsonTree.Bool;
import org.kernellab.workload.internal.JsonTree.Member;
import org.kernellab.workload.internal.JsonTree.Node;
import org.kernellab.workload.internal.JsonTree.Obj;
import org.kernellab.workload.internal.JsonTree.Str;

/**
 * KernelLab's workload format ({@code docs/workloads.md}, {@code docs/workload.schema.json})
 * into a {@link Draft}. The field lists below are the format: the schema test checks that
 * the schema names exactly these.
 */
final class NativeReader {
    private NativeReader() {}

    static final List<String> WORKLOAD_FIELDS = List.of("$schema", "name", "machine", "stop", "tasks");
    static final List<String> MACHINE_FIELDS = List.of("cpus", "hz", "seed", "costs");
    static final List<String> COSTS_FIELDS = List.of("switch", "tick", "irq_entry");
    static final List<String> COSTS_WORDS = List.of("none", "typical");
    static final List<String> TASK_FIELDS = List.of("name", "instances", "start", "sched", "cpus", "loop", "phases", "periodic");
    static final List<String> SCHED_FIELDS = List.of("policy", "nice", "priority", "runtime", "deadline", "period", "expected", "tickets");
    static final List<String> PERIODIC_FIELDS = List.of("period", "deadline", "offset", "on_miss");
    static final List<String> TIMER_FIELDS = List.of("ref", "period", "mode");
    static final List<String> PHASE_KEYS = Arrays.stream(Phase.Kind.values()).map(Phase.Kind::key).toList();
    static final List<String> POLICY_NAMES = List.of("normal", "batch", "idle", "fifo", "rr", "deadline");
    static final List<String> ON_MISS = List.of("abort", "continue");
    static final List<String> TIMER_MODES = List.of("relative", "absolute");

    /** The most instances one task definition may have. */
    static final int MAX_INSTANCES = 1_000_000;
    /** A timer's ref when the phase gives none. */
    static final String DEFAULT_TIMER_REF = "timer";

    static Draft read(Obj root, String defaultName, Problems problems) {
        Draft d = new Draft();
        Fields f = new Fields(root, JPath.ROOT, problems, "a workload", WORKLOAD_FIELDS);
        if (f.has("$schema")) Values.string(f.get("$schema"), f.at("$schema"), problems);
        d.name = f.has("name") ? Values.name(f.get("name"), f.at("name"), problems) : defaultName;

        d.machine = Machine.DEFAULT;
        d.machineCpus = new Loc(JPath.ROOT.key("machine").key("cpus"), root);
        if (f.has("machine")) machine(f.get("machine"), f.at("machine"), d, problems);

        d.stopNs = Workload.UNTIL_EXIT;
        if (f.has("stop")) d.stopNs = Values.duration(f.get("stop"), f.at("stop"), problems, 1);

        if (!f.has("tasks")) {
            problems.add(root, f.at("tasks"), "is missing; a workload needs at least one task");
        } else {
            Arr tasks = Values.array(f.get("tasks"), f.at("tasks"), problems, "the tasks");
            if (tasks != null && tasks.items().isEmpty()) problems.add(tasks, f.at("tasks"), "is empty; a workload needs at least one task");
            if (tasks != null) {
                for (int i = 0; i < tasks.items().size(); i++) d.tasks.add(task(tasks.items().get(i), f.at("tasks").index(i), problems));
            }
        }
        return d;
    }

    private static void machine(Node n, JPath p, Draft d, Problems problems) {
        Obj o = Values.object(n, p, problems, "the machine");
        if (o == null) {
            d.machine = null;
            return;
        }
        Fields f = new Fields(o, p, problems, "the machine", MACHINE_FIELDS);
        d.machineCpus = new Loc(f.at("cpus"), f.has("cpus") ? f.get("cpus") : o);
        Long cpus = f.has("cpus") ? Values.integer(f.get("cpus"), f.at("cpus"), problems, 1, Machine.MAX_CPUS) : (Long) (long) Machine.DEFAULT_CPUS;
        Long hz = (long) Machine.DEFAULT_HZ;
        if (f.has("hz")) {
            hz = Values.integer(f.get("hz"), f.at("hz"), problems, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (hz != null && !Machine.validHz(hz.intValue())) {
                problems.add(f.get("hz"), f.at("hz"), hz + " is out of range 10..10000 (Linux uses 100, 250, 300 or 1000)");
                hz = null;
            }
        }
        Long seed = f.has("seed") ? Values.integer(f.get("seed"), f.at("seed"), problems, Long.MIN_VALUE, Long.MAX_VALUE) : (Long) Machine.DEFAULT_SEED;
        Costs costs = f.has("costs") ? costs(f.get("costs"), f.at("costs"), problems) : Costs.NONE;
        d.machine = cpus == null || hz == null || seed == null || costs == null ? null
                : new Machine(cpus.intValue(), hz.intValue(), seed, costs);
    }

    private static Costs costs(Node n, JPath p, Problems problems) {
        if (n instanceof Str s) {
            if (s.value().equals("none")) return Costs.NONE;
            if (s.value().equals("typical")) return Costs.TYPICAL;
            problems.add(n, p, JsonTree.quote(s.value()) + " is not \"none\" or \"typical\"; give those words or an object of switch, tick and irq_entry costs");
            return null;
        }
        if (!(n instanceof Obj o)) {
            problems.add(n, p, "expected \"none\", \"typical\" or an object of switch, tick and irq_entry costs, found " + JsonTree.render(n));
            return null;
        }
        Fields f = new Fields(o, p, problems, "costs", COSTS_FIELDS);
        Long sw = f.has("switch") ? Values.duration(f.get("switch"), f.at("switch"), problems, 0) : (Long) 0L;
        Long tick = f.has("tick") ? Values.duration(f.get("tick"), f.at("tick"), problems, 0) : (Long) 0L;
        Long irq = f.has("irq_entry") ? Values.duration(f.get("irq_entry"), f.at("irq_entry"), problems, 0) : (Long) 0L;
        return sw == null || tick == null || irq == null ? null : new Costs(sw, tick, irq);
    }

    private static Draft.Task task(Node n, JPath p, Problems problems) {
        Draft.Task t = new Draft.Task(new Loc(p, n));
        Obj o = Values.object(n, p, problems, "a task");
        if (o == null) return t;
        Fields f = new Fields(o, p, problems, "a task", TASK_FIELDS);
        int before = problems.count();

        t.name = new Loc(f.at("name"), f.has("name") ? f.get("name") : o);
        String name = null;
        if (!f.has("name")) problems.add(o, f.at("name"), "is missing; every task needs a name");
        else name = Values.name(f.get("name"), f.at("name"), problems);

        Long instances = f.has("instances") ? Values.integer(f.get("instances"), f.at("instances"), problems, 1, MAX_INSTANCES) : (Long) 1L;
        Long start = f.has("start") ? Values.duration(f.get("start"), f.at("start"), problems, 0) : (Long) 0L;
        SchedAttr sched = f.has("sched") ? sched(f.get("sched"), f.at("sched"), problems) : SchedAttr.normal();
        t.cpus = new Loc(f.at("cpus"), f.has("cpus") ? f.get("cpus") : o);
        Long cpus = f.has("cpus") ? Values.cpus(f.get("cpus"), f.at("cpus"), problems) : (Long) TaskDef.ALL_CPUS;
        Periodic periodic = f.has("periodic") ? periodic(f.get("periodic"), f.at("periodic"), problems) : null;

        Integer loop = null;
        if (f.has("loop")) {
            t.loop = new Loc(f.at("loop"), f.get("loop"));
            Long l = Values.integer(f.get("loop"), f.at("loop"), problems, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (l != null && l != TaskDef.FOREVER && l < 1) {
                problems.add(f.get("loop"), f.at("loop"), l + " is not a loop count; use -1 (until the stop) or 1 or more");
            } else if (l != null) {
                loop = l.intValue();
            }
        } else {
            t.loop = new Loc(f.at("loop"), o);
            loop = f.has("periodic") ? TaskDef.FOREVER : 1;
            t.loopText = "-1 (the default for a periodic task)";
        }

        List<Phase> phases = null;
        if (!f.has("phases")) {
            problems.add(o, f.at("phases"), "is missing; a task needs at least one phase");
        } else {
            phases = phases(f.get("phases"), f.at("phases"), t, problems);
        }

        if (problems.count() == before && name != null) {
            t.def = new TaskDef(name, instances.intValue(), start, sched, cpus, loop, phases, periodic);
        }
        return t;
    }

    private static SchedAttr sched(Node n, JPath p, Problems problems) {
        Obj o = Values.object(n, p, problems, "scheduling attributes");
        if (o == null) return null;
        Fields f = new Fields(o, p, problems, "sched", SCHED_FIELDS);
        int before = problems.count();
        SchedPolicy policy = SchedPolicy.NORMAL;
        if (f.has("policy")) {
            String s = Values.string(f.get("policy"), f.at("policy"), problems);
            int i = s == null ? -1 : POLICY_NAMES.indexOf(s);
            if (s != null && i < 0) {
                problems.add(f.get("policy"), f.at("policy"), JsonTree.quote(s) + " is not a policy; use " + String.join(", ", POLICY_NAMES));
            }
            policy = i < 0 ? null : SchedPolicy.parse(s);
        }
        Long nice = f.has("nice") ? Values.integer(f.get("nice"), f.at("nice"), problems, -20, 19) : (Long) 0L;
        Long priority = f.has("priority") ? Values.integer(f.get("priority"), f.at("priority"), problems, 1, SchedAttr.MAX_RT_PRIORITY) : null;
        Long runtime = f.has("runtime") ? Values.duration(f.get("runtime"), f.at("runtime"), problems, 1) : null;
        Long deadline = f.has("deadline") ? Values.duration(f.get("deadline"), f.at("deadline"), problems, 1) : null;
        Long period = f.has("period") ? Values.duration(f.get("period"), f.at("period"), problems, 1) : null;
        Long expected = f.has("expected") ? Values.duration(f.get("expected"), f.at("expected"), problems, 1) : null;
        Long tickets = f.has("tickets") ? Values.integer(f.get("tickets"), f.at("tickets"), problems, 1, Integer.MAX_VALUE) : (Long) (long) SchedAttr.DEFAULT_TICKETS;
        if (policy == null) return null;

        String pname = policy.name().toLowerCase(java.util.Locale.ROOT);
        if (policy.isRealtime() && !f.has("priority")) {
            problems.add(o, f.at("priority"), "is missing; " + pname + " needs a priority 1..99");
        }
        if (!policy.isRealtime() && f.has("priority")) {
            problems.add(f.get("priority"), f.at("priority"), "is only for fifo and rr" + (policy.isFair() ? "; a " + pname + " task has a nice value instead" : ""));
        }
        if (policy == SchedPolicy.DEADLINE) {
            if (!f.has("runtime")) problems.add(o, f.at("runtime"), "is missing; deadline needs a runtime and a deadline");
            if (!f.has("deadline")) problems.add(o, f.at("deadline"), "is missing; deadline needs a runtime and a deadline");
        } else if (f.has("runtime")) {
            problems.add(f.get("runtime"), f.at("runtime"), "is only for policy deadline (SCHED_DEADLINE's budget)");
        }
        if (problems.count() > before) return null;
        try {
            SchedAttr a = policy == SchedPolicy.DEADLINE
                    ? SchedAttr.deadline(runtime, deadline, period == null ? 0 : period)
                    : policy.isRealtime() ? SchedAttr.normal().withPolicy(policy, priority.intValue())
                    : SchedAttr.normal().withPolicy(policy, 0);
            a = a.withNice(nice.intValue());
            if (policy != SchedPolicy.DEADLINE && (period != null || deadline != null)) {
                // the hints of edf and rm: a period alone has its deadline at the period's end
                long per = period == null ? 0 : period;
                a = a.withPeriod(per, deadline == null ? per : deadline);
            }
            if (expected != null) a = a.withExpectedRun(expected);
            return a.withTickets(tickets.intValue());
        } catch (IllegalArgumentException e) {
            problems.add(o, p, e.getMessage());
            return null;
        }
    }

    private static Periodic periodic(Node n, JPath p, Problems problems) {
        Obj o = Values.object(n, p, problems, "a release pattern");
        if (o == null) return null;
        Fields f = new Fields(o, p, problems, "periodic", PERIODIC_FIELDS);
        Long period = null;
        if (!f.has("period")) problems.add(o, f.at("period"), "is missing; a periodic task needs a period");
        else period = Values.duration(f.get("period"), f.at("period"), problems, 1);
        Long deadline = f.has("deadline") ? Values.duration(f.get("deadline"), f.at("deadline"), problems, 1) : period;
        Long offset = f.has("offset") ? Values.duration(f.get("offset"), f.at("offset"), problems, 0) : (Long) 0L;
        Periodic.OnMiss onMiss = Periodic.OnMiss.ABORT;
        if (f.has("on_miss")) {
            String s = Values.string(f.get("on_miss"), f.at("on_miss"), problems);
            onMiss = s == null ? null : switch (s) {
                case "abort" -> Periodic.OnMiss.ABORT;
                case "continue" -> Periodic.OnMiss.CONTINUE;
                default -> {
                    problems.add(f.get("on_miss"), f.at("on_miss"), JsonTree.quote(s) + " is not abort or continue");
                    yield null;
                }
            };
        }
        return period == null || deadline == null || offset == null || onMiss == null ? null : new Periodic(period, deadline, offset, onMiss);
    }

    private static List<Phase> phases(Node n, JPath p, Draft.Task t, Problems problems) {
        Arr a = Values.array(n, p, problems, "the phases");
        if (a == null) return null;
        if (a.items().isEmpty()) {
            problems.add(a, p, "is empty; a task needs at least one phase");
            return null;
        }
        List<Phase> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < a.items().size(); i++) {
            Node item = a.items().get(i);
            JPath ip = p.index(i);
            Phase phase = phase(item, ip, t, problems);
            if (phase == null) ok = false;
            else out.add(phase);
        }
        return ok ? out : null;
    }

    private static Phase phase(Node n, JPath p, Draft.Task t, Problems problems) {
        Obj o = Values.object(n, p, problems, "a phase such as {\"run\": \"1ms\"}");
        if (o == null) return null;
        List<Member> ms = o.members();
        if (ms.size() != 1) {
            String found = ms.isEmpty() ? "none" : ms.size() + " (" + String.join(", ", ms.stream().map(Member::key).toList()) + ")";
            problems.add(n, p, "a phase has exactly one key, one of " + String.join(", ", PHASE_KEYS) + "; found " + found);
            return null;
        }
        Member m = ms.get(0);
        JPath kp = p.key(m.key());
        Node v = m.value();
        int kind = PHASE_KEYS.indexOf(m.key());
        if (kind < 0) {
            String guess = Fields.closest(m.key(), PHASE_KEYS);
            problems.add(v, kp, "unknown phase" + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                    + " (the phases are " + String.join(", ", PHASE_KEYS) + ")");
            return null;
        }
        Phase phase = switch (Phase.Kind.values()[kind]) {
            case RUN -> {
                Long ns = Values.duration(v, kp, problems, 1);
                yield ns == null ? null : new Phase.Run(ns);
            }
            case SLEEP -> {
                Long ns = Values.duration(v, kp, problems, 1);
                yield ns == null ? null : new Phase.Sleep(ns);
            }
            case IO -> {
                Long ns = Values.duration(v, kp, problems, 1);
                yield ns == null ? null : new Phase.Io(ns);
            }
            case YIELD -> {
                if (v instanceof Bool b && b.value()) yield new Phase.Yield();
                problems.add(v, kp, "expected true, found " + JsonTree.render(v) + "; write {\"yield\": true}");
                yield null;
            }
            case LOCK -> {
                String s = Values.name(v, kp, problems);
                yield s == null ? null : new Phase.Lock(s);
            }
            case UNLOCK -> {
                String s = Values.name(v, kp, problems);
                yield s == null ? null : new Phase.Unlock(s);
            }
            case SIGNAL -> {
                String s = Values.name(v, kp, problems);
                yield s == null ? null : new Phase.Signal(s);
            }
            case WAIT -> {
                String s = Values.name(v, kp, problems);
                yield s == null ? null : new Phase.Wait(s);
            }
            case BARRIER -> {
                String s = Values.name(v, kp, problems);
                yield s == null ? null : new Phase.Barrier(s);
            }
            case TIMER -> timer(v, kp, problems);
        };
        if (phase != null) t.phases.add(new Loc(kp, v));
        return phase;
    }

    private static Phase timer(Node n, JPath p, Problems problems) {
        Obj o = Values.object(n, p, problems, "a timer such as {\"period\": \"10ms\"}");
        if (o == null) return null;
        Fields f = new Fields(o, p, problems, "a timer", TIMER_FIELDS);
        String ref = f.has("ref") ? Values.name(f.get("ref"), f.at("ref"), problems) : DEFAULT_TIMER_REF;
        Long period = null;
        if (!f.has("period")) problems.add(o, f.at("period"), "is missing; a timer needs a period");
        else period = Values.duration(f.get("period"), f.at("period"), problems, 1);
        Phase.Timer.Mode mode = Phase.Timer.Mode.RELATIVE;
        if (f.has("mode")) {
            String s = Values.string(f.get("mode"), f.at("mode"), problems);
            mode = s == null ? null : switch (s) {
                case "relative" -> Phase.Timer.Mode.RELATIVE;
                case "absolute" -> Phase.Timer.Mode.ABSOLUTE;
                default -> {
                    problems.add(f.get("mode"), f.at("mode"), JsonTree.quote(s) + " is not relative or absolute");
                    yield null;
                }
            };
        }
        return ref == null || period == null || mode == null ? null : new Phase.Timer(ref, period, mode);
    }
}
