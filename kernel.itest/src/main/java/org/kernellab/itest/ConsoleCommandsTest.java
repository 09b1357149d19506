package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.console.dto.ModuleDTO;
import org.kernellab.console.dto.VersionDTO;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The kernel: commands, registered on the Gogo whiteboard and run through a real session. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ConsoleCommandsTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;

    @BeforeEach
    void openSession() {
        session = new GogoSession(processor);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void traceShow_tracingOffAndNothingKept_saysHowToStartIt() throws Exception {
        session.execute("kernel:trace stop");
        session.execute("kernel:trace clear");
        session.execute("kernel:run 10ms"); // events happen, none is written
        String shown = String.valueOf(session.execute("kernel:trace show"));
        assertTrue(shown.contains("# entries-in-buffer/entries-written: 0/0   #P:"), shown);
        assertTrue(shown.endsWith("# tracing is off: kernel:trace start records the events of the runs that follow\n"), shown);
    }

    @Test
    void kernelScope_whiteboard_registersEveryKernelCommand() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=kernel)");
        assertTrue(refs != null && refs.length >= 1, "services with osgi.command.scope=kernel: " + Arrays.toString(refs));
        List<String> functions = new java.util.ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            List<String> fs = functions(ref.getProperty("osgi.command.function"));
            functions.addAll(fs);
            // the console's commands, and kernel:web from the live view's own bundle
            assertEquals(fs.equals(List.of("web")) ? "kernel.web" : "kernel.console", ref.getBundle().getSymbolicName(), fs.toString());
        }
        assertTrue(functions.containsAll(List.of("version", "lsmod", "dmesg", "ps", "run", "step", "time", "trace",
            "config", "reset", "demo", "load", "spawn", "break", "back", "lesson", "web")), "kernel: functions are " + functions);
    }

    @Test
    void version_inSession_releaseFrameworkAndJava() throws Exception {
        VersionDTO v = assertInstanceOf(VersionDTO.class, session.execute("kernel:version"));
        assertTrue(v.release.matches("6\\.6\\.0-kernellab-\\d+\\.\\d+\\.\\d+"), v.release);
        assertEquals(context.getBundle(0).getVersion().toString(), v.frameworkVersion);
        assertTrue(Runtime.version().feature() >= 21, "the framework runs on " + v.javaVersion);
        assertTrue(v.javaVersion.startsWith(Integer.toString(Runtime.version().feature())), v.javaVersion);
    }

    @Test
    void lsmod_inSession_listsEveryKernelBundleActive() throws Exception {
        ModuleDTO[] modules = assertInstanceOf(ModuleDTO[].class, session.execute("kernel:lsmod"));
        List<String> names = Arrays.stream(modules).map(m -> m.name).toList();
        assertTrue(names.containsAll(KernelBundlesTest.KERNEL_BUNDLES), "lsmod lists " + names);
        for (ModuleDTO m : modules) {
            assertTrue(m.name.startsWith("kernel."), "lsmod lists a non-kernel bundle " + m.name);
            assertEquals("ACTIVE", m.state, m.name + " is " + m.state);
        }
    }

    @Test
    void lsmod_formatted_tableWithHeaderAndRoles() throws Exception {
        Object result = session.execute("kernel:lsmod");
        String text = session.format(result);
        assertTrue(text.startsWith("Id  Module"), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("kernel.console") && l.contains("console") && l.endsWith("ACTIVE")),
            text);
    }

    @Test
    void dmesg_formatted_everyLineHasAVirtualTimestamp() throws Exception {
        LogLineDTO[] lines = assertInstanceOf(LogLineDTO[].class, session.execute("kernel:dmesg"));
        assertTrue(lines.length > 0, "dmesg is empty");
        String text = session.format(lines);
        assertTrue(text.lines().allMatch(l -> l.matches("\\[ *\\d+\\.\\d{6}\\] .*")), text);
    }

    @Test
    void dmesg_unknownLevel_throwsQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> session.execute("kernel:dmesg -l loud"));
        assertTrue(e.getMessage().contains("'loud'"), e.getMessage());
    }

    @Test
    void gogoBuiltins_registeredByTheShellBundle_run() throws Exception {
        session.execute("echo kernellab");
        assertTrue(session.output().contains("kernellab"), session.output());
    }

    @Test
    void shell_withoutKernellabShellProperty_leavesTheMainThreadToTheTester() throws Exception {
        ServiceReference<?>[] mains = context.getServiceReferences(Callable.class.getName(), "(main.thread=true)");
        for (ServiceReference<?> ref : mains == null ? new ServiceReference<?>[0] : mains) {
            assertTrue(!"kernel.shell".equals(ref.getBundle().getSymbolicName()),
                "kernel.shell offered a main thread although kernellab.shell is not set");
        }
    }

    private static List<String> functions(Object property) {
        if (property instanceof String[] a) {
            return List.of(a);
        }
        return List.of(String.valueOf(property));
    }
}
