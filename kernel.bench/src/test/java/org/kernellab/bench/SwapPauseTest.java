package org.kernellab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rig and the swap-pause measure behind IoBench and SwapPause: what their figures rest on. */
class SwapPauseTest {
    @Test
    void rig_givenABudget_endsExactlyThatManyRequests_allOk_andGoesIdle() {
        try (IoRig rig = new IoRig("v2", "none", 32, false, IoRig.DEFAULT_JITTER_NS, null)) {
            rig.submit(500);
            rig.k.runUntilIdle(1_000_000_000L);
            assertEquals(500, rig.completed, rig.dmesg());
            assertEquals(0, rig.failed);
            rig.submit(300);
            rig.k.runUntilIdle(1_000_000_000L);
            assertEquals(800, rig.completed);
            assertEquals(0, rig.started(), "nothing left in flight");
        }
    }

    @Test
    void swapAtOneInstant_under32InFlight_addsNoLatency_losesAndDuplicatesNothing() {
        SwapPause.Run twin = SwapPause.run("v1", null, 1, IoRig.DEFAULT_JITTER_NS);
        SwapPause.Run swapped = SwapPause.run("v1", "v2", 0, IoRig.DEFAULT_JITTER_NS);
        SwapPause.Run twinCoalescing = SwapPause.run("v1", null, 8, IoRig.DEFAULT_JITTER_NS);
        assertEquals(32, swapped.startedAtSwap, "32 requests in flight at the swap");
        assertTrue(swapped.dmesg.contains("kernel.driver.disk 2 bound") && swapped.dmesg.contains("adopted 32 command(s)"), swapped.dmesg);
        SwapPause.Pause mechanism = SwapPause.compare(swapped, twinCoalescing);
        assertEquals(32, mechanism.spanning);
        assertEquals(0, mechanism.maxAddedNs, "the swap itself adds nothing");
        assertEquals(0, mechanism.lost);
        assertEquals(0, mechanism.duplicated);
        SwapPause.Pause seen = SwapPause.compare(swapped, twin);
        assertTrue(seen.maxAddedNs > 0 && seen.maxAddedNs <= 100_000 + 8_000,
                "version 2's coalescing delays a completion by at most its 100 us (plus one command's jitter): " + seen.maxAddedNs);
    }

    @Test
    void control_200usUnbound_showsAsAPauseOfAboutThatMuch() {
        SwapPause.Run twin = SwapPause.run("v1", null, 1, IoRig.DEFAULT_JITTER_NS);
        SwapPause.Pause p = SwapPause.compare(SwapPause.run("v1", "v1", 1, IoRig.DEFAULT_JITTER_NS, 200_000), twin);
        assertTrue(p.maxAddedNs > 150_000 && p.maxAddedNs <= 210_000, "max added " + p.maxAddedNs);
        assertTrue(p.gapSwapNs >= 150_000, "gap at T " + p.gapSwapNs);
        assertEquals(0, p.lost);
    }
}
