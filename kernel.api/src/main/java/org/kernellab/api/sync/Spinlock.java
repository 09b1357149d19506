package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A spinlock (include/linux/spinlock.h). Taking it disables preemption (unless the preemption
 * model is NONE without a preempt count); spinning on a lock held by another CPU burns
 * virtual time on the spinning CPU.
 */
@ProviderType
@KernelService
public interface Spinlock {
    @Contract(ATOMIC_SAFE) void lock();
    @Contract(ATOMIC_SAFE) void unlock();
    @Contract(ATOMIC_SAFE) boolean tryLock();
    /** spin_lock_irqsave(): returns the saved interrupt flags. */
    @Contract(ATOMIC_SAFE) boolean lockIrqSave();
    @Contract(ATOMIC_SAFE) void unlockIrqRestore(boolean flags);
    @Contract(ATOMIC_SAFE) void lockIrq();
    @Contract(ATOMIC_SAFE) void unlockIrq();
    @Contract(ATOMIC_SAFE) void lockBh();
    @Contract(ATOMIC_SAFE) void unlockBh();
    @Contract(ATOMIC_SAFE) boolean isLocked();
    @Contract(ATOMIC_SAFE) String name();
}
