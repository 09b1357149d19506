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

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code ostep/MANIFEST.tsv}: the command's output for the flags, computed by a
 * real run on the simulated machine, equals byte for byte what the OSTEP script printed.
 */
class OstepGoldenTest {
    private final OstepCommand command = new OstepCommand(Runners.runner());

    record Case(String name, String script, String[] flags, boolean known) {}

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : resource("MANIFEST.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            out.add(new Case(f[0], f[1], f[2].split(" "), f.length > 3 && f[3].equals("known")));
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
            // a known difference (docs/ostep.md) is skipped while it lasts, and passes once fixed
            Assumptions.assumeTrue(!c.known() || expected.equals(actual), c.name() + ": known difference, see docs/ostep.md");
            assertEquals(expected, actual);
        }));
    }
}
