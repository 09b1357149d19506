package org.kernellab.api.block;

/**
 * How a bio or request ended (blk_status_t, include/linux/blk_types.h), with the name the I/O
 * error report prints (block/blk-core.c blk_errors[]).
 */
public enum BlkStatus {
    OK(""),
    NOTSUPP("operation not supported"),
    TIMEOUT("timeout"),
    TRANSPORT("recoverable transport"),
    TARGET("critical target"),
    MEDIUM("critical medium"),
    IOERR("I/O");

    private final String errorName;

    BlkStatus(String errorName) { this.errorName = errorName; }

    /** The word(s) before " error, dev ..." in the report; empty for OK. */
    public String errorName() { return errorName; }
}
