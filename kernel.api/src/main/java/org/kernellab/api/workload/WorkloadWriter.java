package org.kernellab.api.workload;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes a workload in KernelLab's JSON format, so that reading it back gives an equal
 * workload: {@code reader.read(f, writer.write(w)).equals(w)}. The text is deterministic:
 * fields in the order of {@code docs/workloads.md}, fields at their defaults left out, one task
 * per line, durations in the largest unit that keeps them exact.
 */
@ProviderType
public interface WorkloadWriter {

    /** The workload as JSON, ending with a newline. */
    String write(Workload workload);
}
