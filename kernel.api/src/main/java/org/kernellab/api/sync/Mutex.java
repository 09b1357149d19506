package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;
import static org.kernellab.api.Ctx.TASK_ONLY;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.Task;
import org.osgi.annotation.versioning.ProviderType;

/** A sleeping mutex with an owner (kernel/locking/mutex.c). Never from interrupt context. */
@ProviderType
@KernelService
public interface Mutex {
    @Contract(value = MAY_SLEEP, fix = "use a spinlock (spin_lock_irqsave) to protect data shared with an interrupt handler")
    void lock();
    /** mutex_trylock(): may not be used from interrupt context either. */
    @Contract(value = TASK_ONLY, fix = "use spin_trylock() in interrupt context")
    boolean tryLock();
    /** mutex_unlock(): only the owner may unlock; anyone else is a BUG. */
    @Contract(value = TASK_ONLY, fix = "unlock the mutex from the task that locked it")
    void unlock();
    @Contract(ATOMIC_SAFE) boolean isLocked();
    /** The owning task, or null. */
    @Contract(ATOMIC_SAFE) Task owner();
}
