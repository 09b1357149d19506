package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.workload.Workload;

/**
 * {@code sched:gen} typed into a real Gogo session (no framework), registered with the scope
 * and function of its generated DS descriptor, so that Gogo's argument matching and the
 * {@code --out} option are what is tested.
 */
class GenCommandTest {
    private static final String DESCRIPTOR = "OSGI-INF/" + GenCommand.class.getName() + ".xml";

    private final Workloads json = new Workloads();
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @TempDir
    Path dir;

    @BeforeEach
    void openSession() throws IOException {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        String xml = descriptor();
        Matcher scope = Pattern.compile("name=\"osgi.command.scope\" type=\"String\" value=\"([^\"]*)\"").matcher(xml);
        Matcher function = Pattern.compile("name=\"osgi.command.function\" type=\"String\" value=\"([^\"]*)\"").matcher(xml);
        assertTrue(scope.find() && function.find(), xml);
        processor.addCommand(scope.group(1), new GenCommand(new Generators(), json), function.group(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        session.currentDir(dir);
    }

    @AfterEach
    void closeSession() {
        session.close();
        processor.stop();
        threadIO.stop();
    }

    private static String descriptor() throws IOException {
        try (InputStream in = GenCommandTest.class.getClassLoader().getResourceAsStream(DESCRIPTOR)) {
            if (in == null) throw new IOException(DESCRIPTOR + " is not on the test class path: bnd writes it when it processes the classes");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Object run(String line) throws Exception {
        return session.execute(line);
    }

    private String failure(String line) {
        Exception e = assertThrows(Exception.class, () -> run(line));
        assertTrue(e instanceof IllegalArgumentException, () -> "expected IllegalArgumentException, got " + e);
        return e.getMessage();
    }

    @Test
    void gen_printsTheWorkloadJson() throws Exception {
        Object out = run("sched:gen ostep seed=1 jobs=2");
        Workload w = json.read("gen.json", (String) out);
        assertEquals(2, w.tasks().size());
        assertEquals(1, w.machine().seed());
        assertEquals(json.write(new Generators().generate("ostep", java.util.Map.of("seed", "1", "jobs", "2"))), out);
    }

    @Test
    void gen_out_writesTheFileRelativeToTheSessionFolder() throws Exception {
        Object out = run("sched:gen --out wl.json hackbench groups=1 fds=2 loops=3 seed=9");
        Path file = dir.resolve("wl.json");
        assertEquals("wrote hackbench (4 tasks, seed 9) to " + file, out);
        Workload w = json.read(file);
        assertEquals(4, w.taskCount());
        assertEquals(9, w.machine().seed());
    }

    @Test
    void gen_shortOutAfterTheOptions_alsoWrites() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        run("sched:gen mixed seed=3 -o sub/m.json");
        assertTrue(Files.isRegularFile(dir.resolve("sub/m.json")));
    }

    @Test
    void gen_outInAMissingFolder_namesTheFolder() {
        assertEquals("--out \"nowhere/w.json\": the folder \"" + dir.resolve("nowhere") + "\" does not exist",
                failure("sched:gen --out nowhere/w.json ostep"));
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    @Test
    void gen_outIsAFolder_isRefused() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        assertEquals("--out \"d\" is a folder; name a file", failure("sched:gen --out d ostep"));
    }

    @Test
    void gen_tokenWithoutEquals_isQuoted() {
        assertEquals("option \"groups\" is not key=value (e.g. seed=7); usage: sched:gen <generator> [key=value ...] [--out file]",
                failure("sched:gen hackbench groups"));
    }

    @Test
    void gen_optionTwice_isRefused() {
        assertEquals("option \"seed\" is given twice", failure("sched:gen ostep seed=1 seed=2"));
    }

    @Test
    void gen_unknownGeneratorOrOption_isQuoted() {
        assertEquals("generator \"nope\" is unknown; the generators are hackbench, schbench, ostep, rtset, mixed", failure("sched:gen nope"));
        assertEquals("ostep: unknown option \"job\"; did you mean \"jobs\"? (options: seed, name, cpus, hz, jobs, maxlen, lengths, unit)",
                failure("sched:gen ostep job=3"));
    }

    @Test
    void gen_withoutArguments_listsGeneratorsAndOptions() throws Exception {
        String out = (String) run("sched:gen");
        assertTrue(out.startsWith("usage: sched:gen <generator> [key=value ...] [--out file]\n"), out);
        for (String g : new String[] {"hackbench", "schbench", "ostep", "rtset", "mixed"}) assertTrue(out.contains("\n" + g + ": "), g);
        assertTrue(out.contains("  groups       10           groups of tasks (hackbench -g; 10)\n"), out);
        assertTrue(out.contains("  workers      -            worker threads per message thread"), out);
    }
}
