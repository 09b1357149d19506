package org.kernellab.api.sched;

/** Why a task leaves a policy's queue ({@link Policy#dequeue}) or stops being runnable ({@link Policy#quiescent}). */
public enum Dequeue {
    /** The task went to sleep ({@link Policy#quiescent} only: a sleeping task is the running one, never queued). */
    SLEEP,
    /** The task exited ({@link Policy#quiescent} only). */
    EXIT,
    /** Its attributes or CPU mask change; it comes back with {@link Enqueue#RESTORE} if it stays with the policy (DEQUEUE_SAVE). */
    SAVE,
    /** Load balancing takes it to another CPU; it comes back with {@link Enqueue#MIGRATED}. */
    MIGRATE,
    /** The policy is being disabled (a swap, an unload or an ejection); {@link Policy#disable} follows. */
    SWAP
}
