package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel: commands typed into a real Gogo session (no framework, no kernel): a missing or
 * surplus argument gives the command's usage line, never Gogo's "Cannot coerce run() to any
 * of ...", and what the shell prints of the error (its toString) is the message alone.
 */
class SimGogoTest {
    private TestGogo gogo;
    private CommandSession session;

    @BeforeEach
    void openSession() throws IOException {
        gogo = new TestGogo(new SimCommands(null), new ProcCommands());
        session = gogo.session;
    }

    @AfterEach
    void closeSession() {
        gogo.close();
    }

    /** What the interactive shell prints for the line's error: the exception's toString(). */
    private String printed(String line) {
        Exception e = assertThrows(Exception.class, () -> session.execute(line));
        String shown = e.toString();
        assertFalse(shown.startsWith("java."), line + " printed " + shown);
        assertFalse(shown.contains("Cannot coerce"), line + " printed " + shown);
        return shown;
    }

    @Test
    void missingArguments_usageLine() {
        assertEquals("kernel:run needs a duration; usage: " + SimCommands.RUN_USAGE, printed("kernel:run"));
        assertEquals("kernel:run needs a duration; usage: " + SimCommands.RUN_USAGE, printed("kernel:run -i"));
        assertEquals("kernel:trace needs an action; usage: " + SimCommands.TRACE_USAGE, printed("kernel:trace"));
        assertEquals("kernel:trace export needs one file name, e.g. run.json; usage: " + SimCommands.TRACE_USAGE,
            printed("kernel:trace export"));
        assertEquals("kernel:config cpus needs a value (number of simulated CPUs, 1..64; now -); usage: kernel:config cpus <value>",
            printed("kernel:config cpus"));
        assertTrue(printed("kernel:cat").startsWith("kernel:cat needs a file; usage: kernel:cat <file>"));
    }

    @Test
    void surplusOrBadArguments_usageLineOrOurMessage() {
        assertEquals("kernel:run takes one duration, not 2: 1s 2s; usage: " + SimCommands.RUN_USAGE, printed("kernel:run 1s 2s"));
        assertEquals("duration \"10\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)", printed("kernel:run 10"));
        assertEquals("trace action \"begin\" is unknown; usage: " + SimCommands.TRACE_USAGE, printed("kernel:trace begin"));
        assertEquals("kernel:config takes a key and one value, not cpus 2 3; usage: " + SimCommands.CONFIG_USAGE,
            printed("kernel:config cpus 2 3"));
        assertEquals("config key \"cpu\" is unknown; keys: cpus, hz, seed, policy, preempt, layout, nohz, irqcost", printed("kernel:config cpu"));
        assertEquals("kernel:demo runs one demo, not a b; usage: kernel:demo [<name>]", printed("kernel:demo a b"));
        // trace show's filter options reach the command through Gogo as they are
        assertEquals("--cpu \"x\" is not a list of CPU numbers such as 0 or 0,2; usage: " + TraceFilter.USAGE,
            printed("kernel:trace show --cpu x --event sched_switch"));
    }

    @Test
    void commandsThatTakeNoArgument_refuseSurplusWords_andCountsAreWholeNumbers() {
        assertEquals("kernel:ps takes no argument, not zzz; usage: kernel:ps", printed("kernel:ps zzz"));
        assertEquals("kernel:time takes no argument, not a b; usage: kernel:time", printed("kernel:time a b"));
        assertEquals("kernel:reset takes no argument, not now; usage: kernel:reset", printed("kernel:reset now"));
        assertEquals("kernel:step: n \"zzz\" is not a whole number", printed("kernel:step zzz"));
    }

    @Test
    void noKernel_plainMessage() {
        assertEquals("no kernel core is running: is the kernel.core bundle active? (kernel:lsmod)", printed("kernel:run 1h"));
    }

    @Test
    void traceExport_missingFolder_saysTheFolderDoesNotExist(@TempDir Path tmp) {
        BadArgument e = assertThrows(BadArgument.class, () -> SimCommands.exportPath("/nonexistent/dir/x.json"));
        assertEquals("trace export: the folder /nonexistent/dir does not exist; give a file in an existing folder, e.g. run.json",
            e.getMessage());
        assertEquals(tmp.resolve("x.json"), SimCommands.exportPath(tmp.resolve("x.json").toString()));
        assertTrue(assertThrows(BadArgument.class, () -> SimCommands.exportPath(tmp.toString())).getMessage().endsWith("is a folder; give a file name, e.g. "
            + tmp.resolve("run.json")));
    }
}
