package org.kernellab.apt;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes the contract boundary of every {@code @KernelService} interface {@code p.Xxx} it
 * compiles: a final class {@code p.XxxChecked implements Xxx}. Each method whose
 * {@code @Contract} is not {@code ATOMIC_SAFE} passes a checkpoint held in a final field, then
 * calls the implementation directly; an {@code ATOMIC_SAFE} method only calls it. There is no
 * reflection and no lookup on the call path, so the JIT inlines both calls.
 *
 * <p>The checks themselves belong to the kernel core, which hands each instance an
 * {@code org.kernellab.api.boundary.Boundary}. This processor only knows names: it has no
 * dependency on kernel.api, so it can run on kernel.api's own compile.
 *
 * <p>A method without {@code @Contract} is a compile error: the kernel would refuse the
 * interface anyway. Generic, nested and non-interface types get no class (a warning says so);
 * the core puts them behind its reflective proxy instead.
 */
public final class BoundaryProcessor extends AbstractProcessor {
    static final String KERNEL_SERVICE = "org.kernellab.api.KernelService";
    static final String CONTRACT = "org.kernellab.api.Contract";
    static final String ATOMIC_SAFE = "ATOMIC_SAFE";
    static final String SUFFIX = "Checked";
    private static final String BOUNDARY = "org.kernellab.api.boundary.Boundary";
    private static final String CHECKPOINT = "org.kernellab.api.boundary.Checkpoint";
    private static final String FAST_PASS = "org.kernellab.api.boundary.FastPass";
    /** The contexts whose allowed path the machine's FastPass settles: they forbid atomic and interrupt context. */
    static final Set<String> FAST = Set.of("MAY_SLEEP", "SCHEDULES", "USER_ACCESS", "TASK_ONLY");

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(KERNEL_SERVICE);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                if (e instanceof TypeElement type) generate(type);
            }
        }
        return false;
    }

    /** One method of the interface, as the generated class overrides it; {@code ctx} is its contract's context. */
    private record Op(ExecutableElement method, String ctx) {
        boolean checked() {
            return !ctx.equals(ATOMIC_SAFE);
        }

        /** Whether the call asks the machine's fast pass before its checkpoint. */
        boolean fast() {
            return FAST.contains(ctx);
        }
    }

    private void generate(TypeElement type) {
        String unsupported = unsupported(type);
        if (unsupported != null) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "no boundary class for " + type.getQualifiedName()
                    + ": " + unsupported + "; the kernel puts it behind its reflective proxy instead", type);
            return;
        }
        List<Op> ops = new ArrayList<>();
        boolean complete = true;
        for (ExecutableElement m : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(type))) {
            if (m.getEnclosingElement().getKind() != ElementKind.INTERFACE) continue; // java.lang.Object's
            if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)) continue;
            String ctx = contextOf(m);
            if (ctx == null) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "method " + type.getSimpleName() + "." + m.getSimpleName()
                        + "() has no @Contract; every kernel service method must state the contexts it may be called from", m);
                complete = false;
                continue;
            }
            if (!m.getTypeParameters().isEmpty()) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "no boundary class for " + type.getQualifiedName()
                        + ": its method " + m.getSimpleName() + "() is generic; the kernel puts it behind its reflective proxy instead", m);
                return;
            }
            ops.add(new Op(m, ctx));
        }
        if (!complete) return;
        String pkg = ((PackageElement) type.getEnclosingElement()).getQualifiedName().toString();
        String name = type.getSimpleName() + SUFFIX;
        try (Writer w = processingEnv.getFiler().createSourceFile(pkg.isEmpty() ? name : pkg + "." + name, type).openWriter()) {
            w.write(source(pkg, type.getSimpleName().toString(), name, ops));
        } catch (IOException ex) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + name + ": " + ex, type);
        }
    }

    /** Why {@code type} gets no generated class, or null. */
    private static String unsupported(TypeElement type) {
        if (type.getKind() != ElementKind.INTERFACE) return "it is not an interface";
        if (type.getNestingKind() != NestingKind.TOP_LEVEL) return "it is nested in another type";
        if (!type.getTypeParameters().isEmpty()) return "it is generic";
        return null;
    }

    /** The name of the method's {@code @Contract} context constant, or null without one. */
    private static String contextOf(ExecutableElement m) {
        for (AnnotationMirror a : m.getAnnotationMirrors()) {
            if (!((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(CONTRACT)) continue;
            for (var entry : a.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("value")) {
                    AnnotationValue v = entry.getValue();
                    return v.getValue() instanceof VariableElement constant ? constant.getSimpleName().toString() : String.valueOf(v.getValue());
                }
            }
        }
        return null;
    }

    private String source(String pkg, String iface, String name, List<Op> ops) {
        StringBuilder s = new StringBuilder();
        if (!pkg.isEmpty()) s.append("package ").append(pkg).append(";\n\n");
        s.append("/**\n * The contract boundary of {@link ").append(iface).append("}: each call passes its method's checkpoint, if the\n")
                .append(" * method's contract is not ATOMIC_SAFE, then calls the implementation directly. Written by\n")
                .append(" * kernel.apt; the kernel core makes the instances.\n */\n")
                .append("@javax.annotation.processing.Generated(\"").append(BoundaryProcessor.class.getName()).append("\")\n")
                .append("@org.kernellab.api.boundary.GeneratedBoundary(").append(iface).append(".class)\n")
                .append("public final class ").append(name).append(" implements ").append(iface).append(" {\n")
                .append("    private final ").append(BOUNDARY).append(" boundary$;\n")
                .append("    /** The implementation given to the constructor, or null: the allowed path reads it with no barrier. */\n")
                .append("    private final ").append(iface).append(" direct$;\n")
                .append("    /** The implementation; null until the first call when the boundary was made without it. */\n")
                .append("    private volatile ").append(iface).append(" target$;\n")
                .append("    /** The machine's fast pass: a thread it admits passes the sleeping and task-only checks. */\n")
                .append("    private final ").append(FAST_PASS).append(" pass$;\n");
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.checked()) {
                s.append("    /** ").append(op.method().getSimpleName()).append("() */\n")
                        .append("    private final ").append(CHECKPOINT).append(" check$").append(i).append(";\n");
            }
        }
        s.append("\n    /** Made by the kernel core; {@code target} null: fetched from {@code boundary} on the first call. */\n")
                .append("    public ").append(name).append("(").append(BOUNDARY).append(" boundary, ").append(iface).append(" target) {\n")
                .append("        this.boundary$ = boundary;\n")
                .append("        this.direct$ = target;\n")
                .append("        this.target$ = target;\n")
                .append("        this.pass$ = boundary.fastPass();\n");
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (!op.checked()) continue;
            s.append("        this.check$").append(i).append(" = boundary.checkpoint(\"").append(op.method().getSimpleName()).append('"');
            for (VariableElement p : op.method().getParameters()) {
                s.append(", ").append(processingEnv.getTypeUtils().erasure(p.asType())).append(".class");
            }
            s.append(");\n");
        }
        s.append("    }\n\n")
                .append("    private ").append(iface).append(" target$() {\n")
                .append("        ").append(iface).append(" d = direct$;\n")
                .append("        if (d != null) return d;\n")
                .append("        ").append(iface).append(" t = target$;\n")
                .append("        return t != null ? t : bind$();\n")
                .append("    }\n\n")
                .append("    private ").append(iface).append(" bind$() {\n")
                .append("        ").append(iface).append(" t = (").append(iface).append(") boundary$.target();\n")
                .append("        target$ = t;\n")
                .append("        return t;\n")
                .append("    }\n");
        for (int i = 0; i < ops.size(); i++) {
            s.append('\n').append(method(ops.get(i), i));
        }
        s.append("\n    @Override\n")
                .append("    public String toString() {\n")
                .append("        ").append(iface).append(" t = target$;\n")
                .append("        return \"boundary(\" + (t != null ? t : \"not yet used\") + \")\";\n")
                .append("    }\n")
                .append("}\n");
        return s.toString();
    }

    private String method(Op op, int index) {
        ExecutableElement m = op.method();
        List<? extends VariableElement> params = m.getParameters();
        StringBuilder s = new StringBuilder("    @Override\n    public ").append(m.getReturnType()).append(' ').append(m.getSimpleName()).append('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) s.append(", ");
            TypeMirror t = params.get(i).asType();
            if (m.isVarArgs() && i == params.size() - 1) {
                String array = t.toString();
                s.append(array, 0, array.length() - 2).append("...");
            } else {
                s.append(t);
            }
            s.append(' ').append(params.get(i).getSimpleName());
        }
        s.append(')');
        if (!m.getThrownTypes().isEmpty()) {
            s.append(" throws ").append(m.getThrownTypes().stream().map(TypeMirror::toString).collect(Collectors.joining(", ")));
        }
        s.append(" {\n");
        boolean isVoid = m.getReturnType().getKind() == TypeKind.VOID;
        if (op.checked()) {
            s.append("        if (").append(op.fast() ? "!pass$.admits(Thread.currentThread()) && " : "")
                    .append("!check$").append(index).append(".pass()) return")
                    .append(isVoid ? "" : " " + defaultValue(m.getReturnType())).append(";\n");
        }
        s.append("        ").append(isVoid ? "" : "return ").append("target$().").append(m.getSimpleName()).append('(')
                .append(params.stream().map(p -> p.getSimpleName().toString()).collect(Collectors.joining(", "))).append(");\n")
                .append("    }\n");
        return s.toString();
    }

    /** What a skipped call returns, as the reflective proxy returns it. */
    private static String defaultValue(TypeMirror t) {
        return switch (t.getKind()) {
            case BOOLEAN -> "false";
            case CHAR -> "'\\0'";
            case BYTE -> "(byte) 0";
            case SHORT -> "(short) 0";
            case INT -> "0";
            case LONG -> "0L";
            case FLOAT -> "0f";
            case DOUBLE -> "0d";
            default -> "null";
        };
    }
}
