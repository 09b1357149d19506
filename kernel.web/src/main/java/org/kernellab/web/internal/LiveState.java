package org.kernellab.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.dto.CpuStateDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.api.trace.Tracer;

/**
 * The document the live page polls: the machine's time, each CPU's state, the task table, and
 * the trace records after the page's cursor. Built from the kernel's services only; each read is
 * taken at a safe point by the kernel, so the page never sees a CPU half-way through an event.
 */
final class LiveState {
    /** At most this many trace records per poll: a page that falls behind skips to the newest ones. */
    static final int MAX_EVENTS = 500;

    private LiveState() {
    }

    /** preempt_count's fields in {@code l}, highest bits first: name, mask, and the page's class for its colour. */
    static List<Map<String, Object>> fields(PreemptLayout l) {
        List<Map<String, Object>> out = new ArrayList<>();
        field(out, "PREEMPT_NEED_RESCHED", l.needResched, "resched");
        field(out, "PREEMPT_ACTIVE", l.preemptActive, "active");
        field(out, "NMI", l.nmiMask, "nmi");
        field(out, "HARDIRQ", l.hardirqMask, "hardirq");
        field(out, "SOFTIRQ", l.softirqMask, "softirq");
        field(out, "PREEMPT", l.preemptMask, "preempt");
        return out;
    }

    private static void field(List<Map<String, Object>> out, String name, int mask, String cls) {
        if (mask == 0) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("mask", Integer.toUnsignedLong(mask));
        m.put("low", Integer.numberOfTrailingZeros(mask));
        m.put("high", 31 - Integer.numberOfLeadingZeros(mask));
        m.put("cls", cls);
        out.add(m);
    }

    /**
     * The state as a JSON-ready tree.
     *
     * @param since the index of the first trace record the page has not seen ({@code next} of its last
     *              poll; 0 at first). An index past the end (the trace was cleared, or the machine
     *              rebooted) starts again from the newest records.
     */
    static Map<String, Object> read(Kernel kernel, Tracer tracer, int since) {
        if (since < 0) throw new IllegalArgumentException("since must be 0 or more, not " + since);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timeNs", kernel.now());
        out.put("jiffies", kernel.jiffies());
        out.put("hz", kernel.hz());
        List<CpuStateDTO> cpus = kernel.cpuStates();
        String layout = cpus.isEmpty() ? PreemptLayout.LINUX_6.name : cpus.get(0).layout;
        out.put("layout", layout);
        out.put("fields", fields(PreemptLayout.named(layout)));
        out.put("cpus", cpus);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskDTO t : kernel.ps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", t.pid);
            m.put("comm", t.comm);
            m.put("state", t.state);
            m.put("cpu", t.cpu);
            m.put("running", t.running);
            m.put("kthread", t.kernelThread);
            tasks.add(m);
        }
        out.put("tasks", tasks);
        out.put("recording", tracer.recording());
        int size = tracer.size();
        int from = since > size ? 0 : since;
        boolean restarted = since > size;
        if (size - from > MAX_EVENTS) from = size - MAX_EVENTS;
        List<TraceEventDTO> events = tracer.eventsFrom(from, MAX_EVENTS);
        out.put("from", from);
        out.put("restarted", restarted);
        out.put("skipped", from - (restarted ? 0 : since));
        out.put("next", from + events.size());
        out.put("events", events);
        return out;
    }
}
