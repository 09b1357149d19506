package org.kernellab.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.CpuStateDTO;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.core.StandaloneMachine;

class LiveStateTest {

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<String, Object> m, String key) {
        return (T) m.get(key);
    }

    @Test
    void read_followsTheTraceByCursor_skipsToTheNewestWhenBehind_andStartsAgainAfterAClear() {
        try (StandaloneMachine m = new StandaloneMachine(2).withPeriodicTick()) {
            m.tracer().start();
            m.kernel().spawn(TaskSpec.process("a"), k -> k.compute(3_000_000_000L));
            for (int i = 0; i < 3; i++) {
                m.kernel().spawn(TaskSpec.process("s" + i), k -> {
                    for (int n = 0; n < 1000; n++) {
                        k.compute(100_000);
                        k.msleep(1);
                    }
                });
            }
            m.kernel().run(1_000_000_000L);
            int size = m.tracer().size();
            assertTrue(size > 2 * LiveState.MAX_EVENTS, "enough records to fall behind: " + size);

            Map<String, Object> first = LiveState.read(m.kernel(), m.tracer(), 0);
            assertEquals(size - LiveState.MAX_EVENTS, (int) get(first, "from"), "a page that is far behind gets the newest records");
            assertEquals(size - LiveState.MAX_EVENTS, (int) get(first, "skipped"));
            assertEquals(size, (int) get(first, "next"));
            List<TraceEventDTO> events = get(first, "events");
            assertEquals(LiveState.MAX_EVENTS, events.size());
            assertEquals(m.tracer().events().get(size - 1).timeNs, events.get(events.size() - 1).timeNs);

            m.kernel().run(10_000_000L);
            Map<String, Object> more = LiveState.read(m.kernel(), m.tracer(), size);
            assertEquals(size, (int) get(more, "from"));
            assertEquals(0, (int) get(more, "skipped"));
            assertEquals(m.tracer().size(), (int) get(more, "next"));
            assertEquals(1_010_000_000L, (long) get(more, "timeNs"));

            m.tracer().clear();
            m.kernel().run(10_000_000L);
            Map<String, Object> again = LiveState.read(m.kernel(), m.tracer(), m.tracer().size() + 5000);
            assertEquals(true, get(again, "restarted"), "a cursor past the end means the trace began again");
            assertEquals(0, (int) get(again, "from"));
            assertEquals(m.tracer().size(), (int) get(again, "next"));

            List<CpuStateDTO> cpus = get(again, "cpus");
            assertEquals(2, cpus.size());
            assertTrue(cpus.stream().anyMatch(c -> c.currentComm.equals("a")), "a, always runnable, runs on one of the CPUs");
            assertThrows(IllegalArgumentException.class, () -> LiveState.read(m.kernel(), m.tracer(), -1));
        }
    }

    @Test
    void fields_areEachLayoutsBitFields_highestFirst() {
        List<Map<String, Object>> six = LiveState.fields(PreemptLayout.LINUX_6);
        assertEquals(List.of("PREEMPT_NEED_RESCHED", "NMI", "HARDIRQ", "SOFTIRQ", "PREEMPT"), six.stream().map(f -> f.get("name")).toList());
        assertEquals(List.of(20, 23), List.of(six.get(1).get("low"), six.get(1).get("high")), "NMI is bits 20-23 (include/linux/preempt.h)");
        assertEquals(0x80000000L, six.get(0).get("mask"));
        List<Map<String, Object>> old = LiveState.fields(PreemptLayout.LINUX_2_6);
        assertEquals(List.of("PREEMPT_ACTIVE", "HARDIRQ", "SOFTIRQ", "PREEMPT"), old.stream().map(f -> f.get("name")).toList());
        assertEquals(List.of(16, 27), List.of(old.get(1).get("low"), old.get(1).get("high")), "2.6: 12 HARDIRQ bits");
        assertEquals(28, old.get(0).get("low"));
    }

    @Test
    void read_aMachineInTheOldLayout_saysSo() {
        try (StandaloneMachine m = new StandaloneMachine(1, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_2_6)) {
            Map<String, Object> s = LiveState.read(m.kernel(), m.tracer(), 0);
            assertEquals("linux-2.6", s.get("layout"));
            assertEquals(4, ((List<?>) s.get("fields")).size());
        }
    }
}
