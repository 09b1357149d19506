package org.kernellab.ostep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code ostep/MANIFEST.tsv}: the command's output for the flags, computed by a
 * real run on the simulated machine, equals byte for byte what the OSTEP script printed.
 */
class OstepGoldenTest {
    private final OstepCommand command = new OstepCommand(org.kernellab.policy.testkit.Runners.runner("fifo", "sjf", "rr", "mlfq", "lottery"));

    record Case(String name, String script, String[] flags) {}

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : resource("MANIFEST.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            out.add(new Case(f[0], f[1], f[2].split(" ")));
        }
        return out;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = OstepGoldenTest.class.getResourceAsStream("/ostep/" + name)) {
            assertNotNull(in, "test resource ostep/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @TestFactory
    Stream<DynamicTest> output_sameFlags_isTheScriptsByteForByte() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.script() + " " + String.join(" ", c.flags()), () -> {
            String expected = resource(c.name() + ".txt");
            String actual;
            try {
                actual = command.output(c.script(), c.flags());
            } catch (RuntimeException e) {
                actual = "EXCEPTION " + e + "\n";
            }
            if (!expected.equals(actual)) {
                // kept for a diff: target/ostep-actual/<name>.txt
                Path dir = Path.of("target", "ostep-actual");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(c.name() + ".txt"), actual, StandardCharsets.UTF_8);
            }
            assertEquals(expected, actual);
        }));
    }
}
