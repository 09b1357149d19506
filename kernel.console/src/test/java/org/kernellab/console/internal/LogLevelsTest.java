package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.kernellab.api.LogLevel;

class LogLevelsTest {

    @Test
    void parse_empty_everyLevel() {
        assertEquals(EnumSet.allOf(LogLevel.class), LogLevels.parse(""));
    }

    @Test
    void parse_utilLinuxNames_matchingLevels() {
        assertEquals(EnumSet.of(LogLevel.ERR, LogLevel.WARNING), LogLevels.parse("err,warn"));
    }

    @Test
    void parse_numbersAndEnumNamesMixed_matchingLevels() {
        assertEquals(EnumSet.of(LogLevel.EMERG, LogLevel.DEBUG, LogLevel.WARNING), LogLevels.parse("0, DEBUG,warning"));
    }

    @Test
    void parse_unknownName_throwsQuotingTheEntryAndTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("err,loud"));
        assertTrue(e.getMessage().startsWith("unknown log level 'loud' in 'err,loud'"), e.getMessage());
    }

    @Test
    void parse_levelEight_isNotALevel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("8"));
        assertTrue(e.getMessage().contains("'8'"), e.getMessage());
    }
}
