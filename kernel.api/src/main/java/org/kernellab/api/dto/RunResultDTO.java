package org.kernellab.api.dto;

/** What a run-control call did. */
public class RunResultDTO {
    public long startNs;
    public long endNs;
    public long events;
    public long switches;
    /** "time", "idle", "step", "panic" or "interrupt" (a monitored run that was cancelled: Ctrl-C). */
    public String stoppedBy;
    /** The panic report, when stoppedBy is "panic". */
    public String panic;
}
