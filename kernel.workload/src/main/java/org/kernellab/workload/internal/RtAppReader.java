package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.workload.internal.Draft.Loc;
import org.kernellab.workload.internal.JsonTree.Member;
import org.kernellab.workload.internal.JsonTree.Node;
import org.kernellab.workload.internal.JsonTree.Num;
import org.kernellab.workload.internal.JsonTree.Obj;

/**
 * rt-app's JSON ({@code doc/tutorial.txt} of scheduler-tools/rt-app, read with
 * {@code src/rt-app_parse_config.c}) into a {@link Draft} of KernelLab's model. What maps and
 * what does not is listed in {@code docs/workloads.md}, "rt-app files"; in short:
 *
 * <ul>
 * <li>{@code global.duration} (s, -1 forever) is the stop; {@code default_policy} the policy of
 *     tasks that give none; the keys about logging, calibration and memory are ignored.</li>
 * <li>A task's {@code instance}, {@code delay} (start), {@code loop}, {@code policy},
 *     {@code priority} (the nice value for SCHED_OTHER, BATCH and IDLE, default 0; the rt
 *     priority for FIFO and RR, default 10), {@code dl-runtime}/{@code dl-period}/
 *     {@code dl-deadline} (us; period defaults to the runtime, deadline to the period) and
 *     {@code cpus} map one to one.</li>
 * <li>Events are recognised by prefix and run in the order of the file, as rt-app does
 *     ({@code run0}, {@code run1}; a key repeated as workgen allows is kept in order).
 *     {@code phases} are flattened: each phase's events repeated its {@code loop} times.</li>
 * <li>{@code run} and {@code runtime} become {@code run} (CPU time; {@code runtime} counts
 *     wall time in rt-app), {@code sleep} {@code sleep}, {@code timer} {@code timer},
 *     {@code lock}/{@code unlock}, {@code signal} and {@code barrier} themselves, {@code yield}
 *     {@code yield}; {@code wait {ref, mutex}} becomes unlock mutex, wait ref, lock mutex (what
 *     pthread_cond_wait does). Zero-length {@code run}, {@code runtime}, {@code sleep} and
 *     {@code timer} events are dropped. Other events are refused.</li>
 * </ul>
 */
final class RtAppReader {
    private RtAppReader() {}

    static final List<String> ROOT_FIELDS = List.of("tasks", "global", "resources");
    /** Global keys that change nothing in a simulation (logging, calibration, memory locking). */
    static final List<String> GLOBAL_IGNORED = List.of("calibration", "pi_enabled", "lock_pages", "logdir", "log_size",
            "log_basename", "ftrace", "gnuplot", "io_device", "mem_buffer_size", "cumulative_slack", "frag", "spacing");
    static final List<String> GLOBAL_FIELDS;
    static final List<String> TASK_KEYS = List.of("instance", "delay", "loop", "phases", "policy", "priority",
            "dl-runtime", "dl-period", "dl-deadline", "cpus");
    /** Task and phase keys about uclamp, cgroups and NUMA, which KernelLab does not model. */
    static final List<String> IGNORED_KEYS = List.of("util_min", "util_max", "taskgroup", "nodes_membind");
    static final List<String> PHASE_SCHED_KEYS = List.of("policy", "priority", "dl-runtime", "dl-period", "dl-deadline", "cpus");
    static final List<String> SUPPORTED_EVENTS = List.of("run", "runtime", "sleep", "timer", "lock", "unlock", "wait", "signal", "barrier", "yield");
    /** rt-app's event names, in the order its parser tests a key's prefix against them. */
    private static final List<String> EVENT_PREFIXES = List.of("runtime", "run", "sleep", "memrun", "mem", "iorun", "lock",
            "unlock", "signal", "broad", "wait", "sync", "barrier", "timer", "resume", "suspend", "yield", "fork",
            "sem_post", "sem_wait");
    static final List<String> POLICY_NAMES = List.of("SCHED_OTHER", "SCHED_BATCH", "SCHED_IDLE", "SCHED_FIFO", "SCHED_RR", "SCHED_DEADLINE");
    /** rt-app's DEFAULT_THREAD_PRIORITY, for FIFO and RR. */
    static final int DEFAULT_RT_PRIORITY = 10;
    /** The most phases a flattened task may have. */
    static final int MAX_PHASES = 100_000;

    static {
        List<String> g = new ArrayList<>(List.of("duration", "default_policy"));
        g.addAll(GLOBAL_IGNORED);
        GLOBAL_FIELDS = List.copyOf(g);
    }

    /** True when {@code root} is rt-app's: its {@code tasks} is an object of named tasks. */
    static boolean isRtApp(Obj root) {
        for (Member m : root.members()) if (m.key().equals("tasks") && m.value() instanceof Obj) return true;
        return false;
    }

    private static long us(long v) {
        return v * 1_000L;
    }

    static Draft read(Obj root, String defaultName, Problems problems) {
        Draft d = new Draft();
        d.name = defaultName;
        Fields f = new Fields(root, JPath.ROOT, problems, "an rt-app file", ROOT_FIELDS);
        d.noStop = "global.duration is -1 (run forever); set a duration or a loop";
        d.stopNs = Workload.UNTIL_EXIT;
        SchedPolicy defaultPolicy = SchedPolicy.NORMAL;
        if (f.has("global")) {
            Obj g = Values.object(f.get("global"), f.at("global"), problems, "rt-app's global settings");
            if (g != null) {
                Fields gf = new Fields(g, f.at("global"), problems, "global", GLOBAL_FIELDS);
                if (gf.has("duration")) {
                    Long s = Values.integer(gf.get("duration"), gf.at("duration"), problems, -1, Values.MAX_DURATION_NS / 1_000_000_000L);
                    if (s != null && s == 0) {
                        problems.add(gf.get("duration"), gf.at("duration"), "0 s would end the run before it starts; use -1 (until every task ends) or a number of seconds");
                        d.stopNs = null;
                    } else {
                        d.stopNs = s == null ? null : s == -1 ? Workload.UNTIL_EXIT : s * 1_000_000_000L;
                    }
                }
                if (gf.has("default_policy")) defaultPolicy = policy(gf.get("default_policy"), gf.at("default_policy"), problems);
            }
        }

        Obj tasks = (Obj) f.get("tasks");
        JPath tp = f.at("tasks");
        int maxCpu = -1;
        int kept = 0;
        for (Member m : tasks.members()) {
            JPath p = tp.key(m.key());
            Draft.Task t = task(m.key(), m.value(), p, defaultPolicy, problems);
            if (t == null) continue; // instance 0: rt-app creates no thread
            kept++;
            d.tasks.add(t);
            if (t.def != null && t.def.cpus() != TaskDef.ALL_CPUS) maxCpu = Math.max(maxCpu, 63 - Long.numberOfLeadingZeros(t.def.cpus()));
        }
        if (tasks.members().isEmpty()) problems.add(tasks, tp, "is empty; rt-app needs at least one task");
        else if (kept == 0 && !problems.any()) problems.add(tasks, tp, "every task has instance 0; nothing would run");
        // rt-app runs on the host's CPUs; the machine here has enough for every cpus list
        d.machine = new Machine(Math.max(Machine.DEFAULT_CPUS, maxCpu + 1), Machine.DEFAULT_HZ, Machine.DEFAULT_SEED, Costs.NONE);
        d.machineCpus = new Loc(JPath.ROOT.key("machine").key("cpus"), root);
        return d;
    }

    private static SchedPolicy policy(Node n, JPath p, Problems problems) {
        String s = Values.string(n, p, problems);
        if (s == null) return null;
        try {
            return SchedPolicy.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(n, p, JsonTree.quote(s) + " is not a policy; use " + String.join(", ", POLICY_NAMES));
            return null;
        }
    }

    /** The event kind of a key, by rt-app's prefix rule, or null for a key that is no event. */
    static String eventOf(String key) {
        for (String e : EVENT_PREFIXES) if (key.startsWith(e)) return e;
        return null;
    }

    private static Draft.Task task(String name, Node n, JPath p, SchedPolicy defaultPolicy, Problems problems) {
        Draft.Task t = new Draft.Task(new Loc(p, n));
        t.name = new Loc(p, n);
        Obj o = Values.object(n, p, problems, "an rt-app task");
        if (o == null) return t;
        int before = problems.count();

        Map<String, Node> keys = new LinkedHashMap<>();
        List<Member> events = new ArrayList<>();
        for (Member m : o.members()) {
            JPath kp = p.key(m.key());
            if (TASK_KEYS.contains(m.key())) {
                if (keys.putIfAbsent(m.key(), m.value()) != null) problems.add(m.value(), kp, "appears twice in this task; keep one");
            } else if (IGNORED_KEYS.contains(m.key())) {
                // uclamp, cgroups, NUMA: not modelled
            } else if (eventOf(m.key()) != null) {
                events.add(m);
            } else {
                String guess = Fields.closest(m.key(), TASK_KEYS);
                problems.add(m.value(), kp, "unknown field" + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                        + " (an rt-app task has " + String.join(", ", TASK_KEYS) + ", and events: " + String.join(", ", SUPPORTED_EVENTS) + ")");
            }
        }

        long instances = 1;
        if (keys.containsKey("instance")) {
            Long v = Values.integer(keys.get("instance"), p.key("instance"), problems, 0, NativeReader.MAX_INSTANCES);
            if (v != null && v == 0) return null;
            if (v != null) instances = v;
        }
        long start = 0;
        if (keys.containsKey("delay")) {
            Long v = Values.integer(keys.get("delay"), p.key("delay"), problems, 0, Values.MAX_DURATION_NS / 1000);
            if (v != null) start = us(v);
        }
        t.cpus = new Loc(p.key("cpus"), keys.getOrDefault("cpus", o));
        Long cpus = TaskDef.ALL_CPUS;
        if (keys.containsKey("cpus")) cpus = Values.cpus(keys.get("cpus"), p.key("cpus"), problems);
        SchedAttr sched = sched(keys, o, p, defaultPolicy, problems);

        Integer taskLoop = null;
        boolean loopGiven = keys.containsKey("loop");
        if (loopGiven) taskLoop = loop(keys.get("loop"), p.key("loop"), problems);
        t.loop = new Loc(p.key("loop"), loopGiven ? keys.get("loop") : o);

        List<Phase> phases = new ArrayList<>();
        int loop;
        if (keys.containsKey("phases")) {
            for (Member e : events) {
                problems.add(e.value(), p.key(e.key()), "rt-app ignores an event beside \"phases\"; move it into a phase");
            }
            Obj ph = Values.object(keys.get("phases"), p.key("phases"), problems, "rt-app phases by name");
            Integer forever = null;
            if (ph != null) {
                if (ph.members().isEmpty()) problems.add(ph, p.key("phases"), "is empty; a task needs at least one phase");
                for (Member pm : ph.members()) {
                    JPath pp = p.key("phases").key(pm.key());
                    Integer phaseLoop = phase(pm.value(), pp, phases, t, problems);
                    if (phaseLoop != null && phaseLoop == TaskDef.FOREVER) {
                        if (ph.members().size() > 1) {
                            problems.add(pm.value(), pp.key("loop"), "-1 (forever) is supported only in a task's only phase; give this phase a loop count");
                        }
                        forever = TaskDef.FOREVER;
                    }
                }
            }
            loop = forever != null ? TaskDef.FOREVER : loopGiven ? (taskLoop == null ? 1 : taskLoop) : TaskDef.FOREVER;
            if (!loopGiven) t.loopText = "-1 (rt-app's default)";
        } else {
            if (events.isEmpty()) problems.add(o, p, "has no events; rt-app needs at least one (" + String.join(", ", SUPPORTED_EVENTS) + ")");
            for (Member e : events) event(e, p.key(e.key()), phases, t, problems);
            loop = loopGiven ? (taskLoop == null ? 1 : taskLoop) : TaskDef.FOREVER;
            if (!loopGiven) t.loopText = "-1 (rt-app's default)";
        }
        if (phases.isEmpty() && problems.count() == before) {
            problems.add(o, p, "has only zero-length events; nothing to run");
        }
        if (problems.count() == before) {
            t.def = new TaskDef(name, (int) instances, start, sched, cpus, loop, phases, null);
        }
        return t;
    }

    private static Integer loop(Node n, JPath p, Problems problems) {
        Long l = Values.integer(n, p, problems, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (l == null) return null;
        if (l != TaskDef.FOREVER && l < 1) {
            problems.add(n, p, l + " is not a loop count; use -1 (forever) or 1 or more");
            return null;
        }
        return l.intValue();
    }

    private static SchedAttr sched(Map<String, Node> keys, Obj o, JPath p, SchedPolicy defaultPolicy, Problems problems) {
        SchedPolicy policy = keys.containsKey("policy") ? policy(keys.get("policy"), p.key("policy"), problems) : defaultPolicy;
        if (policy == null) return null;
        Long prio = null;
        if (keys.containsKey("priority")) {
            if (policy.isFair()) prio = Values.integer(keys.get("priority"), p.key("priority"), problems, -20, 19);
            else if (policy.isRealtime()) prio = Values.integer(keys.get("priority"), p.key("priority"), problems, 1, SchedAttr.MAX_RT_PRIORITY);
            else prio = Values.integer(keys.get("priority"), p.key("priority"), problems, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (prio == null) return null;
        }
        Long runtime = null;
        Long period = null;
        Long deadline = null;
        for (String k : List.of("dl-runtime", "dl-period", "dl-deadline")) {
            if (!keys.containsKey(k)) continue;
            if (policy != SchedPolicy.DEADLINE) {
                problems.add(keys.get(k), p.key(k), "is only for SCHED_DEADLINE (this task is " + policyName(policy) + ")");
                continue;
            }
            Long v = Values.integer(keys.get(k), p.key(k), problems, 0, Values.MAX_DURATION_NS / 1000);
            if (v == null) return null;
            switch (k) {
                case "dl-runtime" -> runtime = us(v);
                case "dl-period" -> period = us(v);
                default -> deadline = us(v);
            }
        }
        try {
            if (policy == SchedPolicy.DEADLINE) {
                if (runtime == null || runtime == 0) {
                    problems.add(keys.getOrDefault("dl-runtime", o), p.key("dl-runtime"), "is missing; SCHED_DEADLINE needs a runtime (us)");
                    return null;
                }
                long per = period == null || period == 0 ? runtime : period;
                long dl = deadline == null || deadline == 0 ? per : deadline;
                return SchedAttr.deadline(runtime, dl, per);
            }
            if (policy.isRealtime()) return SchedAttr.normal().withPolicy(policy, prio == null ? DEFAULT_RT_PRIORITY : prio.intValue());
            SchedAttr a = SchedAttr.normal().withPolicy(policy, 0);
            return prio == null ? a : a.withNice(prio.intValue());
        } catch (IllegalArgumentException e) {
            problems.add(o, p, e.getMessage());
            return null;
        }
    }

    /** One named phase: its events, {@code loop} times, appended to {@code out}; returns its loop (-1: forever). */
    private static Integer phase(Node n, JPath p, List<Phase> out, Draft.Task t, Problems problems) {
        Obj o = Values.object(n, p, problems, "an rt-app phase");
        if (o == null) return null;
        Node loopNode = null;
        List<Member> events = new ArrayList<>();
        for (Member m : o.members()) {
            JPath kp = p.key(m.key());
            if (m.key().equals("loop")) {
                if (loopNode != null) problems.add(m.value(), kp, "appears twice in this phase; keep one");
                loopNode = m.value();
            } else if (PHASE_SCHED_KEYS.contains(m.key())) {
                problems.add(m.value(), kp, "a phase cannot change the task's " + m.key() + " here; set it on the task");
            } else if (IGNORED_KEYS.contains(m.key())) {
                // not modelled
            } else if (eventOf(m.key()) != null) {
                events.add(m);
            } else {
                problems.add(m.value(), kp, "unknown field (an rt-app phase has loop and events: " + String.join(", ", SUPPORTED_EVENTS) + ")");
            }
        }
        Integer loop = loopNode == null ? (Integer) 1 : loop(loopNode, p.key("loop"), problems);
        if (events.isEmpty()) problems.add(o, p, "has no events; rt-app needs at least one (" + String.join(", ", SUPPORTED_EVENTS) + ")");
        List<Phase> once = new ArrayList<>();
        Draft.Task scratch = new Draft.Task(t.at);
        for (Member e : events) event(e, p.key(e.key()), once, scratch, problems);
        if (loop == null) return null;
        int times = loop == TaskDef.FOREVER ? 1 : loop;
        long total = out.size() + (long) times * once.size();
        if (total > MAX_PHASES) {
            problems.add(loopNode == null ? o : loopNode, p.key("loop"), "repeating this phase makes the task " + total
                    + " steps long; at most " + MAX_PHASES + " are supported");
            return null;
        }
        for (int i = 0; i < times; i++) {
            out.addAll(once);
            t.phases.addAll(scratch.phases);
        }
        return loop;
    }

    /** One event, as zero or more phases appended to {@code out} (with its path for each). */
    private static void event(Member e, JPath p, List<Phase> out, Draft.Task t, Problems problems) {
        String kind = eventOf(e.key());
        Node v = e.value();
        Loc at = new Loc(p, v);
        switch (kind) {
            case "run", "runtime", "sleep" -> {
                Long usv = micros(v, p, problems);
                if (usv == null || usv == 0) return;
                add(out, t, at, kind.equals("sleep") ? new Phase.Sleep(us(usv)) : new Phase.Run(us(usv)));
            }
            case "lock", "unlock", "signal", "barrier" -> {
                String s = Values.name(v, p, problems);
                if (s == null) return;
                add(out, t, at, switch (kind) {
                    case "lock" -> new Phase.Lock(s);
                    case "unlock" -> new Phase.Unlock(s);
                    case "signal" -> new Phase.Signal(s);
                    default -> new Phase.Barrier(s);
                });
            }
            case "wait" -> {
                Obj o = Values.object(v, p, problems, "{\"ref\": condition, \"mutex\": mutex}");
                if (o == null) return;
                String ref = null;
                String mutex = null;
                for (Member m : o.members()) {
                    switch (m.key()) {
                        case "ref" -> ref = Values.name(m.value(), p.key("ref"), problems);
                        case "mutex" -> mutex = Values.name(m.value(), p.key("mutex"), problems);
                        default -> problems.add(m.value(), p.key(m.key()), "unknown field (a wait has ref and mutex)");
                    }
                }
                if (ref == null) {
                    if (o.members().stream().noneMatch(m -> m.key().equals("ref"))) problems.add(o, p.key("ref"), "is missing; a wait needs the condition it waits on");
                    return;
                }
                // pthread_cond_wait releases the mutex while it sleeps and takes it again before it returns
                if (mutex != null) add(out, t, at, new Phase.Unlock(mutex));
                add(out, t, at, new Phase.Wait(ref));
                if (mutex != null) add(out, t, at, new Phase.Lock(mutex));
            }
            case "timer" -> {
                Obj o = Values.object(v, p, problems, "{\"ref\": name, \"period\": us}");
                if (o == null) return;
                String ref = "unknown"; // rt-app's default
                Long period = null;
                Phase.Timer.Mode mode = Phase.Timer.Mode.RELATIVE;
                boolean ok = true;
                for (Member m : o.members()) {
                    switch (m.key()) {
                        case "ref" -> {
                            ref = Values.name(m.value(), p.key("ref"), problems);
                            ok &= ref != null;
                        }
                        case "period" -> {
                            period = micros(m.value(), p.key("period"), problems);
                            ok &= period != null;
                        }
                        case "mode" -> {
                            String s = Values.string(m.value(), p.key("mode"), problems);
                            if ("relative".equals(s)) mode = Phase.Timer.Mode.RELATIVE;
                            else if ("absolute".equals(s)) mode = Phase.Timer.Mode.ABSOLUTE;
                            else {
                                if (s != null) problems.add(m.value(), p.key("mode"), JsonTree.quote(s) + " is not relative or absolute");
                                ok = false;
                            }
                        }
                        default -> {
                            problems.add(m.value(), p.key(m.key()), "unknown field (a timer has ref, period and mode)");
                            ok = false;
                        }
                    }
                }
                if (!ok || period == null || period == 0) return; // rt-app: no period, no timer (tune_json sets 0 to disable one)
                add(out, t, at, new Phase.Timer(ref, us(period), mode));
            }
            case "yield" -> add(out, t, at, new Phase.Yield());
            default -> problems.add(v, p, "rt-app event \"" + kind + "\" is not supported; the events KernelLab maps are "
                    + String.join(", ", SUPPORTED_EVENTS));
        }
    }

    private static void add(List<Phase> out, Draft.Task t, Loc at, Phase phase) {
        out.add(phase);
        t.phases.add(at);
    }

    /** A JSON integer of microseconds, at least 0, as rt-app writes durations. */
    private static Long micros(Node n, JPath p, Problems problems) {
        if (n instanceof Num x && x.integral()) return Values.integer(n, p, problems, 0, Values.MAX_DURATION_NS / 1000);
        problems.add(n, p, "expected an integer number of microseconds (rt-app's unit), found " + JsonTree.render(n));
        return null;
    }

    static String policyName(SchedPolicy p) {
        return "SCHED_" + (p == SchedPolicy.NORMAL ? "OTHER" : p.name().toUpperCase(Locale.ROOT));
    }
}
