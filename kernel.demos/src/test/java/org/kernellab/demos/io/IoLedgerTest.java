package org.kernellab.demos.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.block.BlkStatus;

/** The ledger's verdict on each kind of failure, with a clock the test sets. */
class IoLedgerTest {
    private long now;
    private final IoLedger l = new IoLedger(() -> now);

    @Test
    void writeThenRead_completedOnce_isClean() {
        long w = l.submitWrite(3, 1);
        now = 100;
        l.completed(w, BlkStatus.OK);
        long r = l.submitRead(3);
        now = 250;
        l.completed(r, BlkStatus.OK);
        l.verify(3, 1, Patterns.pattern(3, 1, 4096));
        IoLedger.Totals t = l.totals();
        assertTrue(t.clean(), l.report().toString());
        assertEquals(2, t.submitted());
        assertEquals(2, t.completed());
        assertEquals(1, t.readsVerified());
        assertEquals(150, t.longestPauseNs(), "from the read's submission to its completion");
        assertTrue(l.report().get(3).endsWith("clean: nothing lost, duplicated, reordered or corrupted"), l.report().toString());
    }

    @Test
    void neverCompleted_isLost() {
        l.submitWrite(1, 1);
        long w = l.submitWrite(2, 1);
        l.completed(w, BlkStatus.OK);
        assertEquals(1, l.totals().lost());
        assertFalse(l.totals().clean());
    }

    @Test
    void completedTwice_isDuplicated_andCountedOnce() {
        long w = l.submitWrite(1, 1);
        l.completed(w, BlkStatus.OK);
        l.completed(w, BlkStatus.OK);
        l.completed(99, BlkStatus.OK);
        assertEquals(2, l.totals().duplicated());
        assertEquals(1, l.totals().completed());
        assertEquals("request 0 (write of block 1) completed 2 times", l.problems().get(0));
    }

    @Test
    void olderGenerationReadBack_isReordered_otherDataIsAChecksumError() {
        l.verify(5, 2, Patterns.pattern(5, 1, 4096));
        assertEquals(1, l.totals().reordered());
        byte[] torn = Patterns.pattern(5, 2, 4096);
        torn[4000] ^= 1;
        l.verify(5, 2, torn);
        l.verify(5, 2, Patterns.pattern(6, 2, 4096)); // another block's data: a misdirected write
        l.verify(5, 2, new byte[4096]);
        assertEquals(3, l.totals().checksumErrors());
        assertEquals("block 5 read back generation 1, not 2 (stale)", l.problems().get(0));
    }

    @Test
    void writesToOneBlockCompletingOutOfOrder_areReordered() {
        long a = l.submitWrite(7, 1);
        long b = l.submitWrite(7, 2);
        l.completed(b, BlkStatus.OK);
        l.completed(a, BlkStatus.OK);
        assertEquals(1, l.totals().reordered());
    }

    @Test
    void failedRequest_isAnIoError() {
        l.completed(l.submitRead(1), BlkStatus.IOERR);
        assertEquals(1, l.totals().ioErrors());
        assertFalse(l.totals().clean());
    }

    @Test
    void swap_pauseRunsFromTheLastCompletionBeforeItToTheFirstAfter() {
        long a = l.submitWrite(1, 1);
        long b = l.submitWrite(2, 1);
        now = 10;
        l.completed(a, BlkStatus.OK);
        now = 20;
        l.swapBegins("v1 -> v2");
        now = 70;
        l.completed(b, BlkStatus.OK);
        IoLedger.Swap s = l.swaps().get(0);
        assertEquals(20, s.atNs());
        assertEquals(1, s.inFlight());
        assertEquals(1, s.completedBefore());
        assertEquals(60, s.pauseNs());
        assertEquals(60, l.totals().longestSwapPauseNs());
        assertEquals(1, l.totals().mostInFlightAtSwap());
    }

    @Test
    void patterns_rejectBadSizes_andTellTheirGeneration() {
        assertThrows(IllegalArgumentException.class, () -> Patterns.pattern(1, 1, 20));
        assertEquals(7, Patterns.generationOf(9, Patterns.pattern(9, 7, 512)));
        assertEquals(-1, Patterns.generationOf(8, Patterns.pattern(9, 7, 512)));
    }
}
