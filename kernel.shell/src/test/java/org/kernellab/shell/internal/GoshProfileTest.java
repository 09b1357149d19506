package org.kernellab.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's profile sourced into a real Gogo session with gogo.jline's builtins and
 * stand-ins for the sched: and scr: commands, and Tab completion asked of JLine's completer
 * the way gogo.jline's Shell wires it: what a person gets after typing a line and Tab.
 */
class GoshProfileTest {

    /** A stand-in for sched:list's rows: the profile reads their public {@code name} field. */
    public static final class Policy {
        public final String name;

        Policy(String name) {
            this.name = name;
        }
    }

    /** The sched: scope as the profile sees it; {@code running == false} is a scheduler that is absent. */
    public static final class FakeSched {
        boolean running = true;

        public Policy[] list() {
            if (!running) throw new IllegalStateException("no scheduler is running");
            return new Policy[] {new Policy("fair"), new Policy("cfs"), new Policy("mlfq")};
        }

        public String status() {
            return "sched:status";
        }

        public String use(String name) {
            return "sched:use " + name;
        }
    }

    /** Felix SCR's scr:list, which an unqualified 'list' must not reach. */
    public static final class FakeScr {
        public String list() {
            return "scr:list";
        }
    }

    private final FakeSched sched = new FakeSched();
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void sourceProfile() throws Exception {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        for (String f : GogoBuiltins.BUILTIN) processor.addCommand("gogo", new Builtin(), f);
        for (String f : GogoBuiltins.PROCEDURAL) processor.addCommand("gogo", new Procedural(), f);
        // scr: first, so that '*' alone would find scr:list before sched:list
        processor.addCommand("scr", new FakeScr(), "list");
        processor.addCommand("sched", sched, "list");
        processor.addCommand("sched", sched, "status");
        processor.addCommand("sched", sched, "use");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        session.put(Shell.VAR_COMPLETIONS, new HashMap<String, List<Completers.CompletionData>>());
        session.execute(profile());
    }

    @AfterEach
    void close() {
        session.close();
        processor.stop();
        threadIO.stop();
    }

    private static String profile() throws IOException {
        try (InputStream in = ShellLauncher.class.getResourceAsStream(ShellLauncher.PROFILE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What Tab offers at the end of {@code line}, as gogo.jline's Shell completes arguments. */
    private List<String> tab(String line) {
        Completers.CompletionEnvironment env = new Completers.CompletionEnvironment() {
            @Override
            public Map<String, List<Completers.CompletionData>> getCompletions() {
                return Shell.getCompletions(session);
            }

            @Override
            public Set<String> getCommands() {
                return Shell.getCommands(session);
            }

            @Override
            public String resolveCommand(String command) {
                return Shell.resolve(session, command);
            }

            @Override
            public String commandName(String command) {
                int colon = command.indexOf(':');
                return colon >= 0 ? command.substring(colon + 1) : command;
            }

            @Override
            public Object evaluate(org.jline.reader.LineReader reader, ParsedLine parsed, String func) throws Exception {
                session.put(".commandLine", parsed);
                return session.execute(func);
            }
        };
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        List<Candidate> candidates = new ArrayList<>();
        new Completers.Completer(env).complete(null, parsed, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void profile_scope_sameAsShellMainForScriptsAndSchedBeforeAnyScope() {
        assertEquals(ShellMain.SCOPE, session.get("SCOPE"));
        assertEquals(List.of("kernel", "sched", "gogo", "*"), List.of(ShellMain.SCOPE.split(":")));
    }

    @Test
    void unqualifiedNames_resolveInSchedBeforeOtherScopes() throws Exception {
        assertEquals("sched:status", session.execute("status"));
        assertEquals(3, ((Object[]) session.execute("list")).length);
        assertEquals("scr:list", session.execute("scr:list"));
    }

    @Test
    void schedUse_tab_policyNamesOfTheRunningScheduler() {
        assertEquals(List.of("fair", "cfs", "mlfq"), tab("sched:use "));
        assertEquals(List.of("fair", "cfs", "mlfq"), tab("use "));
        assertEquals(List.of(), tab("sched:use cfs "));
    }

    @Test
    void schedUse_tabWithoutScheduler_nothingAndNoError() {
        sched.running = false;
        assertEquals(List.of(), tab("sched:use "));
    }

    @Test
    void schedSetattr_tabAfterThePid_policies() {
        assertEquals(List.of("normal", "batch", "idle", "fifo", "rr", "deadline"), tab("sched:setattr 5 "));
        assertEquals(List.of(), tab("sched:setattr "));
        assertEquals(List.of(), tab("sched:setattr 5 fifo "));
    }

    @Test
    void schedSetattr_tabAfterDash_options() {
        assertEquals(List.of("--runtime", "--deadline", "--period", "--nice", "--expected", "--tickets"),
            tab("sched:setattr 5 deadline --"));
    }

    @Test
    void kernelCompletions_stillThere() {
        assertEquals(List.of("start", "stop", "clear", "show", "digest", "status", "export"), tab("kernel:trace "));
    }
}
