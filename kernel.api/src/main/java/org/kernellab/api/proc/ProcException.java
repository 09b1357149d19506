package org.kernellab.api.proc;

import org.kernellab.api.Errno;

/**
 * A failed procfs look-up, with the errno a Linux read would give and the path as the caller
 * wrote it. The message is the one {@code cat} and {@code ls} print after the path:
 * {@code "No such file or directory"}, {@code "Is a directory"}, {@code "Not a directory"} or
 * {@code "Input/output error"} (an entry that failed; {@link #detail()} says why).
 */
public class ProcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String path;
    private final String detail;

    public ProcException(int errno, String path, String detail) {
        super(path + ": " + strerror(errno) + (detail == null ? "" : " (" + detail + ")"));
        this.errno = errno;
        this.path = path;
        this.detail = detail;
    }

    /** The positive errno: {@link Errno#ENOENT}, {@link Errno#EISDIR}, {@link Errno#ENOTDIR} or {@link Errno#EIO}. */
    public int errno() {
        return errno;
    }

    /** The path as the caller gave it. */
    public String path() {
        return path;
    }

    /** Why an entry failed, or null. */
    public String detail() {
        return detail;
    }

    /** strerror() of the errno values procfs returns (glibc's wording). */
    public static String strerror(int errno) {
        return switch (errno) {
            case Errno.ENOENT -> "No such file or directory";
            case Errno.EISDIR -> "Is a directory";
            case Errno.ENOTDIR -> "Not a directory";
            case Errno.EIO -> "Input/output error";
            default -> "errno " + errno;
        };
    }
}
