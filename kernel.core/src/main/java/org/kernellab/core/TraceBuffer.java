package org.kernellab.core;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.dto.TraceEventDTO;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The trace stream. Every event updates the run digest; records are kept only while
 * recording. Record and format are separate steps: records hold tasks and numbers, and text
 * is made only when asked for. Guarded by the baton while the simulation runs; read from
 * outside only when it is stopped.
 */
final class TraceBuffer {
    enum Type {
        SCHED_SWITCH("sched_switch"),
        SCHED_WAKEUP("sched_wakeup"),
        SCHED_WAKEUP_NEW("sched_wakeup_new"),
        SCHED_PROCESS_EXIT("sched_process_exit"),
        SCHED_MIGRATE_TASK("sched_migrate_task"),
        IRQ_HANDLER_ENTRY("irq_handler_entry"),
        IRQ_HANDLER_EXIT("irq_handler_exit"),
        SOFTIRQ_ENTRY("softirq_entry"),
        SOFTIRQ_EXIT("softirq_exit"),
        CONTEXT_VIOLATION("context_violation"),
        PRINT("print"),
        // include/trace/events/timer.h; the body is formatted when the event is emitted
        TIMER_START("timer_start"),
        TIMER_EXPIRE_ENTRY("timer_expire_entry"),
        TIMER_EXPIRE_EXIT("timer_expire_exit"),
        TIMER_CANCEL("timer_cancel"),
        HRTIMER_START("hrtimer_start"),
        HRTIMER_EXPIRE_ENTRY("hrtimer_expire_entry"),
        HRTIMER_EXPIRE_EXIT("hrtimer_expire_exit"),
        HRTIMER_CANCEL("hrtimer_cancel");

        final String event;
        Type(String event) { this.event = event; }
    }

    /** One record. {@code a} is the task the event is about (prev for a switch), {@code b} the other task or a name. */
    static final class Rec {
        long time;
        int cpu;
        Type type;
        /** The latency-format flags: irqs off, need-resched, hard/soft irq, preempt depth. */
        String flags;
        TaskImpl current;
        TaskImpl a;
        Object b;
        int x;
        int y;
        char state;
    }

    private static final int CAPACITY = 1 << 20;

    private final ArrayDeque<Rec> records = new ArrayDeque<>();
    private boolean recording;
    /** The trace clauses of the run in progress' condition ({@link Until}), or null; tested on every event. */
    Until until;
    /** What {@link #until} saw hold, in words; the run stops at its next safe point. */
    String untilHit;
    private long digest = 0x6b65726e656c6c61L;
    private long count;
    /** Events recorded since the buffer was last cleared, including those it has since dropped (ftrace's entries-written). */
    private long written;

    boolean recording() { return recording; }
    void start() { recording = true; }
    void stop() { recording = false; }
    void clear() {
        records.clear();
        written = 0;
    }
    int size() { return records.size(); }
    long count() { return count; }

    /** Adds an event to the digest, and records it while recording. */
    void emit(long time, int cpu, Type type, String flags, TaskImpl current, TaskImpl a, Object b, int x, int y, char state) {
        long h = digest;
        h = mix(h, time);
        h = mix(h, ((long) cpu << 32) | type.ordinal());
        h = mix(h, ((long) (a == null ? -1 : a.pid) << 32) | (x & 0xffffffffL));
        h = mix(h, ((long) y << 16) | state);
        if (b instanceof TaskImpl t) h = mix(h, t.pid);
        else if (b != null) h = mix(h, b.hashCode());
        digest = h;
        count++;
        if (until != null && untilHit == null) untilHit = until.test(time, cpu, type, current, a, b, x, state);
        if (!recording) return;
        written++;
        if (records.size() == CAPACITY) records.removeFirst();
        Rec r = new Rec();
        r.time = time;
        r.cpu = cpu;
        r.type = type;
        r.flags = flags;
        r.current = current;
        r.a = a;
        r.b = b;
        r.x = x;
        r.y = y;
        r.state = state;
        records.addLast(r);
    }

    private static long mix(long h, long v) {
        h ^= v * 0x9E3779B97F4A7C15L;
        h = Long.rotateLeft(h, 29) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    String digest() { return String.format("%016x", digest ^ count); }

    void resetDigest() {
        digest = 0x6b65726e656c6c61L;
        count = 0;
        written = 0;
    }

    List<Rec> records() { return new ArrayList<>(records); }

    /** The text after "name: " in ftrace's output (formats from include/trace/events/sched.h and irq.h). */
    static String body(Rec r) {
        return switch (r.type) {
            case SCHED_SWITCH -> {
                TaskImpl next = (TaskImpl) r.b;
                yield "prev_comm=" + r.a.comm + " prev_pid=" + r.a.pid + " prev_prio=" + r.x
                        + " prev_state=" + (r.state == '+' ? "R+" : String.valueOf(r.state)) + " ==> next_comm=" + next.comm + " next_pid=" + next.pid
                        + " next_prio=" + r.y;
            }
            case SCHED_WAKEUP, SCHED_WAKEUP_NEW -> "comm=" + r.a.comm + " pid=" + r.a.pid + " prio=" + r.x
                    + " target_cpu=" + String.format("%03d", r.y);
            case SCHED_PROCESS_EXIT -> "comm=" + r.a.comm + " pid=" + r.a.pid + " prio=" + r.x;
            case SCHED_MIGRATE_TASK -> "comm=" + r.a.comm + " pid=" + r.a.pid + " prio=" + r.x
                    + " orig_cpu=" + r.b + " dest_cpu=" + r.y;
            case IRQ_HANDLER_ENTRY -> "irq=" + r.x + " name=" + r.b;
            case IRQ_HANDLER_EXIT -> "irq=" + r.x + " ret=" + (r.y != 0 ? "handled" : "unhandled");
            case SOFTIRQ_ENTRY, SOFTIRQ_EXIT -> "vec=" + r.x + " [action=" + r.b + "]";
            case CONTEXT_VIOLATION, PRINT, TIMER_START, TIMER_EXPIRE_ENTRY, TIMER_EXPIRE_EXIT, TIMER_CANCEL,
                    HRTIMER_START, HRTIMER_EXPIRE_ENTRY, HRTIMER_EXPIRE_EXIT, HRTIMER_CANCEL -> String.valueOf(r.b);
        };
    }

    static String commOf(TaskImpl t) { return t.idle ? "<idle>" : t.comm; }

    /**
     * ftrace's default text format (kernel/trace/trace_output.c), with the latency flags column,
     * for a machine of {@code cpus} CPUs (print_event_info's {@code #P:%d} in kernel/trace/trace.c).
     */
    String text(int cpus) {
        StringBuilder sb = new StringBuilder();
        sb.append("# tracer: nop\n#\n");
        sb.append("# entries-in-buffer/entries-written: ").append(records.size()).append('/').append(written)
                .append("   #P:").append(cpus).append("\n#\n");
        sb.append("#                                _-----=> irqs-off\n");
        sb.append("#                               / _----=> need-resched\n");
        sb.append("#                              | / _---=> hardirq/softirq\n");
        sb.append("#                              || / _--=> preempt-depth\n");
        sb.append("#                              ||| /\n");
        sb.append("#           TASK-PID     CPU#  ||||   TIMESTAMP  FUNCTION\n");
        sb.append("#              | |         |   ||||      |         |\n");
        for (Rec r : records) line(sb, r);
        return sb.toString();
    }

    static void line(StringBuilder sb, Rec r) {
        // kernel/trace/trace_output.c: "%16s-%-7d [%03d] " then the latency flags and the timestamp
        sb.append(String.format("%16s-%-7d [%03d] %s %5d.%06d: %s: %s%n", commOf(r.current), r.current.pid, r.cpu, r.flags,
                r.time / 1_000_000_000L, (r.time % 1_000_000_000L) / 1000, r.type.event, body(r)));
    }

    List<TraceEventDTO> dtos() {
        return dtos(0, records.size());
    }

    /**
     * The kept records from index {@code from} on (0 is the oldest kept), at most {@code max}, as
     * DTOs. A reader following the tail walks it from the newest end, so that polling costs what it returns.
     */
    List<TraceEventDTO> dtos(int from, int max) {
        if (from < 0 || max < 0) throw new IllegalArgumentException("events from " + from + ", at most " + max + ": both must be 0 or more");
        int size = records.size();
        int end = (int) Math.min(size, (long) from + max);
        if (from >= end) return new ArrayList<>();
        List<Rec> picked = new ArrayList<>(end - from);
        if (from > size / 2) {
            java.util.Iterator<Rec> it = records.descendingIterator();
            for (int i = size - 1; i >= from; i--) {
                Rec r = it.next();
                if (i < end) picked.add(r);
            }
            java.util.Collections.reverse(picked);
        } else {
            java.util.Iterator<Rec> it = records.iterator();
            for (int i = 0; i < end; i++) {
                Rec r = it.next();
                if (i >= from) picked.add(r);
            }
        }
        List<TraceEventDTO> out = new ArrayList<>(picked.size());
        for (Rec r : picked) {
            TraceEventDTO d = new TraceEventDTO();
            d.timeNs = r.time;
            d.cpu = r.cpu;
            d.type = r.type.event;
            d.pid = r.current.pid;
            d.comm = commOf(r.current);
            d.arg = r.type == Type.SCHED_SWITCH ? ((TaskImpl) r.b).pid : (r.a != null ? r.a.pid : r.x);
            if (r.type == Type.IRQ_HANDLER_ENTRY || r.type == Type.IRQ_HANDLER_EXIT
                    || r.type == Type.SOFTIRQ_ENTRY || r.type == Type.SOFTIRQ_EXIT) d.arg = r.x;
            d.detail = body(r);
            out.add(d);
        }
        return out;
    }

    /**
     * Chrome trace-event JSON (the "JSON Object Format"): one track (tid) per CPU, complete
     * ("X") slices for the task running on each CPU and for each IRQ handler, instant ("i")
     * events for wakeups and violations. Timestamps are microseconds.
     */
    String chromeJson(int nrCpus, long endNs) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeArrayFieldStart("traceEvents");
            meta(g, "process_name", 0, "KernelLab");
            for (int c = 0; c < nrCpus; c++) meta(g, "thread_name", c, "CPU " + c);
            long start = records.isEmpty() ? 0 : records.peekFirst().time;
            TaskImpl[] running = new TaskImpl[nrCpus];
            long[] since = new long[nrCpus];
            java.util.Arrays.fill(since, start);
            Map<Integer, ArrayDeque<Rec>> irqStack = new HashMap<>();
            for (Rec r : records) {
                if (r.cpu >= nrCpus) continue;
                if (running[r.cpu] == null) running[r.cpu] = r.current;
                switch (r.type) {
                    case SCHED_SWITCH -> {
                        slice(g, taskName(running[r.cpu]), "task", r.cpu, since[r.cpu], r.time);
                        running[r.cpu] = (TaskImpl) r.b;
                        since[r.cpu] = r.time;
                    }
                    case IRQ_HANDLER_ENTRY, SOFTIRQ_ENTRY -> irqStack.computeIfAbsent(r.cpu, k -> new ArrayDeque<>()).push(r);
                    case IRQ_HANDLER_EXIT, SOFTIRQ_EXIT -> {
                        ArrayDeque<Rec> st = irqStack.get(r.cpu);
                        if (st != null && !st.isEmpty()) {
                            Rec e = st.pop();
                            String kind = r.type == Type.IRQ_HANDLER_EXIT ? "irq" : "softirq";
                            slice(g, kind + " " + e.x + ": " + e.b, kind, r.cpu, e.time, r.time);
                        }
                    }
                    case SCHED_WAKEUP, SCHED_WAKEUP_NEW, CONTEXT_VIOLATION, SCHED_PROCESS_EXIT, SCHED_MIGRATE_TASK, PRINT -> {
                        g.writeStartObject();
                        g.writeStringField("name", r.type.event + (r.a != null ? " " + taskName(r.a) : ""));
                        g.writeStringField("cat", r.type.event);
                        g.writeStringField("ph", "i");
                        g.writeStringField("s", "t");
                        g.writeNumberField("ts", r.time / 1000.0);
                        g.writeNumberField("pid", 0);
                        g.writeNumberField("tid", r.cpu);
                        g.writeObjectFieldStart("args");
                        g.writeStringField("detail", body(r));
                        g.writeEndObject();
                        g.writeEndObject();
                    }
                }
            }
            for (int c = 0; c < nrCpus; c++) {
                if (running[c] != null && endNs > since[c]) slice(g, taskName(running[c]), "task", c, since[c], endNs);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String taskName(TaskImpl t) { return t.comm + " [" + t.pid + "]"; }

    private static void meta(JsonGenerator g, String name, int tid, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", 0);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeStringField("name", value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void slice(JsonGenerator g, String name, String cat, int cpu, long from, long to) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("cat", cat);
        g.writeStringField("ph", "X");
        g.writeNumberField("ts", from / 1000.0);
        g.writeNumberField("dur", Math.max(0, to - from) / 1000.0);
        g.writeNumberField("pid", 0);
        g.writeNumberField("tid", cpu);
        g.writeEndObject();
    }
}
