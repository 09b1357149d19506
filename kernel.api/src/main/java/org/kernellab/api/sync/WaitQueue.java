package org.kernellab.api.sync;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import java.util.function.BooleanSupplier;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/** A wait queue head (include/linux/wait.h). */
@ProviderType
@KernelService
public interface WaitQueue {
    /** wait_event(): sleeps uninterruptibly until {@code condition} is true, re-checking after each wake-up. */
    @Contract(value = MAY_SLEEP, fix = "an interrupt handler must not wait: wake a task or queue work that waits instead")
    void waitEvent(BooleanSupplier condition);
    /**
     * wait_event_timeout(): returns 0 if the condition was still false when the timeout
     * elapsed, otherwise the jiffies left (at least 1).
     */
    @Contract(MAY_SLEEP)
    long waitEventTimeout(BooleanSupplier condition, long timeoutJiffies);
    /** wake_up(): wakes the waiters (all non-exclusive ones). Any context. */
    @Contract(ATOMIC_SAFE) void wakeUp();
    @Contract(ATOMIC_SAFE) int waiters();
}
