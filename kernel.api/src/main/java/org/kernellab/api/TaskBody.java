package org.kernellab.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The Java body of a simulated task. It runs on the task's own virtual thread, only while
 * that task holds the CPU. Process context; may sleep. An exception that escapes kills the
 * task with an Oops report in the kernel log; every other task carries on.
 */
@ConsumerType
@FunctionalInterface
public interface TaskBody {
    void run(Kernel kernel) throws Exception;
}
