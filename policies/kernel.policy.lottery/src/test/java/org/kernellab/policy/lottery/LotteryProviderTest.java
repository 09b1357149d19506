package org.kernellab.policy.lottery;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.policy.testkit.FakeHost;

class LotteryProviderTest {

    private static String refused(Map<String, String> params) {
        return assertThrows(IllegalArgumentException.class, () -> new LotteryProvider().create(new FakeHost(), params)).getMessage();
    }

    @Test
    void create_quantumWithoutUnit_isRefusedNamingQuantum() {
        String m = refused(Map.of("quantum", "10"));
        assertTrue(m.startsWith("policy lottery: quantum=10: "), m);
    }

    @Test
    void create_zeroQuantum_isRefusedNamingQuantum() {
        String m = refused(Map.of("quantum", "0ms"));
        assertTrue(m.contains("quantum=0ms") && m.contains("at least"), m);
    }

    @Test
    void create_pyseedNotANumber_isRefusedNamingPyseed() {
        String m = refused(Map.of("pyseed", "seven"));
        assertTrue(m.startsWith("policy lottery: pyseed=seven: needs a whole number"), m);
    }

    @Test
    void create_unknownKey_isRefusedNamingItAndTheKnownOnes() {
        String m = refused(Map.of("seed", "7"));
        assertTrue(m.contains("\"seed\"") && m.contains("quantum, pyseed, pyskip"), m);
    }

    @Test
    void create_pyskipWithoutPyseed_isRefusedNamingBoth() {
        String m = refused(Map.of("pyskip", "6"));
        assertTrue(m.startsWith("policy lottery: pyskip=6: ") && m.contains("pyseed"), m);
    }

    @Test
    void create_negativePyskip_isRefusedNamingPyskip() {
        String m = refused(Map.of("pyseed", "1", "pyskip", "-1"));
        assertTrue(m.contains("pyskip=-1"), m);
    }
}
