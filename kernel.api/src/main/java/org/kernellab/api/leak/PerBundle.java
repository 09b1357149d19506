package org.kernellab.api.leak;

import java.util.List;

import org.kernellab.api.leak.dto.LeakDTO;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by the provider of a kernel service that hands each using bundle an object of its
 * own, so that what the bundle takes through it (an IRQ line, a tasklet, pages) is known to be
 * the bundle's. The provider registers the service as usual, under its {@code @KernelService}
 * interface {@code S}, with the property {@link #PROPERTY}{@code =true}; the kernel core then
 * calls these methods. The objects the provider returns are put behind the service's contract
 * boundary by the core; bundles never see this interface.
 *
 * <p>Calling contexts, for every method: called by the kernel core only.
 * {@link #open} runs on a framework thread, on the bundle's first call through its boundary.
 * {@link #held} and then {@link #release} run one after the other at one safe point of the
 * machine ({@code Machine.still}), on the framework thread that released the service (usually
 * the one stopping the bundle): nothing simulated runs meanwhile, no task is current, and
 * neither method may sleep or wait for simulated code. A service's object is released once.
 */
@ConsumerType
public interface PerBundle<S> {
    /** The service property that asks the core for per-bundle objects: {@code kernel.per.bundle=true}. */
    String PROPERTY = "kernel.per.bundle";

    /** A new object of the service for {@code holder}; what is taken through it is recorded against it. */
    S open(Holder holder);

    /**
     * What {@code opened} (an object {@link #open} returned) still holds, in the order it was
     * taken, one entry per object; empty when the bundle released everything. Must not change
     * anything.
     */
    List<LeakDTO> held(S opened);

    /**
     * Releases everything {@code opened} still holds, as the kernel's own teardown calls would
     * (free_irq after synchronize_irq, tasklet_kill, cancel_work_sync, destroy_workqueue,
     * __free_pages), and closes it: later calls through it that would take something are
     * dropped. Called right after {@link #held}, at the same safe point, also when nothing is
     * held.
     */
    void release(S opened);
}
