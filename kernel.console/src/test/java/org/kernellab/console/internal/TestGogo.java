package org.kernellab.console.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;

/**
 * A real Gogo session (no framework) over command components, each registered with the scope
 * and functions of its generated DS descriptor, results formatted by the ConsoleConverter.
 */
final class TestGogo implements AutoCloseable {
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final CommandProcessorImpl processor;
    final CommandSession session;

    TestGogo(Object... components) throws IOException {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        for (Object commands : components) {
            String xml = SchedGogoTest.descriptor(commands.getClass());
            for (String function : SchedGogoTest.functions(xml)) processor.addCommand(SchedGogoTest.scope(xml), commands, function);
        }
        processor.addConverter(new ConsoleConverter());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @Override
    public void close() {
        session.close();
        processor.stop();
        threadIO.stop();
    }
}
