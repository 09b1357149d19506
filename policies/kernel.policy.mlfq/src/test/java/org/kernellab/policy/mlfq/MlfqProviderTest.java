package org.kernellab.policy.mlfq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MlfqProviderTest {

    private static MlfqProvider.Settings parse(Map<String, String> params) {
        return MlfqProvider.Settings.parse(Map.of("queues", "3", "quantum", "10ms", "allotment", "1", "boost", "0",
                "stay", "false", "iobump", "false"), params);
    }

    /** The message of the refusal, which must begin with the policy and the key. */
    private static String refused(String key, Map<String, String> params) {
        String m = assertThrows(IllegalArgumentException.class,
                () -> new MlfqProvider().create(new TickDriver(), params)).getMessage();
        assertTrue(m.startsWith("policy mlfq: " + key + "="), m);
        return m;
    }

    @Test
    void create_defaults_areMlfqPys() {
        MlfqProvider.Settings s = parse(Map.of());
        assertArrayEquals(new long[] {10_000_000L, 10_000_000L, 10_000_000L}, s.quantumNs());
        assertArrayEquals(new int[] {1, 1, 1}, s.allotment());
        assertEquals(0, s.boostNs());
        assertEquals(false, s.stay());
        assertEquals(false, s.iobump());
    }

    @Test
    void create_lists_areHighestQueueFirstLikeDashQAndDashA() {
        MlfqProvider.Settings s = parse(Map.of("quanta", "10ms,20ms,40ms", "allotments", "1,2,0", "boost", "100ms"));
        assertArrayEquals(new long[] {40_000_000L, 20_000_000L, 10_000_000L}, s.quantumNs(), "level 0 is the lowest");
        assertArrayEquals(new int[] {0, 2, 1}, s.allotment());
        assertEquals(100_000_000L, s.boostNs());
    }

    @Test
    void create_badNumbers_areRefusedNamingTheKey() {
        refused("queues", Map.of("queues", "0"));
        refused("queues", Map.of("queues", "three"));
        refused("allotment", Map.of("allotment", "-1"));
        refused("stay", Map.of("stay", "maybe"));
        refused("iobump", Map.of("iobump", "2"));
    }

    @Test
    void create_badDurations_areRefusedNamingTheKey() {
        assertTrue(refused("quantum", Map.of("quantum", "10")).contains("unit"));
        refused("quantum", Map.of("quantum", "0ms"));
        refused("quanta", Map.of("quanta", "10ms,fast"));
        assertTrue(refused("boost", Map.of("boost", "often")).contains("0 for never"));
        refused("boost", Map.of("boost", "-5ms"));
    }

    @Test
    void create_badAllotmentLists_areRefusedNamingAllotments() {
        assertTrue(refused("allotments", Map.of("allotments", "1,2")).contains("2 allotments for 3 queues"));
        assertTrue(refused("allotments", Map.of("allotments", "0,1,1")).contains("0 only for the lowest queue"));
        refused("allotments", Map.of("allotments", "1,x,1"));
    }

    @Test
    void create_contradictions_areRefusedNamingTheKey() {
        refused("quanta", Map.of("quantum", "5ms", "quanta", "10ms,20ms"));
        refused("allotments", Map.of("allotment", "2", "allotments", "1,1,1"));
        assertTrue(refused("queues", Map.of("queues", "4", "quanta", "10ms,20ms,40ms")).contains("gives 3 queues"));
    }

    @Test
    void create_unknownKey_isRefusedWithTheKnownOnes() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> new MlfqProvider().create(new TickDriver(), Map.of("speed", "fast"))).getMessage();
        assertTrue(m.contains("\"speed\"") && m.contains("queues, quantum, quanta, allotment, allotments, boost, stay, iobump"), m);
    }
}
