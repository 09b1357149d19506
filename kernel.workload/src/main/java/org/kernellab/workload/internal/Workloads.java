package org.kernellab.workload.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadException;
import org.kernellab.api.workload.WorkloadReader;
import org.kernellab.api.workload.WorkloadWriter;
import org.kernellab.workload.internal.JsonTree.Obj;
import org.osgi.service.component.annotations.Component;

/**
 * The workload JSON service: reads KernelLab's format and rt-app's, writes KernelLab's.
 * Reading is four steps, each collecting every problem before the next runs: the JSON
 * syntax ({@link JsonTree}), the fields and their values ({@link NativeReader} or
 * {@link RtAppReader}), the checks across fields ({@link Checks}), and the model's own
 * constructors. Stateless and thread-safe.
 */
@Component(service = {WorkloadReader.class, WorkloadWriter.class})
public final class Workloads implements WorkloadReader, WorkloadWriter {

    @Override
    public Workload read(String fileName, String json) {
        String file = fileName == null || fileName.isBlank() ? "<workload>" : fileName;
        Problems problems = new Problems(file);
        JsonTree.Node root;
        try {
            root = JsonTree.parse(json);
        } catch (JsonTree.SyntaxError e) {
            problems.add(e.line, e.column, e.path, "invalid JSON at line " + e.line + ", column " + e.column + ": " + e.reason);
            throw new WorkloadException(problems.lines());
        }
        if (!(root instanceof Obj o)) {
            problems.add(root, JPath.ROOT, "expected an object (a workload), found " + JsonTree.render(root));
            throw new WorkloadException(problems.lines());
        }
        String name = defaultName(file);
        Draft d = RtAppReader.isRtApp(o) ? RtAppReader.read(o, name, problems) : NativeReader.read(o, name, problems);
        Checks.run(d, problems);
        problems.throwIfAny();
        try {
            return new Workload(d.name, d.machine, d.stopNs, d.tasks.stream().map(t -> t.def).toList());
        } catch (IllegalArgumentException e) {
            // every rule of the constructors is checked above with its path; this is a backstop
            problems.add(o, JPath.ROOT, e.getMessage());
            throw new WorkloadException(problems.lines());
        }
    }

    @Override
    public Workload read(Path file) throws IOException {
        return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    @Override
    public String write(Workload workload) {
        return JsonWriter.write(workload);
    }

    /** The file's name without its folders and extension: {@code docs/workloads/nice-pair.json} is {@code nice-pair}. */
    static String defaultName(String file) {
        String base = file.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) base = base.substring(0, dot);
        return base.isBlank() ? "workload" : base;
    }
}
