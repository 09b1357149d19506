package org.kernellab.console.dto;

import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;

/** What {@code kernel:demo <name>} did: the run, the kernel log it produced, its trace and digest. */
public class DemoRunDTO {
    public String name;
    public String description;
    public RunResultDTO run;
    public LogLineDTO[] log;
    /** The trace of the run in ftrace's text format. */
    public String trace;
    /** Whether the console prints {@link #trace} (a demo with a long trace leaves it to kernel:trace show). Since 1.2.0. */
    public boolean showTrace = true;
    public String digest;
}
