package org.kernellab.api.leak;

import java.util.List;

import org.kernellab.api.leak.dto.LeakReportDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The leak reports of this kernel: one for each time a bundle released a per-bundle kernel
 * service while still holding something through it. Registered by the kernel core; read by
 * tests and the console. Any thread.
 */
@ProviderType
public interface Leaks {
    /** How many reports are kept: the oldest go first. */
    int KEPT = 64;

    /** The last reports, oldest first, at most {@link #KEPT}. */
    List<LeakReportDTO> reports();

    /** The kept reports about the bundle {@code symbolicName}, oldest first. */
    List<LeakReportDTO> reports(String symbolicName);
}
