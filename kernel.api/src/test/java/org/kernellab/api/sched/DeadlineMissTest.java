package org.kernellab.api.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeadlineMissTest {
    private static SchedTask job(long releaseNs, long deadlineNs) {
        return Fakes.task(7, -1L, Map.of("jobReleaseNs", releaseNs, "jobDeadlineNs", deadlineNs));
    }

    @Test
    void jobEndingAfterItsDeadline_isReportedInMsWithThreeDecimals() {
        Fakes.Host h = new Fakes.Host(1);
        h.now = 9_000_500L;
        assertTrue(DeadlineMiss.report(h, job(4_000_000L, 8_000_000L)));
        assertEquals(List.of("t7[7] missed a deadline: job released at 4.000 ms, due 8.000 ms, finished at 9.000 ms"), h.log);
    }

    @Test
    void jobEndingAtOrBeforeItsDeadline_orWithoutOne_isNotReported() {
        Fakes.Host h = new Fakes.Host(1);
        h.now = 8_000_000L;
        assertFalse(DeadlineMiss.report(h, job(4_000_000L, 8_000_000L)), "at the deadline");
        h.now = Long.MAX_VALUE - 1;
        assertFalse(DeadlineMiss.report(h, job(0, Long.MAX_VALUE)), "no deadline");
        assertEquals(List.of(), h.log);
    }
}
