package org.kernellab.api.block;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;
import static org.kernellab.api.Ctx.TASK_ONLY;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The block layer: one blk-mq request queue per disk (per-CPU software queues feeding one
 * hardware queue), plugging and merging, an I/O scheduler, completion through BLOCK_SOFTIRQ, and
 * Linux's accounting. Implemented only by the block layer bundle.
 *
 * <p>A disk's queue exists from the first {@link #attachDriver} for its name and outlives its
 * drivers: requests submitted while no driver is attached wait in the queue.
 */
@ProviderType
@KernelService
public interface BlockLayer {

    // ---- submitters (a file system, a task) -------------------------------------------

    /**
     * submit_bio(): queues {@code bio}. It may merge into a request the task has plugged or one
     * that waits in the queue. Sleeps (TASK_UNINTERRUPTIBLE) while the disk's queue is frozen,
     * as bio_queue_enter does. A bio past the disk's end ends at once with IOERR
     * (bio_check_eod). Throws IllegalArgumentException for a disk that has no queue.
     */
    @Contract(value = MAY_SLEEP, fix = "submit the bio from a task, a kthread or a workqueue, not from interrupt context")
    void submitBio(Bio bio);

    /**
     * submit_bio_wait(): submits {@code bio} with REQ_SYNC and sleeps in D state
     * (TASK_UNINTERRUPTIBLE) until it ends; returns how it ended. A plug the task holds is
     * flushed first, as schedule() does before the task sleeps.
     */
    @Contract(value = MAY_SLEEP, fix = "an interrupt handler must not wait for I/O: submit with a callback instead")
    BlkStatus submitBioWait(Bio bio);

    /** blk_start_plug(): from now the task's requests collect in its plug. Nested plugs are ignored, as in Linux. */
    @Contract(TASK_ONLY)
    void startPlug();

    /** blk_finish_plug(): hands the plugged requests to the queues and runs them. */
    @Contract(TASK_ONLY)
    void finishPlug();

    // ---- the queue ---------------------------------------------------------------------

    /**
     * blk_mq_freeze_queue(): new submitters wait; returns once every request the queue holds
     * (plugged, queued, or held by the driver) has ended. Nested: each freeze needs an unfreeze.
     */
    @Contract(MAY_SLEEP)
    void freezeQueue(String disk);

    /** blk_mq_unfreeze_queue(): undoes one freeze; at the last one the waiting submitters go on. */
    @Contract(ATOMIC_SAFE)
    void unfreezeQueue(String disk);

    /** blk_mq_freeze_queue_start(): begins a freeze without waiting for the drain. */
    @Contract(ATOMIC_SAFE)
    void freezeQueueStart(String disk);

    /** True while the disk's queue is frozen and drained (q_usage_counter at zero). */
    @Contract(ATOMIC_SAFE)
    boolean frozen(String disk);

    /** blk_mq_quiesce_queue(): queueRq is no longer called; requests wait in the queue. Nested. */
    @Contract(ATOMIC_SAFE)
    void quiesceQueue(String disk);

    /** blk_mq_unquiesce_queue(): undoes one quiesce; at the last one the queue runs again. */
    @Contract(ATOMIC_SAFE)
    void unquiesceQueue(String disk);

    /** The disk's scheduler, as sysfs shows it: {@code [none] mq-deadline} with the active one bracketed. */
    @Contract(ATOMIC_SAFE)
    String scheduler(String disk);

    /**
     * Switches the disk's I/O scheduler ({@code none} or {@code mq-deadline}) as elevator_switch
     * does: the queue is frozen (new submitters wait), and once it has drained the new scheduler
     * is installed and the queue unfrozen. Returns at once. Throws IllegalArgumentException for an
     * unknown name, naming the choices.
     */
    @Contract(ATOMIC_SAFE)
    void setScheduler(String disk, String name);

    /** The disks that have a queue, in the order they were added. */
    @Contract(ATOMIC_SAFE)
    List<String> disks();

    /** The text of /proc/diskstats (block/genhd.c diskstats_show). */
    @Contract(ATOMIC_SAFE)
    String diskstats();

    // ---- drivers -----------------------------------------------------------------------

    /**
     * Attaches {@code driver} to {@code disk}'s queue, creating the queue (of
     * {@code capacitySectors} and at most {@code queueDepth} requests with the driver) the first
     * time. Returns 0, or -EBUSY when another driver is attached. Requests waiting in the queue
     * are dispatched to the new driver. An idle queue (no request anywhere) takes a new capacity
     * and depth; a busy one refuses them with IllegalArgumentException.
     */
    @Contract(ATOMIC_SAFE)
    int attachDriver(String disk, long capacitySectors, int queueDepth, BlockDriver driver);

    /**
     * Detaches {@code driver}: queueRq is no longer called. Requests it holds stay started and
     * are listed by {@link #started}; the next driver adopts them.
     */
    @Contract(ATOMIC_SAFE)
    void detachDriver(String disk, BlockDriver driver);

    /** The requests handed to a driver and not yet completed, oldest first (what a new driver adopts). */
    @Contract(ATOMIC_SAFE)
    List<Request> started(String disk);

    /**
     * blk_mq_complete_request(): the driver is done with {@code request}. With one software queue
     * on the completing CPU the request ends at once; else the layer raises BLOCK_SOFTIRQ on the
     * completing CPU and ends it there (block/blk-mq.c blk_mq_complete_request_remote, one
     * hardware queue). A request that is not started is refused with IllegalStateException.
     */
    @Contract(ATOMIC_SAFE)
    void complete(Request request, BlkStatus status);

    /**
     * blk_mq_requeue_request(): the driver gives back a started request it cannot finish (for
     * example one a previous driver took but the device never received); it goes to the head of
     * the hardware queue and is dispatched again.
     */
    @Contract(ATOMIC_SAFE)
    void requeue(Request request);

    /** blk_mq_run_hw_queue(): dispatches what waits, e.g. after the driver answered BUSY and a tag freed. */
    @Contract(ATOMIC_SAFE)
    void runQueue(String disk);
}
