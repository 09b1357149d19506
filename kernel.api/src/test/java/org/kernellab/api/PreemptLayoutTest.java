package org.kernellab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreemptLayoutTest {
    private static final PreemptLayout L6 = PreemptLayout.LINUX_6;
    private static final PreemptLayout L26 = PreemptLayout.LINUX_2_6;

    @Test
    void linux6_offsets_matchIncludeLinuxPreemptH() {
        assertEquals(0x1, L6.preemptOffset);
        assertEquals(0x100, L6.softirqOffset);
        assertEquals(0x200, L6.softirqDisableOffset);
        assertEquals(0x10000, L6.hardirqOffset);
        assertEquals(0x100000, L6.nmiOffset);
        assertEquals(0x80000000, L6.needResched);
    }

    @Test
    void linux6_predicates_followTheDerivedDefinitions() {
        assertTrue(L6.inTask(0));
        assertFalse(L6.inAtomic(0));
        assertTrue(L6.inAtomic(0x1));
        assertTrue(L6.inTask(0x1), "preemption off is still task context");
        assertTrue(L6.inTask(0x200), "bh disabled is still task context");
        assertTrue(L6.inSoftirq(0x200));
        assertFalse(L6.inServingSoftirq(0x200));
        assertTrue(L6.inServingSoftirq(0x100));
        assertFalse(L6.inTask(0x100));
        assertTrue(L6.inHardirq(0x10000));
        assertTrue(L6.inInterrupt(0x10000));
        assertFalse(L6.inTask(0x100000));
        assertFalse(L6.inAtomic(0x80000000), "the folded need-resched bit is not a count");
        assertEquals(2, L6.hardirqCount(0x20000));
    }

    @Test
    void linux26_hasTwelveHardirqBitsAndPreemptActive() {
        assertEquals(0x0fff0000, L26.hardirqMask);
        assertEquals(0x10000000, L26.preemptActive);
        assertEquals(0x10000, L26.hardirqOffset);
        assertEquals(0x800, L26.hardirqCount(0x08000000));
        assertFalse(L26.inAtomic(0x10000000), "PREEMPT_ACTIVE alone is not atomic");
        assertTrue(L26.inHardirq(0x01000000), "bit 24 is HARDIRQ in 2.6, NMI in 6.x");
        assertFalse(L6.inHardirq(0x01000000));
    }

    @Test
    void named_unknownLayout_isRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreemptLayout.named("linux-5"));
        assertEquals("preempt layout \"linux-5\" is unknown; use linux-6 or linux-2.6", e.getMessage());
    }
}
