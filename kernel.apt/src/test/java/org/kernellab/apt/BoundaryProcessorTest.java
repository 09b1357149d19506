package org.kernellab.apt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles small kernel service interfaces with the processor. kernel.api cannot be on this
 * module's path (it is built with this processor), so the few API types the generated code
 * names are declared here, in the same shape.
 */
class BoundaryProcessorTest {
    private static final Map<String, String> API = Map.of(
            "org/kernellab/api/KernelService.java", "package org.kernellab.api; public @interface KernelService {}",
            "org/kernellab/api/Ctx.java", "package org.kernellab.api; public enum Ctx { ATOMIC_SAFE, MAY_SLEEP, TASK_ONLY, CONTROL }",
            "org/kernellab/api/Contract.java", "package org.kernellab.api; public @interface Contract { Ctx value(); String fix() default \"\"; }",
            "org/kernellab/api/boundary/Checkpoint.java", "package org.kernellab.api.boundary; public interface Checkpoint { boolean pass(); }",
            "org/kernellab/api/boundary/Boundary.java", "package org.kernellab.api.boundary; public interface Boundary {"
                    + " Checkpoint checkpoint(String name, Class<?>... parameterTypes); Object target(); FastPass fastPass(); }",
            "org/kernellab/api/boundary/FastPass.java", "package org.kernellab.api.boundary; public abstract class FastPass {"
                    + " public final boolean admits(Thread t) { return false; } }",
            "org/kernellab/api/boundary/GeneratedBoundary.java", "package org.kernellab.api.boundary;"
                    + " @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME) public @interface GeneratedBoundary { Class<?> value(); }");

    @TempDir
    Path dir;

    private record Result(List<Diagnostic<? extends JavaFileObject>> diagnostics, Path generated) {
        String errors() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
        }
    }

    private Result compile(String path, String source) throws IOException {
        Path src = dir.resolve("src");
        Path out = Files.createDirectories(dir.resolve("out"));
        Path gen = Files.createDirectories(dir.resolve("gen"));
        List<Path> files = new ArrayList<>();
        Map<String, String> all = new java.util.HashMap<>(API);
        all.put(path, source);
        for (var e : all.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            var task = javac.getTask(new StringWriter(), fm, diagnostics,
                    List.of("--release", "21", "-d", out.toString(), "-s", gen.toString()), null, fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new BoundaryProcessor()));
            task.call();
        }
        return new Result(diagnostics.getDiagnostics(), gen);
    }

    @Test
    void kernelService_withInheritedDefaultVarargsAndThrowingMethods_compilesToACheckedClass() throws IOException {
        Result r = compile("p/Svc.java", """
                package p;
                import org.kernellab.api.*;
                interface Base {
                    @Contract(Ctx.MAY_SLEEP) long sleepy(int order) throws java.io.IOException;
                }
                @KernelService
                public interface Svc extends Base {
                    @Contract(Ctx.ATOMIC_SAFE) java.util.List<String> names(String... prefixes);
                    @Contract(Ctx.TASK_ONLY) default boolean taskOnly(int[] a, java.util.Map.Entry<String, Integer> e) { return true; }
                    @Contract(Ctx.TASK_ONLY) char overloaded();
                    @Contract(Ctx.TASK_ONLY) char overloaded(long x);
                    @Contract(Ctx.CONTROL) void drive();
                    static Svc none() { return null; }
                }
                """);
        assertEquals("", r.errors());
        String generated = Files.readString(r.generated().resolve("p/SvcChecked.java"));
        assertTrue(generated.contains("public final class SvcChecked implements Svc {"), generated);
        assertTrue(generated.contains("boundary.checkpoint(\"sleepy\", int.class)"), generated);
        assertTrue(generated.contains("boundary.checkpoint(\"taskOnly\", int[].class, java.util.Map.Entry.class)"), generated);
        assertTrue(generated.contains("boundary.checkpoint(\"overloaded\", long.class)"), generated);
        assertTrue(generated.contains("public long sleepy(int order) throws java.io.IOException {"), generated);
        assertTrue(generated.contains("java.util.List<java.lang.String> names(java.lang.String... prefixes)"), generated);
        // the sleeping and task-only methods ask the machine's fast pass first; other checked ones only their checkpoint
        assertTrue(generated.contains("this.pass$ = boundary.fastPass();"), generated);
        assertTrue(generated.contains("public long sleepy(int order) throws java.io.IOException {\n        if (!pass$.admits(Thread.currentThread()) && !check$"),
                generated);
        assertTrue(generated.contains("public char overloaded() {\n        if (!pass$.admits(Thread.currentThread()) && !check$"), generated);
        assertTrue(generated.contains("public void drive() {\n        if (!check$"), generated);
        // the implementation given at construction sits in a final field, read before the lazily bound one
        assertTrue(generated.contains("private final Svc direct$;") && generated.contains("Svc d = direct$;\n        if (d != null) return d;"),
                "the allowed path reads the implementation with no volatile read: " + generated);
        assertTrue(generated.contains("return '\\0';"), "a skipped char method returns the default: " + generated);
        assertFalse(generated.contains("checkpoint(\"names\""), "ATOMIC_SAFE methods have no checkpoint: " + generated);
        assertFalse(generated.contains("none()"), "static methods are not part of the boundary: " + generated);
    }

    @Test
    void kernelServiceMethod_withoutContract_isACompileError() throws IOException {
        Result r = compile("p/Bad.java", """
                package p;
                import org.kernellab.api.*;
                @KernelService
                public interface Bad {
                    @Contract(Ctx.ATOMIC_SAFE) void fine();
                    void forgotten();
                }
                """);
        assertEquals("method Bad.forgotten() has no @Contract; every kernel service method must state the contexts it may be called from",
                r.errors());
        assertFalse(Files.exists(r.generated().resolve("p/BadChecked.java")));
    }

    @Test
    void genericKernelService_getsNoClass_andAWarningThatTheProxyStandsIn() throws IOException {
        Result r = compile("p/Gen.java", """
                package p;
                import org.kernellab.api.*;
                @KernelService
                public interface Gen<T> {
                    @Contract(Ctx.MAY_SLEEP) T get();
                }
                """);
        assertEquals("", r.errors());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.WARNING
                && d.getMessage(null).equals("no boundary class for p.Gen: it is generic; the kernel puts it behind its reflective proxy instead")),
                r.diagnostics().toString());
        assertFalse(Files.exists(r.generated().resolve("p/GenChecked.java")));
    }
}
