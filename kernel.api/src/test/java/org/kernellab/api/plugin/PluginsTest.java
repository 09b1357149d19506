package org.kernellab.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.MachineUnwind;

class PluginsTest {
    @Test
    void run_exceptionsAndErrorsGoToEject_aNormalReturnIsTrue() {
        List<Throwable> ejected = new ArrayList<>();
        assertTrue(Plugins.run(() -> { }, ejected::add));
        IllegalStateException ex = new IllegalStateException("x");
        assertFalse(Plugins.run(() -> { throw ex; }, ejected::add));
        StackOverflowError err = new StackOverflowError();
        assertFalse(Plugins.run(() -> { throw err; }, ejected::add));
        assertEquals(List.of(ex, err), ejected);
    }

    @Test
    void aMachineUnwind_passesThroughEveryForm() {
        MachineUnwind u = new MachineUnwind("reset") { };
        assertSame(u, assertThrows(MachineUnwind.class, () -> Plugins.run(() -> { throw u; }, t -> { })));
        assertSame(u, assertThrows(MachineUnwind.class, () -> Plugins.<String>call(() -> { throw u; }, t -> "")));
        assertSame(u, assertThrows(MachineUnwind.class, () -> Plugins.failure(u)));
    }

    @Test
    void call_returnsTheBodysValue_orEjectsValue() {
        assertEquals("value", Plugins.<String>call(() -> "value", t -> "ejected"));
        assertEquals("ejected", Plugins.<String>call(() -> { throw new IllegalArgumentException(); }, t -> "ejected"));
    }

    @Test
    void report_namesWhoWhatAndTheConsequence_andSymbolCutsALambdasSuffix() {
        IllegalStateException e = new IllegalStateException("boom");
        String r = Plugins.report("irq 5: handler of dev", e, "the action is ejected");
        assertTrue(r.startsWith("irq 5: handler of dev failed: java.lang.IllegalStateException: boom\n  at "), r);
        assertTrue(r.endsWith("\nKernelLab: the action is ejected"), r);
        Runnable lambda = () -> { };
        assertEquals(PluginsTest.class.getName() + "$$Lambda", Plugins.symbol(lambda).replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda"));
        assertFalse(Plugins.symbol(lambda).contains("/"));
    }
}
