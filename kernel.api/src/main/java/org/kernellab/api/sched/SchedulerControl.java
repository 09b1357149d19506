package org.kernellab.api.sched;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.CONTROL;

import java.util.List;
import java.util.Map;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The scheduler core's controls, for the {@code sched:} console and tests. Implemented by the
 * scheduler bundle. A change is posted to every machine and applied at its next safe point.
 */
@ProviderType
@KernelService
public interface SchedulerControl {
    /** Every policy known: the built-in fair class first, then each provider by name. */
    @Contract(ATOMIC_SAFE)
    List<PolicyInfoDTO> policies();

    /**
     * Enables policy {@code name} with {@code params} on every machine ({@code fair} goes back
     * to the built-in class), and clears an earlier ejection of it. An unknown name or a bad
     * parameter throws IllegalArgumentException naming it, and changes nothing.
     */
    @Contract(CONTROL)
    void use(String name, Map<String, String> params);

    /**
     * Schedulers that always run policy {@code name} with {@code params}, whatever {@link #use}
     * chooses: for the private machine of one workload run. Their ejections are reported in
     * that machine's log only. An unknown name or a bad parameter throws
     * IllegalArgumentException naming it.
     */
    @Contract(CONTROL)
    org.kernellab.api.sched.core.SchedulerFactory factory(String name, Map<String, String> params);

    /** The framework machine's scheduler: the active policy, since when, tasks per class, the last ejections. */
    @Contract(ATOMIC_SAFE)
    SchedStatusDTO status();
}
