package org.kernellab.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShellArgsTest {

    @Test
    void parse_noArguments_defaultMode() {
        ShellArgs a = ShellArgs.parse();
        assertEquals(ShellArgs.Mode.DEFAULT, a.mode);
        assertFalse(a.trace);
        assertNull(a.error);
    }

    @Test
    void parse_dashC_joinsTheRestIntoOneProgram() {
        ShellArgs a = ShellArgs.parse("-c", "kernel:version;", "kernel:lsmod");
        assertEquals(ShellArgs.Mode.COMMAND, a.mode);
        assertEquals("kernel:version; kernel:lsmod", a.command);
    }

    @Test
    void parse_traceBeforeDashC_bothKept() {
        ShellArgs a = ShellArgs.parse("-v", "--timing", "-c", "no:such");
        assertTrue(a.trace);
        assertTrue(a.timing);
        assertEquals("no:such", a.command);
    }

    @Test
    void parse_optionsAfterDashC_belongToTheProgram() {
        ShellArgs a = ShellArgs.parse("-c", "kernel:dmesg", "-l", "err");
        assertEquals("kernel:dmesg -l err", a.command);
        assertFalse(a.trace);
    }

    @Test
    void parse_file_scriptWithArguments() {
        ShellArgs a = ShellArgs.parse("boot.gosh", "one", "-v");
        assertEquals(ShellArgs.Mode.SCRIPT, a.mode);
        assertEquals("boot.gosh", a.script);
        assertEquals(List.of("one", "-v"), a.scriptArgs);
    }

    @Test
    void parse_jit_isTheLaunchersOptionAndLeavesTheModeAlone() {
        ShellArgs a = ShellArgs.parse("--jit=full", "-c", "kernel:version");
        assertEquals(ShellArgs.Mode.COMMAND, a.mode);
        assertNull(a.error);
        assertEquals(ShellArgs.Mode.DEFAULT, ShellArgs.parse("--jit=quick").mode);
    }

    @Test
    void parse_jitWithAnotherValue_errorNamesTheValues() {
        ShellArgs a = ShellArgs.parse("--jit=fast");
        assertEquals(ShellArgs.Mode.HELP, a.mode);
        assertEquals("option --jit takes quick or full, as --jit=quick or --jit=full, not '--jit=fast'", a.error);
        assertTrue(ShellArgs.USAGE.contains("--jit=quick|full"));
    }

    @Test
    void parse_dash_scriptFromStdin() {
        ShellArgs a = ShellArgs.parse("-");
        assertEquals(ShellArgs.Mode.SCRIPT, a.mode);
        assertEquals("-", a.script);
    }

    @Test
    void parse_dashCWithoutCommands_errorNamesTheOption() {
        ShellArgs a = ShellArgs.parse("-c");
        assertEquals(ShellArgs.Mode.HELP, a.mode);
        assertTrue(a.error.startsWith("option '-c' needs"), a.error);
    }

    @Test
    void parse_unknownOption_errorQuotesIt() {
        ShellArgs a = ShellArgs.parse("--frobnicate");
        assertEquals("unknown option '--frobnicate'", a.error);
    }

    @Test
    void parse_doubleDash_nextArgumentIsAScriptEvenIfDashed() {
        ShellArgs a = ShellArgs.parse("--", "-odd-name.gosh");
        assertEquals(ShellArgs.Mode.SCRIPT, a.mode);
        assertEquals("-odd-name.gosh", a.script);
    }
}
