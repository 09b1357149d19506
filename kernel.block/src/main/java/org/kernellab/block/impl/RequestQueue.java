package org.kernellab.block.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Task;
import org.kernellab.api.block.BlockDriver;

/**
 * One disk's blk-mq queue (struct request_queue with one blk_mq_hw_ctx): per-CPU software queues
 * (blk_mq_ctx) used by "none", an elevator's queues otherwise, the hardware queue's dispatch list
 * (hctx->dispatch: requests the driver bounced and flushes), the started requests, the freeze and
 * quiesce depths, and the disk's counters. Plain state; {@link BlockLayerImpl} runs it.
 */
final class RequestQueue {
    final String name;
    final int minor;
    long capacity;
    int depth;
    final Merges merges = new Merges(Merges.BLK_DEF_MAX_SECTORS, Merges.BLK_MAX_SEGMENTS);
    final DiskStats stats = new DiskStats();

    /** ctx->rq_lists: one software queue per CPU. */
    final List<Deque<Rq>> ctx = new ArrayList<>();
    /** hctx->dispatch. */
    final Deque<Rq> dispatch = new ArrayDeque<>();
    /** Requests the driver holds, by id, oldest first. */
    final Map<Long, Rq> started = new LinkedHashMap<>();
    Elevator elevator;
    BlockDriver driver;

    long nextId;
    /** q_usage_counter: bios being submitted plus requests not yet freed. */
    long usage;
    int freezeDepth;
    int quiesceDepth;
    /** Set while a dispatch loop runs, so that a completion inside it does not start another. */
    boolean running;
    /** Tasks waiting in bio_queue_enter or blk_mq_freeze_queue_wait (mq_freeze_wq). */
    final List<Task> freezeWaiters = new ArrayList<>();
    /** Work to do once the queue is frozen and drained (an elevator switch). */
    final List<Runnable> onDrained = new ArrayList<>();

    RequestQueue(String name, int minor, long capacity, int depth, int cpus) {
        this.name = name;
        this.minor = minor;
        this.capacity = capacity;
        this.depth = depth;
        for (int c = 0; c < cpus; c++) ctx.add(new ArrayDeque<>());
    }

    boolean drained() { return freezeDepth > 0 && usage == 0; }

    /** part_in_flight for blk-mq: requests started and not yet completed (MQ_RQ_IN_FLIGHT). */
    int inFlight() { return started.size(); }

    /** Forgets every request and counter: the machine was reset, with {@code cpus} CPUs. */
    void reset(int cpus) {
        ctx.clear();
        for (int c = 0; c < cpus; c++) ctx.add(new ArrayDeque<>());
        dispatch.clear();
        started.clear();
        if (elevator != null) elevator.drain();
        usage = 0;
        freezeDepth = 0;
        quiesceDepth = 0;
        running = false;
        freezeWaiters.clear();
        onDrained.clear();
        stats.clear();
    }
}
