package org.kernellab.report.internal;

import java.util.List;
import java.util.Map;

import org.kernellab.api.run.Slice;

/**
 * A results document as far as the report draws it, checked by {@link ResultsReader}. Fields a
 * report does not draw (per-task figures, logs) are not kept.
 *
 * @param shard the document's {@code shard} as its JSON text, or null when it is null or absent
 */
record Results(String workload, String kernellab, List<String> policies, List<Long> seeds, String shard, List<Run> runs) {

    /**
     * One run of one policy with one seed.
     *
     * @param params    the policy's parameters as {@code sched:compare} writes them, {@code key=value} by key
     *                  joined with {@code +} ({@code quantum=5ms}), empty when there are none
     * @param endNs     when the run ended, or null
     * @param stoppedBy why the run ended ({@code stop}, {@code exit}, ...), or null
     * @param summary   every {@link Metric}; a figure that never happened maps to null
     * @param cdf       the wakeup-latency CDF as (ns, fraction) points, or null when the run has none
     * @param timeline  every slice the run recorded, in document order, or null when it recorded none
     */
    record Run(String policy, String params, long seed, int cpus, Long endNs, String stoppedBy, String digest,
               Map<Metric, Double> summary, List<double[]> cdf, List<Slice> timeline) {

        /** The policy with its parameters, when it has any, as sched:compare labels it ({@code rr:quantum=5ms}): the bars' category. */
        String policyLabel() {
            return params.isEmpty() ? policy : policy + ":" + params;
        }

        String label() {
            return policyLabel() + " \u00b7 seed " + seed;
        }
    }
}
