package org.kernellab.api.sched;

/**
 * Why a policy is being disabled, as sched_ext's {@code struct scx_exit_info} says it.
 *
 * @param kind   what ended it
 * @param reason sched_ext's reason string ("unregistered from user space", "runnable task stall", ...)
 * @param detail more text for the log (the stalled task, the exception), or an empty string
 */
public record ExitInfo(Kind kind, String reason, String detail) {
    public enum Kind {
        /** The user chose another policy (sched:use). */
        SWAPPED,
        /** The policy's bundle stopped or was updated or uninstalled. */
        UNREGISTERED,
        /** The core ejected it for breaking a rule. */
        EJECTED,
        /** The machine is being reset or shut down. */
        SHUTDOWN
    }
}
