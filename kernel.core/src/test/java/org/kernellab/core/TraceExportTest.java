package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TraceExportTest {

    private static String traced() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            m.handlers[5] = (irq, cpu) -> {
                m.host.tracer.irqHandlerEntry(irq, "dev");
                k.compute(50_000);
                m.host.tracer.irqHandlerExit(irq, true);
            };
            m.host.tracer.start();
            for (int i = 0; i < 3; i++) k.spawn(TaskSpec.process("t" + i), kk -> {
                kk.compute(6_000_000);
                kk.msleep(2);
                kk.compute(1_000_000);
            });
            m.host.machine.at(2_000_000, now -> m.host.machine.raiseIrq(5, 0));
            k.runUntilIdle(1_000_000_000L);
            return m.host.tracer.chromeJson();
        }
    }

    @Test
    void chromeJson_isValidTraceEventJson_withATrackPerCpuAndSlices() throws Exception {
        JsonNode root = new ObjectMapper().readTree(traced());
        JsonNode events = root.get("traceEvents");
        assertTrue(events.isArray() && events.size() > 5, "traceEvents array");
        Set<String> tracks = new HashSet<>();
        int slices = 0;
        boolean irqSlice = false;
        for (JsonNode e : events) {
            for (String f : new String[] {"name", "ph", "pid", "tid"}) assertTrue(e.has(f), "missing " + f + " in " + e);
            String ph = e.get("ph").asText();
            assertTrue(Set.of("M", "X", "i").contains(ph), "phase " + ph);
            if (ph.equals("M") && e.get("name").asText().equals("thread_name")) tracks.add(e.get("args").get("name").asText());
            if (ph.equals("X")) {
                assertTrue(e.get("ts").isNumber() && e.get("dur").isNumber(), "X needs numeric ts and dur: " + e);
                assertTrue(e.get("dur").asDouble() >= 0);
                slices++;
                irqSlice |= e.get("name").asText().equals("irq 5: dev") && e.get("dur").asDouble() == 50.0;
            }
        }
        assertEquals(Set.of("CPU 0", "CPU 1"), tracks);
        assertTrue(slices >= 6, "task slices: " + slices);
        assertTrue(irqSlice, "an IRQ handler slice of 50 us");
    }

    @Test
    void chromeJson_sameRun_sameBytes() {
        assertEquals(traced(), traced());
    }

    /** ftrace's header counts what the buffer was written, not what the machine did while tracing was off. */
    @Test
    void header_entriesWritten_countsOnlyWhatWasRecorded() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            k.spawn(TaskSpec.process("before"), kk -> kk.compute(1_000_000));
            k.runUntilIdle(1_000_000_000L); // tracing off: events happen, none is written
            assertTrue(m.host.tracer.text().contains("# entries-in-buffer/entries-written: 0/0   #P:"), m.host.tracer.text());
            m.host.tracer.start();
            k.spawn(TaskSpec.process("after"), kk -> kk.compute(1_000_000));
            k.runUntilIdle(1_000_000_000L);
            int kept = m.host.tracer.size();
            assertTrue(kept > 0);
            assertTrue(m.host.tracer.text().contains("# entries-in-buffer/entries-written: " + kept + "/" + kept + "   #P:"), m.host.tracer.text());
        }
    }
}
