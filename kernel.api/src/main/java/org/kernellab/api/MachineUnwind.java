package org.kernellab.api;

/**
 * Thrown through simulated code when the machine unwinds a task: a reset, a shutdown or a
 * panic freezing it. Guards around plugin calls must let it pass (catch it first and rethrow);
 * swallowing it leaves a task running on a machine that no longer exists.
 */
public class MachineUnwind extends Error {
    private static final long serialVersionUID = 1L;

    protected MachineUnwind(String message) {
        super(message, null, false, false);
    }
}
