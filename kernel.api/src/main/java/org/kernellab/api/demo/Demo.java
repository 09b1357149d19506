package org.kernellab.api.demo;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A small scripted scenario a teacher can run with {@code kernel:demo <name>}. Registered on
 * the whiteboard with the service property {@code demo.name}.
 *
 * <p>Calling context: {@link #setup} and {@link #teardown} are called by the console outside
 * the simulation, with the machine stopped; the tasks and handlers they create run inside it.
 */
@ConsumerType
public interface Demo {
    String name();

    /** One line: what the demo shows. */
    String description();

    /** Sets the scenario up (spawns tasks, requests lines, schedules device events); returns how long to run, in ns of virtual time. */
    long setup();

    /**
     * Whether the console prints the run's trace after the log (it always keeps it for
     * {@code kernel:trace}): false for a demo whose trace is too long to read. Since 1.1.0.
     */
    default boolean showTrace() { return true; }

    /**
     * True when the demo's story ends once every CPU is idle with nothing pending but periodic
     * ticks (its tasks have exited, its device is quiet): the console then runs it until idle,
     * {@link #setup()}'s duration being the most it runs, so the trace ends with the story
     * instead of idle ticks. False (the default): it runs for the whole duration. Since 1.2.0.
     */
    default boolean stopWhenIdle() { return false; }

    /** Releases what setup took (free_irq). Optional. */
    default void teardown() {}
}
