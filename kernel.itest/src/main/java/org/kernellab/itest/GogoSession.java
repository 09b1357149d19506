package org.kernellab.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** A Gogo session with no input whose console output is kept, for tests that type commands as a user would. */
final class GogoSession implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CommandSession session;

    GogoSession(CommandProcessor processor) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    /** Runs one command line and returns its value, as the console would before formatting it. */
    Object execute(String line) throws Exception {
        return session.execute(line);
    }

    /** A command's value as the console prints it (the registered Converters' full text). */
    String format(Object value) {
        return String.valueOf(session.format(value, org.apache.felix.service.command.Converter.INSPECT));
    }

    /** Everything the commands printed so far. */
    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
    }
}
