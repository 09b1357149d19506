package org.kernellab.api.workload;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads a workload from JSON: KernelLab's format ({@code docs/workloads.md}), or rt-app's
 * (recognised by a top-level {@code tasks} object whose members are the tasks). Nothing is
 * accepted until the whole file is valid: every problem is collected and reported at once.
 * Thread-safe; callable from any context that may sleep (it does no I/O but the file's).
 */
@ProviderType
public interface WorkloadReader {

    /**
     * Parses {@code json}; {@code fileName} names the source in error messages (and, without
     * its extension, is the workload's name when the file gives none).
     *
     * @throws WorkloadException naming, for each problem, the file, the JSON path and the problem
     */
    Workload read(String fileName, String json);

    /**
     * Reads the file (UTF-8) and parses it as {@link #read(String, String)} does, with the
     * file's name as written in {@code file}.
     *
     * @throws WorkloadException for an invalid workload
     * @throws IOException when the file cannot be read
     */
    Workload read(Path file) throws IOException;
}
