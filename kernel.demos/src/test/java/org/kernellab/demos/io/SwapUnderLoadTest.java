package org.kernellab.demos.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.driver.disk.DiskDriver;
import org.kernellab.driver.disk.DiskStack;
import org.kernellab.driver.disk.common.DiskDriverCore;
import org.kernellab.driver.disk.v2.CoalescingDiskDriver;

/**
 * The verifying workload on the whole disk stack without OSGi, the driver swapped from a thread
 * outside the machine while the machine is held, as a bundle update does it.
 */
class SwapUnderLoadTest {
    static final VerifyingWriters.Plan PLAN = new VerifyingWriters.Plan("disk0", 4096, 4, 32, 8, 2);

    @TempDir
    Path dir;

    private record Outcome(IoLedger ledger, List<String> failures, boolean finished, String dmesg) { }

    /** Runs the plan with {@code swaps} swaps done by {@code how}. */
    private Outcome run(String image, int swaps, SwapSchedule.Swapper how, DiskDriverCore[] bound, DiskStack s) throws Exception {
        IoLedger ledger = new IoLedger(s.k::now);
        VerifyingWriters w = new VerifyingWriters(s.k, s.block, s.m.sync(), ledger, PLAN);
        SwapSchedule schedule = new SwapSchedule(s.m.machine(), ledger, PLAN.totalIos(), swaps, how, n -> "swap " + n);
        w.spawn("verify");
        s.k.runUntilIdle(2_000_000_000L);
        return new Outcome(ledger, schedule.awaitSwaps(30_000), w.finished(), s.dmesg());
    }

    private Outcome swapping(String image, int swaps) throws Exception {
        try (DiskStack s = new DiskStack(dir.resolve(image))) {
            DiskDriverCore[] bound = {s.v1()};
            return run(image, swaps, n -> {
                if (bound[0] instanceof DiskDriver v1) v1.deactivate();
                else ((CoalescingDiskDriver) bound[0]).deactivate();
                bound[0] = n % 2 == 1 ? new CoalescingDiskDriver(s.disk, s.block, s.irqs, s.m.machine(), s.k) : s.v1();
            }, bound, s);
        }
    }

    @Test
    void noSwaps_everyRequestCompletesOnce_andReadsBackAsWritten() throws Exception {
        Outcome o = swapping("none.img", 0);
        IoLedger.Totals t = o.ledger().totals();
        assertTrue(o.finished());
        assertTrue(t.clean(), o.ledger().report().toString());
        assertEquals(PLAN.totalIos(), t.submitted());
        assertEquals(PLAN.totalIos(), t.completed());
        assertEquals(PLAN.totalIos() / 2, t.readsVerified());
        assertEquals(0, t.swaps());
    }

    @Test
    void tenSwaps_withRequestsInFlight_loseDuplicateReorderAndCorruptNothing() throws Exception {
        Outcome o = swapping("ten.img", 10);
        IoLedger.Totals t = o.ledger().totals();
        assertEquals(List.of(), o.failures());
        assertTrue(o.finished(), o.ledger().report().toString());
        assertTrue(t.clean(), o.ledger().report().toString());
        assertEquals(PLAN.totalIos(), t.completed());
        assertEquals(10, t.swaps());
        assertTrue(t.mostInFlightAtSwap() > 8, "swaps happen with many requests in flight: " + o.ledger().swaps());
        assertTrue(o.dmesg().contains("kernel.driver.disk 2 bound"), o.dmesg());
        assertTrue(o.dmesg().contains("adopted"), "a new driver adopts the commands in flight: " + o.dmesg());
        for (IoLedger.Swap s : o.ledger().swaps()) {
            assertEquals(PLAN.totalIos() * s.n() / 11, s.completedBefore(), "swap " + s.n() + " at its share of the workload");
            assertTrue(s.pauseNs() >= 0 && s.pauseNs() < 1_000_000, "swap " + s.n() + " pauses completions under 1 ms: " + s);
        }
    }

    @Test
    void swaps_happenAtTheSameVirtualInstantsEveryRun() throws Exception {
        assertEquals(swapping("a.img", 4).ledger().swaps(), swapping("b.img", 4).ledger().swaps());
    }

    @Test
    void aSwapThatUnbindsAndBindsNothing_leavesTheLedgerNotClean() throws Exception {
        try (DiskStack s = new DiskStack(dir.resolve("gone.img"))) {
            DiskDriver v1 = s.v1();
            Outcome o = run("gone.img", 1, n -> v1.deactivate(), null, s);
            IoLedger.Totals t = o.ledger().totals();
            assertFalse(o.finished());
            assertTrue(t.lost() > 0, o.ledger().report().toString());
            assertFalse(t.clean());
            assertTrue(o.ledger().report().get(3).startsWith("ledger: NOT CLEAN"), o.ledger().report().toString());
        }
    }
}
