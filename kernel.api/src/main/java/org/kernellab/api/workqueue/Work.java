package org.kernellab.api.workqueue;

import org.osgi.annotation.versioning.ProviderType;

/** A work item (struct work_struct), made by {@link Workqueues#initWork}. Reads are for the item's owner and tests. */
@ProviderType
public interface Work {
    /** The name reports use for it (Linux prints the function's symbol). */
    String name();

    /** work_pending(): WORK_STRUCT_PENDING is set (queued, or its delay timer armed). */
    boolean pending();

    /** True while a worker runs it. */
    boolean running();

    /** True once its function threw: it never runs again. */
    boolean ejected();
}
