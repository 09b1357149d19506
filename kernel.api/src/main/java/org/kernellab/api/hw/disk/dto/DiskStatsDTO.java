package org.kernellab.api.hw.disk.dto;

/**
 * The device's counters since its last reset, the raw material of /proc/diskstats
 * (Documentation/admin-guide/iostats.rst). Times are virtual nanoseconds, not milliseconds.
 * A command counts as completed whatever its status; sectors count only when transferred.
 */
public class DiskStatsDTO {
    public long readsCompleted;
    public long sectorsRead;
    /** Sum over completed reads of (completion - submission). */
    public long readNs;
    public long writesCompleted;
    public long sectorsWritten;
    public long writeNs;
    public long flushesCompleted;
    public long flushNs;
    /** Commands completed with MEDIA_ERROR. */
    public long mediaErrors;
    /** Commands submitted and not yet completed by the device. */
    public int inFlight;
    /** Completions posted and not yet reaped by a driver. */
    public int unreaped;
    /** Time with at least one command in flight (io_ticks). */
    public long busyNs;
    /** Sum over commands of time spent in flight, including those still in flight (time_in_queue). */
    public long weightedNs;
}
