/**
 * Safe unload (issue 9 §5, KernelLab's addition to Linux): what a bundle still holds when it
 * releases a kernel service, reported and released for it.
 *
 * <p>A kernel service whose provider implements {@link org.kernellab.api.leak.PerBundle} and
 * registers with the service property {@link org.kernellab.api.leak.PerBundle#PROPERTY}
 * {@code =true} is handed to each using bundle as an object of its own (an OSGi service
 * factory, made by the core behind the same contract boundary as every kernel service). When
 * that bundle releases the service (its components deactivate, or it stops), the core asks the
 * provider, at a safe point, what the bundle's object still holds, writes one
 * {@code KernelLab: leak:} line per object in the kernel log, keeps the report for
 * {@link org.kernellab.api.leak.Leaks}, and has the provider release it all.
 *
 * <p>The interrupt layer (IRQ lines), the softirq bundle (tasklets, work items, workqueues) and
 * the page allocator (pages) take part. A new kind of resource (timers, for instance) takes part
 * by implementing {@link org.kernellab.api.leak.PerBundle} in its provider: nothing else changes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.leak;
