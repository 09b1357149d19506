/**
 * Running a workload on a private machine: the request ({@link org.kernellab.api.run.RunSpec}),
 * the raw record of what happened ({@link org.kernellab.api.run.RunResult},
 * {@link org.kernellab.api.run.TaskStats}, {@link org.kernellab.api.run.Slice}) and the service
 * that does it ({@link org.kernellab.api.run.WorkloadRunner}).
 *
 * <p>A run never touches the console's machine: each run boots its own, so runs are independent
 * and may go in parallel. The results are raw counts in integer nanoseconds of virtual time;
 * the metrics of {@code docs/metrics.md} (response, turnaround, percentiles, fairness) are
 * computed from them by the comparison bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.run;
