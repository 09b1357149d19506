package org.kernellab.api.proc;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The simulated {@code /proc}, as the console reads it. Implemented only by procfs. Both
 * methods take an absolute path under {@code /proc} or a path relative to {@code /proc}, hold
 * the machine still while the entries answer, and may be called from any thread outside the
 * simulation (they wait for a run in progress to finish).
 */
@ProviderType
public interface ProcFs {
    /**
     * The names in directory {@code path}, sorted as {@code LC_ALL=C ls} sorts them; for a
     * file, the path itself, as {@code ls} prints it.
     *
     * @throws ProcException {@code ENOENT}, {@code ENOTDIR}, or {@code EIO} when an entry failed
     */
    List<String> list(String path);

    /**
     * The text of file {@code path}.
     *
     * @throws ProcException {@code ENOENT}, {@code EISDIR}, {@code ENOTDIR}, or {@code EIO} when
     *         the entry failed
     */
    String read(String path);
}
