/** Synchronization primitives: spinlocks, rwlocks, mutexes, semaphores, wait queues, completions. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.kernellab.api.sync;
