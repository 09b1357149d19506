package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/** A counting semaphore (kernel/locking/semaphore.c). up() is allowed from any context. */
@ProviderType
@KernelService
public interface Semaphore {
    @Contract(value = MAY_SLEEP, fix = "use down_trylock() in atomic context")
    void down();
    /** down_trylock(): returns true if acquired (note: Linux returns 0 on success). */
    @Contract(ATOMIC_SAFE) boolean tryDown();
    @Contract(ATOMIC_SAFE) void up();
    @Contract(ATOMIC_SAFE) int count();
}
