package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/** A reader-writer spinlock (rwlock_t): many readers or one writer; spins, never sleeps. */
@ProviderType
@KernelService
public interface RwLock {
    @Contract(ATOMIC_SAFE) void readLock();
    @Contract(ATOMIC_SAFE) void readUnlock();
    @Contract(ATOMIC_SAFE) void writeLock();
    @Contract(ATOMIC_SAFE) void writeUnlock();
    @Contract(ATOMIC_SAFE) int readers();
    @Contract(ATOMIC_SAFE) boolean writeLocked();
}
