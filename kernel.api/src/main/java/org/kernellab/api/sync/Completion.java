package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/** A completion (kernel/sched/completion.c). complete() is allowed from any context. */
@ProviderType
@KernelService
public interface Completion {
    @Contract(MAY_SLEEP) void waitForCompletion();
    /** complete(): wakes one waiter. */
    @Contract(ATOMIC_SAFE) void complete();
    /** complete_all(): wakes every waiter and all future ones. */
    @Contract(ATOMIC_SAFE) void completeAll();
    /** try_wait_for_completion(). */
    @Contract(ATOMIC_SAFE) boolean tryWait();
    /** completion_done(). */
    @Contract(ATOMIC_SAFE) boolean done();
    /** reinit_completion(). */
    @Contract(ATOMIC_SAFE) void reinit();
}
