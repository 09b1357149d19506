package org.kernellab.api.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class AbstractPolicyProviderTest {
    /** A provider of two parameters, {@code slice} and {@code fifo}, that records the hosts it made policies for. */
    private static final class SliceProvider extends AbstractPolicyProvider {
        final List<PolicyHost> made = new ArrayList<>();
        long lastSlice;

        SliceProvider() {
            super("slicer", "a test provider", "slice", "fifo");
        }

        @Override
        protected Function<PolicyHost, Policy> configure(PolicyParams params) {
            long slice = params.durationNs("slice", 20_000_000L, 1);
            params.boolValue("fifo", false);
            return host -> {
                made.add(host);
                lastSlice = slice;
                return null;
            };
        }
    }

    @Test
    void describesItself_fromItsConstructor() {
        SliceProvider p = new SliceProvider();
        assertEquals("slicer", p.name());
        assertEquals("a test provider", p.description());
        assertEquals(List.of("slice", "fifo"), p.parameters());
    }

    @Test
    void create_readsTheOverrideOverTheDefault_thenMakesThePolicyForTheHost() {
        SliceProvider p = new SliceProvider();
        Fakes.Host h = new Fakes.Host(1);
        p.create(h, Map.of("slice", "5ms"));
        assertEquals(5_000_000L, p.lastSlice);
        assertSame(h, p.made.get(0));
        p.create(h, null);
        assertEquals(20_000_000L, p.lastSlice, "the default");
    }

    @Test
    void create_unknownKeyOrBadValue_isRefusedBeforeAnyPolicyIsMade() {
        SliceProvider p = new SliceProvider();
        String m = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("quantum", "1ms"))).getMessage();
        assertTrue(m.contains("policy slicer") && m.contains("\"quantum\"") && m.contains("slice, fifo"), m);
        m = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("slice", "5"))).getMessage();
        assertTrue(m.startsWith("policy slicer: slice=5: "), m);
        assertEquals(List.of(), p.made);
    }
}
