package org.kernellab.workload.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/**
 * A workload as KernelLab's JSON: the machine on one line, one task per line, fields in the
 * order of {@link NativeReader}'s lists, a field at its default left out (except the
 * machine's, which are always written so that a file says what it runs on). Reading the text
 * back gives an equal workload.
 *
 * <p>One value has no exact text: the edf/rm hint of a non-deadline task whose period is set
 * and whose deadline is 0 ({@code SchedAttr.withPeriod(p, 0)}) is written as the period
 * alone, which reads back with its deadline at the period.
 */
final class JsonWriter {
    private JsonWriter() {}

    static String write(Workload w) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  ").append(str("name")).append(": ").append(str(w.name())).append(",\n");
        b.append("  ").append(str("machine")).append(": ").append(machine(w.machine())).append(",\n");
        if (w.hasStop()) b.append("  ").append(str("stop")).append(": ").append(dur(w.stopNs())).append(",\n");
        b.append("  ").append(str("tasks")).append(": [\n");
        for (int i = 0; i < w.tasks().size(); i++) {
            b.append("    ").append(task(w.tasks().get(i))).append(i + 1 < w.tasks().size() ? ",\n" : "\n");
        }
        return b.append("  ]\n}\n").toString();
    }

    private static String machine(Machine m) {
        List<String> f = new ArrayList<>();
        f.add(field("cpus", Integer.toString(m.cpus())));
        f.add(field("hz", Integer.toString(m.hz())));
        f.add(field("seed", Long.toString(m.seed())));
        f.add(field("costs", costs(m.costs())));
        return obj(f);
    }

    private static String costs(Costs c) {
        if (c.equals(Costs.NONE)) return str("none");
        if (c.equals(Costs.TYPICAL)) return str("typical");
        List<String> f = new ArrayList<>();
        if (c.switchNs() != 0) f.add(field("switch", dur(c.switchNs())));
        if (c.tickNs() != 0) f.add(field("tick", dur(c.tickNs())));
        if (c.irqEntryNs() != 0) f.add(field("irq_entry", dur(c.irqEntryNs())));
        return obj(f);
    }

    private static String task(TaskDef t) {
        List<String> f = new ArrayList<>();
        f.add(field("name", str(t.name())));
        if (t.instances() != 1) f.add(field("instances", Integer.toString(t.instances())));
        if (t.startNs() != 0) f.add(field("start", dur(t.startNs())));
        String sched = sched(t.sched(), t.periodic());
        if (sched != null) f.add(field("sched", sched));
        if (t.cpus() != TaskDef.ALL_CPUS) f.add(field("cpus", str(CpuList.format(t.cpus()))));
        if (t.loop() != TaskDef.defaultLoop(t.periodic())) f.add(field("loop", Integer.toString(t.loop())));
        List<String> phases = new ArrayList<>();
        for (Phase p : t.phases()) phases.add(phase(p));
        f.add(field("phases", "[" + String.join(", ", phases) + "]"));
        if (t.periodic() != null) f.add(field("periodic", periodic(t.periodic())));
        return obj(f);
    }

    /** The non-default attributes, or null when every one is at its default. */
    private static String sched(SchedAttr a, Periodic periodic) {
        List<String> f = new ArrayList<>();
        if (a.policy != SchedPolicy.NORMAL) f.add(field("policy", str(a.policy.name().toLowerCase(Locale.ROOT))));
        if (a.nice != 0) f.add(field("nice", Integer.toString(a.nice)));
        if (a.policy.isRealtime()) f.add(field("priority", Integer.toString(a.rtPriority)));
        if (a.policy == SchedPolicy.DEADLINE) {
            f.add(field("runtime", dur(a.runtimeNs)));
            f.add(field("deadline", dur(a.deadlineNs)));
            f.add(field("period", dur(a.periodNs)));
        } else {
            boolean fromPeriodic = periodic != null && a.periodNs == periodic.periodNs() && a.deadlineNs == periodic.deadlineNs();
            if (!fromPeriodic) {
                if (a.deadlineNs != 0 && a.deadlineNs != a.periodNs) f.add(field("deadline", dur(a.deadlineNs)));
                if (a.periodNs != 0) f.add(field("period", dur(a.periodNs)));
            }
        }
        if (a.expectedRunNs != 0) f.add(field("expected", dur(a.expectedRunNs)));
        if (a.tickets != SchedAttr.DEFAULT_TICKETS) f.add(field("tickets", Integer.toString(a.tickets)));
        return f.isEmpty() ? null : obj(f);
    }

    private static String periodic(Periodic p) {
        List<String> f = new ArrayList<>();
        f.add(field("period", dur(p.periodNs())));
        f.add(field("deadline", dur(p.deadlineNs())));
        if (p.offsetNs() != 0) f.add(field("offset", dur(p.offsetNs())));
        f.add(field("on_miss", str(p.onMiss().key())));
        return obj(f);
    }

    static String phase(Phase p) {
        String key = p.kind().key();
        String value = switch (p) {
            case Phase.Run r -> dur(r.ns());
            case Phase.Sleep s -> dur(s.ns());
            case Phase.Io io -> dur(io.ns());
            case Phase.Yield y -> "true";
            case Phase.Lock l -> str(l.mutex());
            case Phase.Unlock u -> str(u.mutex());
            case Phase.Signal s -> str(s.event());
            case Phase.Wait w -> str(w.event());
            case Phase.Barrier b -> str(b.name());
            case Phase.Timer t -> {
                List<String> f = new ArrayList<>();
                if (!t.ref().equals(NativeReader.DEFAULT_TIMER_REF)) f.add(field("ref", str(t.ref())));
                f.add(field("period", dur(t.periodNs())));
                if (t.mode() != Phase.Timer.Mode.RELATIVE) f.add(field("mode", str(t.mode().key())));
                yield obj(f);
            }
        };
        return "{" + str(key) + ": " + value + "}";
    }

    private static String field(String key, String value) {
        return str(key) + ": " + value;
    }

    private static String obj(List<String> fields) {
        return "{" + String.join(", ", fields) + "}";
    }

    private static String dur(long ns) {
        return str(Durations.format(ns));
    }

    static String str(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
