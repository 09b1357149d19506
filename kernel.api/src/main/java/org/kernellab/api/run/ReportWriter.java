package org.kernellab.api.run;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns a comparison's results into one self-contained HTML page: per policy a per-CPU
 * timeline of tasks and interrupts, the wakeup-latency CDFs of all policies on one chart, and
 * bars of the summary metrics. Provided by the report bundle.
 */
@ProviderType
public interface ReportWriter {
    /**
     * The page for {@code resultsJson}, a results document as {@code docs/metrics.md} describes
     * it (the output of {@code sched:compare --json} or {@code sched:merge --json}).
     *
     * @throws IllegalArgumentException naming the JSON path, when the document is not a results document
     */
    String html(String resultsJson);
}
