package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/** Creates synchronization primitives. The objects it returns check their own contracts on every call. */
@ProviderType
@KernelService
public interface Sync {
    @Contract(ATOMIC_SAFE) Spinlock spinlock(String name);
    @Contract(ATOMIC_SAFE) RwLock rwlock(String name);
    @Contract(ATOMIC_SAFE) Mutex mutex(String name);
    @Contract(ATOMIC_SAFE) Semaphore semaphore(String name, int count);
    @Contract(ATOMIC_SAFE) WaitQueue waitQueue(String name);
    @Contract(ATOMIC_SAFE) Completion completion(String name);
}
