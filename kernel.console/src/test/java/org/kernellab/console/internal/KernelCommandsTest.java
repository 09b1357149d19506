package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

class KernelCommandsTest {

    @Test
    void jit_tieredStopBelowC2_isQuick_theLastFlagWins() {
        assertEquals("full", KernelCommands.jit(java.util.List.of("-XX:+UseParallelGC")));
        assertEquals("quick", KernelCommands.jit(java.util.List.of("-XX:TieredStopAtLevel=1")));
        assertEquals("full", KernelCommands.jit(java.util.List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4")));
    }

    @Test
    void release_snapshotBundleVersion_qualifierDropped() {
        assertEquals("6.6.0-kernellab-0.1.0", KernelCommands.release(Version.parseVersion("0.1.0.SNAPSHOT")));
    }

    @Test
    void frameworkName_felixSystemBundle_productName() {
        assertEquals("Apache Felix Framework", KernelCommands.frameworkName("org.apache.felix.framework"));
    }

    @Test
    void frameworkName_unknownFramework_itsSymbolicName() {
        assertEquals("org.example.fw", KernelCommands.frameworkName("org.example.fw"));
    }

    @Test
    void state_active_isLinuxStyleWord() {
        assertEquals("ACTIVE", KernelCommands.state(Bundle.ACTIVE));
        assertEquals("RESOLVED", KernelCommands.state(Bundle.RESOLVED));
    }

    @Test
    void state_unknownBits_namedWithValue() {
        assertEquals("UNKNOWN(3)", KernelCommands.state(3));
    }
}
