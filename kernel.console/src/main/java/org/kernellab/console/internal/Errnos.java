package org.kernellab.console.internal;

import org.kernellab.api.Errno;

/** Names and meanings of the errno values KernelLab services return (include/uapi/asm-generic/errno-base.h). */
final class Errnos {
    private Errnos() {}

    /** {@code -EBUSY} for -16, {@code -EINVAL} for -22; the number itself when it has no name here. */
    static String name(int rc) {
        return switch (-rc) {
            case Errno.EPERM -> "-EPERM";
            case Errno.ENOENT -> "-ENOENT";
            case Errno.ESRCH -> "-ESRCH";
            case Errno.EINTR -> "-EINTR";
            case Errno.EAGAIN -> "-EAGAIN";
            case Errno.ENOMEM -> "-ENOMEM";
            case Errno.EBUSY -> "-EBUSY";
            case Errno.EINVAL -> "-EINVAL";
            case Errno.ENOSYS -> "-ENOSYS";
            default -> Integer.toString(rc);
        };
    }

    /** strerror(): "Device or resource busy" for -EBUSY. */
    static String meaning(int rc) {
        return switch (-rc) {
            case Errno.EPERM -> "Operation not permitted";
            case Errno.ENOENT -> "No such file or directory";
            case Errno.ESRCH -> "No such process";
            case Errno.EINTR -> "Interrupted system call";
            case Errno.EAGAIN -> "Try again";
            case Errno.ENOMEM -> "Out of memory";
            case Errno.EBUSY -> "Device or resource busy";
            case Errno.EINVAL -> "Invalid argument";
            case Errno.ENOSYS -> "Function not implemented";
            default -> "unknown error";
        };
    }
}
