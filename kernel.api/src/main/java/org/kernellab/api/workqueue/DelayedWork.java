package org.kernellab.api.workqueue;

import org.osgi.annotation.versioning.ProviderType;

/** A delayed work item (struct delayed_work): a work item queued when its timer expires. */
@ProviderType
public interface DelayedWork extends Work {
    /** timer_pending(&dwork->timer): its delay has not yet expired. */
    boolean timerPending();
}
