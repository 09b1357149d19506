package org.kernellab.api.leak.dto;

import java.util.List;

/** Everything one bundle still held through one kernel service when it released the service. */
public class LeakReportDTO {
    public long bundleId;
    public String symbolicName;
    public String version;
    /** The kernel service interface released, e.g. {@code org.kernellab.api.irq.IrqController}. */
    public String service;
    /** Virtual time of the release, ns. */
    public long timeNs;
    /** What was found, in the order it was taken; never empty. */
    public List<LeakDTO> leaks;
    /** The report's lines exactly as written in the kernel log. */
    public List<String> lines;
}
