package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuListsTest {

    private static String refused(String list) {
        return assertThrows(IllegalArgumentException.class, () -> CpuLists.parse(list)).getMessage();
    }

    @Test
    void parse_numbersAndRanges_mask() {
        assertEquals(0b1101L, CpuLists.parse("0,2-3"));
        assertEquals(0b1L, CpuLists.parse("0"));
        assertEquals(0b1111_0000L, CpuLists.parse(" 4-7 "));
        assertEquals(1L << 63, CpuLists.parse("63"));
        assertEquals(-1L, CpuLists.parse("0-63"));
    }

    @Test
    void parse_overlapsAndRepeats_union() {
        assertEquals(0b111L, CpuLists.parse("0-1,1-2,2"));
    }

    @Test
    void parse_notACpu_refusedQuotingTheListAndEntry() {
        assertEquals("cpu list \"0,x\": \"x\" is not a CPU number or a range such as 2-3", refused("0,x"));
        assertEquals("cpu list \"0,,1\": an empty entry is not a CPU number or a range such as 2-3", refused("0,,1"));
        assertEquals("cpu list \"-1\": \"-1\" is not a CPU number or a range such as 2-3", refused("-1"));
        assertEquals("cpu list \"1-\": \"1-\" is not a CPU number or a range such as 2-3", refused("1-"));
    }

    @Test
    void parse_backwardsRangeOrTooHigh_refused() {
        assertEquals("cpu list \"3-1\": range \"3-1\" runs backwards; write 1-3", refused("3-1"));
        assertEquals("cpu list \"0,64\": CPU 64 is out of range 0..63", refused("0,64"));
        assertEquals("cpu list is missing; give CPUs such as 0,2-3", refused(""));
    }

    @Test
    void format_mask_rangesCollapsed() {
        assertEquals("0,2-3", CpuLists.format(0b1101L));
        assertEquals("0-63", CpuLists.format(-1L));
        assertEquals("1,3,5", CpuLists.format(0b101010L));
        assertEquals("none", CpuLists.format(0));
    }

    @Test
    void all_cpuCount_lowBits() {
        assertEquals(0b1111L, CpuLists.all(4));
        assertEquals(-1L, CpuLists.all(64));
    }
}
