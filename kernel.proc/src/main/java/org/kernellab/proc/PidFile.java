package org.kernellab.proc;

import java.util.function.Function;

import org.kernellab.api.Kernel;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcRequest;

/** A file in every task's directory, rendered from the task's {@code kernel:ps} row. */
abstract class PidFile implements ProcEntry {
    private final Kernel kernel;
    private final Function<TaskDTO, String> render;

    PidFile(Kernel kernel, Function<TaskDTO, String> render) {
        this.kernel = kernel;
        this.render = render;
    }

    @Override
    public final String read(ProcRequest at) {
        if (!at.isRoot()) return null;
        TaskDTO t = TaskFiles.find(kernel.ps(), at.pid());
        return t == null ? null : render.apply(t);
    }
}
