package org.kernellab.api.workqueue;

import org.osgi.annotation.versioning.ProviderType;

/** A workqueue (struct workqueue_struct). */
@ProviderType
public interface Workqueue {
    String name();

    /** The flag bits it was allocated with (plus __WQ_ORDERED, 1 << 17, for an ordered queue). */
    int flags();

    /** Its max_active after clamping. */
    int maxActive();

    /** True once destroy_workqueue() has run. */
    boolean destroyed();
}
