package org.kernellab.core;

import java.util.Locale;

/** How task bodies run: in continuations on the engine's thread, or each on its own virtual thread. */
enum TaskMechanism {
    /** Continuations driven by the controller's thread, when the JVM opens jdk.internal.vm (else {@link #THREAD}). */
    CONTINUATION,
    /** One virtual thread per task and a baton handed between them. */
    THREAD;

    /** The system property that chooses the mechanism for machines whose configuration does not. */
    static final String PROPERTY = "kernellab.tasks";

    /** {@code continuation} or {@code thread}; a bad value is refused with the key named. */
    static TaskMechanism parse(String s) {
        if (s == null || s.isBlank()) return CONTINUATION;
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "continuation", "continuations" -> CONTINUATION;
            case "thread", "threads" -> THREAD;
            default -> throw new IllegalArgumentException("tasks \"" + s + "\" must be continuation or thread");
        };
    }

    /** The mechanism {@link #PROPERTY} names, continuation when it is not set. */
    static TaskMechanism fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }
}
