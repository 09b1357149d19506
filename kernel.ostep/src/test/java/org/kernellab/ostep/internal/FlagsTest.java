package org.kernellab.ostep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class FlagsTest {
    private static Flags sched(String... args) {
        return Flags.parse(SchedulerScript.FLAGS, args);
    }

    @Test
    void parse_optparseSpellings_giveTheSameValues() {
        for (String[] a : new String[][] {{"-s", "5"}, {"-s5"}, {"--seed", "5"}, {"--seed=5"}, {"--se", "5"}, {"-cs5"}, {"-s", "0o5"}, {"-s", "05"}}) {
            assertEquals(BigInteger.valueOf(5), sched(a).big('s'), String.join(" ", a));
        }
        assertTrue(sched("-cs5").on('c'));
        assertEquals(BigInteger.valueOf(-5), sched("-s", "-5").big('s'));
        assertEquals(BigInteger.valueOf(31), sched("-s", "0x1f").big('s'));
        assertEquals(BigInteger.valueOf(8), sched("-s", "010").big('s'), "optparse reads a leading 0 as octal");
    }

    @Test
    void parse_badInteger_isRefusedNamingTheFlagAsTyped() {
        String m = assertThrows(IllegalArgumentException.class, () -> sched("--seed", "x")).getMessage();
        assertEquals("--seed: 'x' is not an integer", m);
    }

    @Test
    void parse_unknownFlag_isRefusedNamingIt() {
        String m = assertThrows(IllegalArgumentException.class, () -> sched("-z")).getMessage();
        assertTrue(m.startsWith("-z is not a flag"), m);
    }

    @Test
    void parse_ambiguousPrefix_isRefusedNamingTheCandidates() {
        String m = assertThrows(IllegalArgumentException.class, () -> Flags.parse(MlfqScript.FLAGS, "--s")).getMessage();
        assertTrue(m.contains("--seed") && m.contains("--stay"), m);
    }

    @Test
    void parse_missingValue_isRefusedNamingTheFlag() {
        String m = assertThrows(IllegalArgumentException.class, () -> sched("-q")).getMessage();
        assertEquals("-q needs a value", m);
    }

    @Test
    void script_badValues_areRefusedNamingTheFlag() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OstepCommand.script("scheduler", "-p", "rr")).getMessage().startsWith("-p 'rr'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OstepCommand.script("scheduler", "-l", "5,x")).getMessage().startsWith("-l '5,x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OstepCommand.script("lottery", "-l", "5:0")).getMessage().startsWith("-l '5:0'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OstepCommand.script("mlfq", "-A", "1,1")).getMessage().startsWith("-A '1,1'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OstepCommand.script("mlfq", "-l", "0,5,1", "-i", "0")).getMessage().startsWith("-i 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OstepCommand.script("stcf")).getMessage().contains("'stcf'"));
    }

    @Test
    void pyFormat_matchesPython() {
        assertEquals("0.12", PyFormat.f2(0.125));
        assertEquals("1.00", PyFormat.f2(1.005));
        assertEquals("8.0", PyFormat.str(8.0));
        assertEquals("1e-05", PyFormat.str(1e-5));
        assertEquals("1e+16", PyFormat.str(1e16));
        assertEquals("2.5", PyFormat.str(2.5));
        assertEquals("  2", PyFormat.d(2.75, 3));
    }

    @Test
    void pyRandom_seed0_isPythons() {
        // python3 -c 'import random; random.seed(0); print([random.random() for _ in range(3)])'
        var r = new org.kernellab.api.workload.PyRandom(0);
        assertEquals(0.8444218515250481, r.random());
        assertEquals(0.7579544029403025, r.random());
        assertEquals(0.420571580830845, r.random());
    }
}
