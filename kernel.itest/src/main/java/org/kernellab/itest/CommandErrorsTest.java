package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Every KernelLab command, found on the Gogo whiteboard (so a new command is covered too), called
 * as a user who has not read its usage calls it: with no argument, and with one bogus argument.
 * A call that fails must fail with the user's error as a sentence. The interactive console prints
 * a failed command's exception with {@code toString()}, so that must be neither Gogo's
 * {@code Cannot coerce ...} nor start with a Java class name.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CommandErrorsTest {

    /** The scopes KernelLab's bundles register commands in (felix:, gogo:, scr: and cm: are Apache's). */
    static final List<String> SCOPES = List.of("kernel", "sched", "dev", "blk", "mm");

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @Test
    void everyCommand_withNoArgumentOrABogusOne_failsOnlyWithTheUsersError() throws Exception {
        List<String> calls = new ArrayList<>();
        for (String scope : SCOPES) {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=" + scope + ")");
            if (refs == null) continue;
            for (ServiceReference<?> ref : refs) {
                for (String f : functions(ref.getProperty("osgi.command.function"))) {
                    String cmd = scope + ":" + f;
                    if (!cmd.equals("kernel:web")) calls.add(cmd); // kernel:web alone serves the live view on a port
                    calls.add(cmd + " zzz");
                }
            }
        }
        assertTrue(calls.size() > 40, "KernelLab's commands on the whiteboard: " + calls);
        List<String> bad = new ArrayList<>();
        for (String line : calls) {
            try (GogoSession s = new GogoSession(processor)) {
                s.execute(line);
            } catch (Exception e) {
                String shown = e.toString();
                if (shown.startsWith("java.") || shown.startsWith("org.") || shown.contains("Cannot coerce")) bad.add(line + " -> " + shown);
            }
        }
        assertEquals(List.of(), bad, "errors the console would print with Java's or Gogo's words");
    }

    private static List<String> functions(Object property) {
        if (property instanceof String[] a) return List.of(a);
        if (property instanceof String s) return List.of(s);
        return List.of();
    }
}
