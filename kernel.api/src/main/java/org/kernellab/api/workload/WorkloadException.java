package org.kernellab.api.workload;

import java.util.List;

/**
 * A workload file that is not valid: every problem found, in the order of the file, each as
 * one line {@code <file>: <json path>: <problem>}, for example
 * {@code nice-pair.json: tasks[2].phases[0].run: "3" needs a unit (ns, us, ms, s)}.
 * The message is the lines joined with newlines, the first problem first.
 */
public class WorkloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public WorkloadException(List<String> errors) {
        super(String.join("\n", errors));
        if (errors.isEmpty()) throw new IllegalArgumentException("a WorkloadException needs at least one error");
        this.errors = List.copyOf(errors);
    }

    /** Each problem, first first, as {@code <file>: <json path>: <problem>}. */
    public List<String> errors() {
        return errors;
    }
}
