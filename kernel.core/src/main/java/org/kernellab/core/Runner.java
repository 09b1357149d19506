package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.sched.dto.PolicyInfoDTO;

/**
 * The workload runner over a scheduler bundle's controls: each run asks for a scheduler fixed
 * to its policy and boots a machine of its own ({@link WorkloadRun}). Public for tests and
 * benchmarks outside OSGi (with kernel.sched's SchedulerService and providers added by hand);
 * in the framework {@link RunnerComponent} registers it. The package stays private.
 */
public final class Runner implements WorkloadRunner {
    private final SchedulerControl control;
    private final java.util.function.Supplier<TraceShelf> shelf;

    public Runner(SchedulerControl control) {
        this(control, () -> null);
    }

    /** A runner whose runs that keep their trace hand it to {@code shelf}'s current value (null: nowhere). */
    Runner(SchedulerControl control, java.util.function.Supplier<TraceShelf> shelf) {
        this.control = control;
        this.shelf = shelf;
    }

    @Override
    public RunResult run(RunSpec spec, RunMonitor monitor) {
        if (spec == null) throw new IllegalArgumentException("spec must not be null");
        SchedulerFactory f = control.factory(spec.policy(), spec.params());
        WorkloadRun run = new WorkloadRun(spec, f);
        RunResult r = run.run(monitor == null ? RunMonitor.NONE : monitor);
        TraceShelf s = shelf.get();
        if (spec.trace() && s != null) s.show(run.engine());
        return r;
    }

    @Override
    public List<String> policies() {
        List<String> names = new ArrayList<>();
        for (PolicyInfoDTO p : control.policies()) {
            if (!"absent".equals(p.state)) names.add(p.name);
        }
        return names;
    }
}
