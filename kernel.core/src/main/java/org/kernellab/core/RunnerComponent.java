package org.kernellab.core;

import java.util.List;

import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.SchedulerControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Registers the {@link WorkloadRunner}: private machines for workload runs, over the scheduler bundle. */
@Component(service = WorkloadRunner.class)
public final class RunnerComponent implements WorkloadRunner {
    private final Runner runner;
    /** The console machine's shelf for a run's trace, while the kernel is up. */
    private volatile TraceShelf shelf;

    @Activate
    public RunnerComponent(@Reference SchedulerControl control) {
        this.runner = new Runner(control, () -> shelf);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindShelf")
    void bindShelf(TraceShelf s) {
        shelf = s;
    }

    void unbindShelf(TraceShelf s) {
        if (shelf == s) shelf = null;
    }

    @Override
    public RunResult run(RunSpec spec, RunMonitor monitor) {
        return runner.run(spec, monitor);
    }

    @Override
    public List<String> policies() {
        return runner.policies();
    }
}
