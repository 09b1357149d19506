package org.kernellab.compare.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.kernellab.compare.internal.Fakes.MS;
import static org.kernellab.compare.internal.Fakes.task;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.TaskStats;
import org.kernellab.compare.internal.Metrics.Percentiles;
import org.kernellab.compare.internal.Metrics.RunMetrics;
import org.kernellab.compare.internal.Metrics.Summary;

/** The arithmetic of docs/metrics.md on hand-made runs, every figure worked out by hand. */
class MetricsTest {
    private static final RunSpec SPEC = RunSpec.of(Fakes.workload("w"), "fair");

    @Test
    void percentiles_oneToTen_nearestRank() {
        Percentiles p = Percentiles.of(new long[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        // ranks ceil(0.5*10)=5, ceil(0.9*10)=9, ceil(0.99*10)=10, ceil(0.999*10)=10
        assertArrayEquals(new long[] {5, 9, 10, 10, 10}, p.asArray());
    }

    @Test
    void percentiles_oneToThousand_exactRanks() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 1000).toArray());
        assertArrayEquals(new long[] {500, 900, 990, 999, 1000}, p.asArray());
    }

    @Test
    void percentiles_oneValue_isEveryPercentile() {
        assertArrayEquals(new long[] {7, 7, 7, 7, 7}, Percentiles.of(new long[] {7}).asArray());
    }

    @Test
    void percentiles_noValues_isNull() {
        assertNull(Percentiles.of(new long[0]));
    }

    @Test
    void percentiles_doNotReorderTheCallersArray() {
        long[] v = {3, 1, 2};
        Percentiles.of(v);
        assertArrayEquals(new long[] {3, 1, 2}, v);
    }

    @Test
    void jain_equalShares_isOne_halfIdle_isHalf_allZero_isOne() {
        assertEquals(1.0, Metrics.jain(List.of(5L, 5L)));
        assertEquals(0.5, Metrics.jain(List.of(1L, 0L)));
        assertEquals(1.0, Metrics.jain(List.of(0L, 0L, 0L)));
        assertEquals(36.0 / 42.0, Metrics.jain(List.of(1L, 2L, 3L)), 1e-15);
    }

    @Test
    void mean_roundsHalvesAwayFromZero_andIsNullForNone() {
        assertEquals(2L, Metrics.mean(List.of(1L, 2L)));
        assertEquals(1L, Metrics.mean(List.of(1L, 1L, 2L)));
        assertEquals(2L, Metrics.mean(List.of(1L, 2L, 2L)));
        assertEquals(-2L, Metrics.roundedQuotient(-3, 2));
        assertNull(Metrics.mean(List.of()));
    }

    @Test
    void run_handMade_everyFigure() {
        TaskStats a = task("a", 3, 0, 2 * MS, 10 * MS, 6 * MS, 4 * MS, new long[] {30, 10, 20});
        TaskStats b = task("b", 4, MS, 3 * MS, 9 * MS, 2 * MS, 5 * MS, new long[] {40});
        RunResult r = Fakes.result(SPEC, List.of(a, b), 10 * MS, new long[] {6 * MS, 2 * MS});
        RunMetrics m = Metrics.of(r);
        assertEquals(2 * MS, m.tasks().get(0).responseNs());
        assertEquals(10 * MS, m.tasks().get(0).turnaroundNs());
        assertEquals(2 * MS, m.tasks().get(1).responseNs());
        assertEquals(8 * MS, m.tasks().get(1).turnaroundNs());
        assertArrayEquals(new long[] {20, 30, 30, 30, 30}, m.tasks().get(0).wakeupLatency().asArray());
        assertNull(m.tasks().get(0).jobResponse());

        Summary s = m.summary();
        assertEquals(2 * MS, s.avgResponseNs());
        assertEquals(9 * MS, s.avgTurnaroundNs());
        assertEquals(4_500_000L, s.avgWaitNs());
        assertEquals(4 * MS, s.avgCpuNs());
        // all wakeups of the run: 10 20 30 40
        assertArrayEquals(new long[] {20, 40, 40, 40, 40}, s.wakeupLatency().asArray());
        assertEquals(4, s.wakeups());
        assertEquals(64.0 / (2 * 40.0), s.jainFairness(), 1e-15); // (6+2)^2 / (2*(36+4))
        assertEquals(0.4, s.utilization(), 1e-15); // 8 ms busy of 2 CPUs x 10 ms
        assertEquals(10 * MS, s.makespanNs()); // last exit 10 ms - first start 0
        assertEquals(10, s.switches());
        assertEquals(1, s.migrations());
        assertEquals(2, s.exited());
    }

    @Test
    void run_taskNeverRanOrExited_hasNulls_andAveragesSkipIt() {
        TaskStats ran = task("a", 3, 0, MS, 4 * MS, 3 * MS, 0, null);
        TaskStats never = task("b", 4, 0, null, null, 0, 10 * MS, null);
        RunMetrics m = Metrics.of(Fakes.result(SPEC, List.of(ran, never), 10 * MS, new long[] {3 * MS, 0}));
        assertNull(m.tasks().get(1).responseNs());
        assertNull(m.tasks().get(1).turnaroundNs());
        assertEquals(MS, m.summary().avgResponseNs());
        assertEquals(4 * MS, m.summary().avgTurnaroundNs());
        assertEquals(5 * MS, m.summary().avgWaitNs());
        assertNull(m.summary().makespanNs());
        assertNull(m.summary().wakeupLatency());
        assertEquals(0.5, m.summary().jainFairness());
        assertEquals(1, m.summary().exited());
    }

    @Test
    void run_periodicTask_jobsMissesAndJobResponse() {
        TaskStats t = new TaskStats("T1", 3, 0, 0L, null, 9 * MS, 0, 3, 0, 0, null, 3, 1, 14 * MS, new long[] {3 * MS, 6 * MS});
        RunMetrics m = Metrics.of(Fakes.result(SPEC, List.of(t), 21 * MS, new long[] {9 * MS, 0}));
        assertArrayEquals(new long[] {3 * MS, 6 * MS, 6 * MS, 6 * MS, 6 * MS}, m.tasks().get(0).jobResponse().asArray());
        assertEquals(3, m.summary().jobs());
        assertEquals(1, m.summary().misses());
    }

    @Test
    void utilization_runEndedAtZero_isZero() {
        assertEquals(0.0, Metrics.utilization(new long[] {0, 0}, 2, 0));
    }

    @Test
    void cdf_fewLatencies_everyRank() {
        List<long[]> cdf = Metrics.cdfRanks(new long[] {5, 7, 9});
        assertEquals(3, cdf.size());
        assertArrayEquals(new long[] {5, 1}, cdf.get(0));
        assertArrayEquals(new long[] {9, 3}, cdf.get(2));
    }

    @Test
    void cdf_thousandLatencies_200EvenlySpacedRanks_lastIsTheMaximum() {
        long[] v = LongStream.rangeClosed(1, 1000).toArray();
        List<long[]> cdf = Metrics.cdfRanks(v);
        assertEquals(200, cdf.size());
        assertArrayEquals(new long[] {5, 5}, cdf.get(0));
        assertArrayEquals(new long[] {10, 10}, cdf.get(1));
        assertArrayEquals(new long[] {1000, 1000}, cdf.get(199));
    }

    @Test
    void cdf_201Latencies_200Points_endingAtRankN() {
        List<long[]> cdf = Metrics.cdfRanks(LongStream.rangeClosed(1, 201).toArray());
        assertEquals(200, cdf.size());
        assertArrayEquals(new long[] {2, 2}, cdf.get(0)); // ceil(201/200) = 2
        assertArrayEquals(new long[] {201, 201}, cdf.get(199));
    }

    @Test
    void cdf_none_isEmpty() {
        assertEquals(0, Metrics.cdfRanks(new long[0]).size());
    }
}
