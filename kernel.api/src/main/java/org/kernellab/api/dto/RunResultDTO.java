package org.kernellab.api.dto;

/** What a run-control call did. */
public class RunResultDTO {
    public long startNs;
    public long endNs;
    public long events;
    public long switches;
    /**
     * "time", "idle", "step", "panic", "interrupt" (a monitored run that was cancelled, as by
     * Ctrl-C, or a run whose calling thread was interrupted) or
     * "until" (the run's condition held: {@link #until} says how).
     */
    public String stoppedBy;
    /** When stoppedBy is "until": what held, in words (e.g. {@code irq 14 entered its handler on CPU 0}). */
    public String until;
    /** The panic report, when stoppedBy is "panic". */
    public String panic;
}
