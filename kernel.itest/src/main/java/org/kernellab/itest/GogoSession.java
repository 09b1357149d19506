package org.kernellab.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** A Gogo session with no input whose printed output a test can read. */
final class GogoSession implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CommandSession session;

    GogoSession(CommandProcessor processor) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    /** Runs {@code command} and returns its result object, or throws what it threw. */
    Object execute(String command) throws Exception {
        return session.execute(command);
    }

    /** Everything the session printed so far. */
    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
    }
}
