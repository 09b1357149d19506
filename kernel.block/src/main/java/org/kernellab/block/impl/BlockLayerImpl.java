package org.kernellab.block.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskState;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BioOp;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockDriver;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.block.QueueRqStatus;
import org.kernellab.api.block.Request;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.plugin.Plugins;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.softirq.Softirqs;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The block layer (block/blk-core.c, block/blk-mq.c, Linux 6.6): one queue per disk with per-CPU
 * software queues and one hardware queue, per-task plugs, bio merging, the none and mq-deadline
 * schedulers, completion through BLOCK_SOFTIRQ, freeze and quiesce, and the disk counters.
 *
 * <p>Every method that reads or changes simulated state runs through {@link Machine#still}: at
 * once from simulated code, at the next safe point from a framework thread. The sleeping
 * methods are called from tasks only.
 */
@Component(service = {BlockLayer.class, MachineListener.class}, immediate = true)
public final class BlockLayerImpl implements BlockLayer, MachineListener {
    /** The major number of SCSI disks (include/uapi/linux/major.h SCSI_DISK0_MAJOR); sd gives each disk 16 minors. */
    static final int MAJOR = 8;
    static final int MINORS_PER_DISK = 16;
    /** BLK_MAX_REQUEST_COUNT (include/linux/blkdev.h): a plug flushes at this many requests (twice that with an elevator). */
    static final int BLK_MAX_REQUEST_COUNT = 32;
    /** BLK_PLUG_FLUSH_SIZE (block/blk-mq.c): a plug flushes once its last request reaches 128 KiB. */
    static final int BLK_PLUG_FLUSH_SIZE = 128 * 1024;
    /** blk_bio_list_merge (block/blk-mq-sched.c) looks at the last 8 requests of a software queue. */
    static final int CTX_MERGE_CHECKS = 8;

    private final Kernel kernel;
    private final Machine machine;
    private final Softirqs softirqs;
    private final Map<String, RequestQueue> queues = new LinkedHashMap<>();
    /** current->plug, by pid. */
    private final Map<Integer, Plug> plugs = new HashMap<>();
    /** blk_cpu_done: per CPU, the requests completed there and waiting for BLOCK_SOFTIRQ. */
    private final List<Deque<Rq>> done = new ArrayList<>();
    private final Ratelimit errorLimit = new Ratelimit();
    private boolean blockOpened;

    /** A task's plug (struct blk_plug). */
    private static final class Plug {
        final List<Rq> rqs = new ArrayList<>();
        int nested;
    }

    @Activate
    public BlockLayerImpl(@Reference Kernel kernel, @Reference Machine machine, @Reference Softirqs softirqs) {
        this.kernel = kernel;
        this.machine = machine;
        this.softirqs = softirqs;
        for (int c = 0; c < machine.nrCpus(); c++) done.add(new ArrayDeque<>());
    }

    /**
     * block/blk-mq.c blk_mq_init: open_softirq(BLOCK_SOFTIRQ, blk_done_softirq). Done at each boot
     * and before the first completion rather than in the constructor: calling another service
     * while DS activates this component adds one more activation racing the kernel's reboot.
     */
    private void openBlockSoftirq() {
        if (blockOpened) return;
        softirqs.open(SoftirqVector.BLOCK, v -> blockSoftirq());
        blockOpened = true;
    }

    private <T> T still(Supplier<T> action) { return machine.still(action); }

    private void still(Runnable action) {
        machine.still(() -> {
            action.run();
            return null;
        });
    }

    private RequestQueue queue(String disk) {
        if (disk == null) throw new IllegalArgumentException("disk must name a disk");
        RequestQueue q = queues.get(disk);
        if (q == null) throw new IllegalArgumentException("disk '" + disk + "' has no request queue; disks: " + queues.keySet());
        return q;
    }

    private long jiffies() { return kernel.jiffies(); }

    // =====================================================================================
    // Submission
    // =====================================================================================

    @Override
    public void submitBio(Bio bio) {
        if (bio == null) throw new IllegalArgumentException("bio must not be null");
        RequestQueue q = queue(bio.disk());
        // bio_check_eod (block/blk-core.c) and handle_bad_sector
        if (bio.op() != BioOp.FLUSH && bio.sector() + bio.sectors() > q.capacity) {
            kernel.printk(LogLevel.INFO, kernel.current().comm() + ": attempt to access beyond end of device\n"
                    + q.name + ": rw=" + (bio.op().code() | bio.flags()) + ", sector=" + bio.sector()
                    + ", nr_sectors = " + bio.sectors() + " limit=" + q.capacity);
            endBio(bio, BlkStatus.IOERR);
            return;
        }
        queueEnter(q);
        int cpu = kernel.smpProcessorId();
        Plug plug = plugs.get(kernel.current().pid());
        if (bio.op() != BioOp.FLUSH && attemptMerge(q, plug, bio, cpu)) {
            q.stats.merges[DiskStats.group(bio.op())]++;   // blk_account_io_merge_bio
            q.usage--;                                     // blk_queue_exit: the bio joined a request
            checkDrained(q);
            return;
        }
        Rq rq = new Rq(++q.nextId, bio, bio.flags(), cpu, kernel.now());
        q.stats.updateIoTicks(jiffies(), false);          // blk_account_io_start
        if (bio.op() == BioOp.FLUSH) {
            // blk_insert_flush: a data-less flush bypasses the plug and the elevator
            rq.state = Rq.State.QUEUED;
            q.dispatch.addLast(rq);
            run(q);
            return;
        }
        if (plug != null) {
            addToPlug(q, plug, rq);
            return;
        }
        insert(q, rq);
        run(q);
    }

    /** bio_queue_enter: waits, uninterruptibly, while the queue is frozen; then takes a usage reference. */
    private void queueEnter(RequestQueue q) {
        waitWhile(q, () -> q.freezeDepth > 0);
        q.usage++;
    }

    /** wait_event(q->mq_freeze_wq, !cond) in TASK_UNINTERRUPTIBLE. */
    private void waitWhile(RequestQueue q, java.util.function.BooleanSupplier cond) {
        if (!cond.getAsBoolean()) return;
        Task me = kernel.current();
        while (true) {
            q.freezeWaiters.add(me);
            kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
            if (!cond.getAsBoolean()) {
                kernel.setCurrentState(TaskState.RUNNING);
                q.freezeWaiters.remove(me);
                return;
            }
            kernel.schedule();
            q.freezeWaiters.remove(me);
        }
    }

    private boolean attemptMerge(RequestQueue q, Plug plug, Bio bio, int cpu) {
        // blk_attempt_plug_merge: only the request added to the plug last, if it is this queue's
        if (plug != null && !plug.rqs.isEmpty()) {
            Rq last = plug.rqs.get(plug.rqs.size() - 1);
            if (last.disk.equals(q.name) && q.merges.attempt(last, bio)) return true;
        }
        // blk_mq_sched_bio_merge: the elevator's, or the software queue's last requests
        if (q.elevator != null) return q.elevator.bioMerge(bio, q.merges) != null;
        Iterator<Rq> it = q.ctx.get(cpu).descendingIterator();
        for (int checked = 0; it.hasNext() && checked < CTX_MERGE_CHECKS; checked++) {
            if (q.merges.attempt(it.next(), bio)) return true;
        }
        return false;
    }

    private void addToPlug(RequestQueue q, Plug plug, Rq rq) {
        // blk_add_rq_to_plug / blk_plug_max_rq_count
        int max = q.elevator != null ? 2 * BLK_MAX_REQUEST_COUNT : BLK_MAX_REQUEST_COUNT;
        if (!plug.rqs.isEmpty()) {
            Rq last = plug.rqs.get(plug.rqs.size() - 1);
            if (plug.rqs.size() >= max || (long) last.sectors * Bio.SECTOR_SIZE >= BLK_PLUG_FLUSH_SIZE) flushPlug(plug);
        }
        rq.state = Rq.State.PLUGGED;
        plug.rqs.add(rq);
    }

    /** blk_mq_insert_request: into the elevator, or the software queue of the request's CPU. */
    private void insert(RequestQueue q, Rq rq) {
        rq.state = Rq.State.QUEUED;
        if (q.elevator != null) q.elevator.insert(rq, jiffies());
        else q.ctx.get(rq.cpu).addLast(rq);
    }

    /** blk_mq_flush_plug_list: hands the plugged requests to their queues, in submission order, and runs them. */
    private void flushPlug(Plug plug) {
        List<Rq> rqs = new ArrayList<>(plug.rqs);
        plug.rqs.clear();
        List<RequestQueue> touched = new ArrayList<>();
        for (Rq rq : rqs) {
            RequestQueue q = queues.get(rq.disk);
            insert(q, rq);
            if (!touched.contains(q)) touched.add(q);
        }
        for (RequestQueue q : touched) run(q);
    }

    @Override
    public BlkStatus submitBioWait(Bio bio) {
        if (bio == null) throw new IllegalArgumentException("bio must not be null");
        Task me = kernel.current();
        BlkStatus[] result = {null};
        org.kernellab.api.block.BioEndIo wrapped = (b, status) -> {
            if (bio.endIo() != null) bio.endIo().endIo(bio, status);
            result[0] = status;
            kernel.wakeUpProcess(me);
        };
        submitBio(new Bio(bio.disk(), bio.op(), bio.sector(), bio.data(), bio.flags() | Bio.REQ_SYNC, wrapped));
        // sched_submit_work: a task about to sleep flushes its plug first
        Plug plug = plugs.get(me.pid());
        if (plug != null) flushPlug(plug);
        // wait_for_completion_io: TASK_UNINTERRUPTIBLE until the bio ends
        while (true) {
            kernel.setCurrentState(TaskState.UNINTERRUPTIBLE);
            if (result[0] != null) break;
            kernel.schedule();
        }
        kernel.setCurrentState(TaskState.RUNNING);
        return result[0];
    }

    @Override
    public void startPlug() {
        int pid = kernel.current().pid();
        Plug p = plugs.get(pid);
        if (p != null) p.nested++;
        else plugs.put(pid, new Plug());
    }

    @Override
    public void finishPlug() {
        int pid = kernel.current().pid();
        Plug p = plugs.get(pid);
        if (p == null) return;
        if (p.nested > 0) {
            p.nested--;
            return;
        }
        plugs.remove(pid);
        flushPlug(p);
    }

    // =====================================================================================
    // Dispatch
    // =====================================================================================

    /** blk_mq_run_hw_queue: hands waiting requests to the driver until it is full or answers BUSY. */
    private void run(RequestQueue q) {
        if (q.running || q.quiesceDepth > 0 || q.driver == null) return;
        q.running = true;
        try {
            while (q.driver != null && q.quiesceDepth == 0 && q.started.size() < q.depth) {
                Rq rq = q.dispatch.pollFirst();
                if (rq == null) {
                    if (q.elevator != null) {
                        rq = q.elevator.dispatch(jiffies());
                    } else {
                        // blk_mq_flush_busy_ctxs: every software queue, in CPU order
                        for (Deque<Rq> c : q.ctx) {
                            q.dispatch.addAll(c);
                            c.clear();
                        }
                        rq = q.dispatch.pollFirst();
                    }
                }
                if (rq == null) break;
                if (!issue(q, rq)) {
                    q.dispatch.addFirst(rq);
                    break;
                }
            }
        } finally {
            q.running = false;
        }
    }

    /** blk_mq_start_request and ->queue_rq, guarded. False if the request stays with the layer. */
    private boolean issue(RequestQueue q, Rq rq) {
        BlockDriver driver = q.driver;
        rq.prepareBuffer();
        rq.state = Rq.State.STARTED;
        q.started.put(rq.id, rq);
        QueueRqStatus st = Plugins.call(() -> driver.queueRq(rq), e -> {
            kernel.printk(LogLevel.ERR, Plugins.report("KernelLab: block driver " + Plugins.symbol(driver) + " of " + q.name
                    + ": queue_rq(rq#" + rq.id + ")", e, "the driver is ejected; the request waits for the next driver"));
            if (q.driver == driver) q.driver = null;
            return null;
        });
        if (st == QueueRqStatus.OK) return true;
        if (rq.state == Rq.State.STARTED) {
            q.started.remove(rq.id);
            rq.state = Rq.State.QUEUED;
        }
        return false;
    }

    // =====================================================================================
    // Completion
    // =====================================================================================

    /** The started request {@code request} is, or IllegalStateException naming the call. */
    private Rq startedRq(String call, Request request) {
        RequestQueue q = request == null ? null : queues.get(request.disk());
        Rq rq = q == null ? null : q.started.get(request.id());
        if (rq == null || rq != request) {
            throw new IllegalStateException(call + "(" + request + "): the request is not started on its disk"
                    + " (completed twice, or never handed to a driver)");
        }
        return rq;
    }

    @Override
    public void requeue(Request request) {
        still(() -> {
            Rq rq = startedRq("requeue", request);
            RequestQueue q = queues.get(rq.disk);
            q.started.remove(rq.id);
            rq.state = Rq.State.QUEUED;
            q.dispatch.addFirst(rq);
            run(q);
        });
    }

    @Override
    public void complete(Request request, BlkStatus status) {
        if (status == null) throw new IllegalArgumentException("status must not be null");
        still(() -> {
            Rq rq = startedRq("complete", request);
            RequestQueue q = queues.get(rq.disk);
            q.started.remove(rq.id);
            rq.state = Rq.State.COMPLETE;
            rq.status = status;
            int cpu = kernel.smpProcessorId();
            // blk_mq_complete_request_remote: one software queue and the same CPU completes at
            // once; the CPUs share a cache, so no IPI; one hardware queue: a local BLOCK_SOFTIRQ.
            if (machine.nrCpus() == 1 && rq.cpu == cpu) {
                end(q, rq);
            } else {
                openBlockSoftirq();
                done.get(cpu).addLast(rq);
                softirqs.raise(SoftirqVector.BLOCK);
            }
        });
    }

    /** blk_done_softirq: ends the requests completed on this CPU. */
    private void blockSoftirq() {
        Deque<Rq> mine = done.get(kernel.smpProcessorId());
        Rq rq;
        while ((rq = mine.pollFirst()) != null) {
            RequestQueue q = queues.get(rq.disk);
            if (q != null) end(q, rq);
        }
    }

    /** blk_mq_end_request: blk_update_request (error report, sectors, bios) and __blk_mq_end_request (accounting). */
    private void end(RequestQueue q, Rq rq) {
        BlkStatus status = rq.status;
        if (status != BlkStatus.OK) printReqError(q, rq, status);
        int g = DiskStats.group(rq.op);
        q.stats.sectors[g] += rq.sectors;                   // blk_account_io_completion
        q.stats.updateIoTicks(jiffies(), true);             // blk_account_io_done
        q.stats.ios[g]++;
        q.stats.nsecs[g] += kernel.now() - rq.startNs;
        rq.state = Rq.State.DONE;
        if (status == BlkStatus.OK) rq.scatter();
        for (Bio b : rq.bios) endBio(b, status);
        q.usage--;                                          // blk_mq_free_request: blk_queue_exit
        checkDrained(q);
        run(q);
    }

    /** bio_endio, guarded: a callback that throws is reported and the others still run. */
    private void endBio(Bio bio, BlkStatus status) {
        if (bio.endIo() == null) return;
        Plugins.run(() -> bio.endIo().endIo(bio, status), e -> kernel.printk(LogLevel.ERR, Plugins.report("KernelLab: bi_end_io "
                + Plugins.symbol(bio.endIo()) + " of a " + bio.op() + " at sector " + bio.sector() + " of " + bio.disk(), e,
                "the block layer carries on with the next bio")));
    }

    /**
     * blk_print_req_error (block/blk-mq.c), printk_ratelimited at KERN_ERR:
     * {@code "%s error, dev %s, sector %llu op 0x%x:(%s) flags 0x%x phys_seg %u prio class %u"}.
     */
    private void printReqError(RequestQueue q, Rq rq, BlkStatus status) {
        int missed = errorLimit.missedBefore(jiffies(), kernel.hz());
        if (missed > 0) kernel.printk(LogLevel.WARNING, "blk_print_req_error: " + missed + " callbacks suppressed");
        if (!errorLimit.allow(jiffies(), kernel.hz())) return;
        kernel.printk(LogLevel.ERR, String.format("%s error, dev %s, sector %d op 0x%x:(%s) flags 0x%x phys_seg %d prio class %d",
                status.errorName(), q.name, rq.sector, rq.op.code(), rq.op.linuxName(), rq.flags, rq.physSegments(), 0));
    }

    // =====================================================================================
    // Freeze, quiesce, elevator
    // =====================================================================================

    private void checkDrained(RequestQueue q) {
        if (!q.drained()) return;
        wakeAll(q.freezeWaiters);
        if (q.onDrained.isEmpty()) return;
        List<Runnable> todo = new ArrayList<>(q.onDrained);
        q.onDrained.clear();
        todo.forEach(Runnable::run);
    }

    private void wakeAll(List<Task> waiters) {
        for (Task t : new ArrayList<>(waiters)) kernel.wakeUpProcess(t);
    }

    @Override
    public void freezeQueue(String disk) {
        RequestQueue q = queue(disk);
        q.freezeDepth++;                                   // blk_freeze_queue_start
        waitWhile(q, () -> q.usage > 0);                   // blk_mq_freeze_queue_wait
    }

    @Override
    public void freezeQueueStart(String disk) {
        still(() -> {
            RequestQueue q = queue(disk);
            q.freezeDepth++;
            checkDrained(q);
        });
    }

    @Override
    public void unfreezeQueue(String disk) {
        still(() -> unfreeze(queue(disk)));
    }

    private void unfreeze(RequestQueue q) {
        if (q.freezeDepth == 0) throw new IllegalStateException("unfreezeQueue(" + q.name + "): the queue is not frozen");
        if (--q.freezeDepth == 0) wakeAll(q.freezeWaiters);
    }

    @Override
    public boolean frozen(String disk) {
        return still(() -> queue(disk).drained());
    }

    @Override
    public void quiesceQueue(String disk) {
        still(() -> {
            queue(disk).quiesceDepth++;
        });
    }

    @Override
    public void unquiesceQueue(String disk) {
        still(() -> {
            RequestQueue q = queue(disk);
            if (q.quiesceDepth == 0) throw new IllegalStateException("unquiesceQueue(" + disk + "): the queue is not quiesced");
            if (--q.quiesceDepth == 0) run(q);
        });
    }

    @Override
    public String scheduler(String disk) {
        return still(() -> {
            Elevator e = queue(disk).elevator;
            // elv_iosched_show (block/elevator.c)
            return (e == null ? "[none] " : "none ") + (e != null ? "[" + MqDeadline.NAME + "] " : MqDeadline.NAME + " ") + "\n";
        });
    }

    @Override
    public void setScheduler(String disk, String name) {
        String n = name == null ? "" : name.strip();
        if (!n.equals("none") && !n.equals(MqDeadline.NAME)) {
            throw new IllegalArgumentException("scheduler '" + name + "' is not an I/O scheduler; use none or " + MqDeadline.NAME);
        }
        still(() -> {
            RequestQueue q = queue(disk);
            String current = q.elevator == null ? "none" : q.elevator.name();
            if (current.equals(n)) return;                 // elevator_change: nothing to do
            // elevator_switch: freeze, and once drained install the new scheduler and unfreeze
            q.freezeDepth++;
            q.onDrained.add(() -> {
                q.elevator = n.equals("none") ? null : new MqDeadline(kernel.hz());
                kernel.printk(LogLevel.INFO, q.name + ": I/O scheduler switched from " + current + " to " + n);
                unfreeze(q);
            });
            checkDrained(q);
        });
    }

    @Override
    public List<String> disks() {
        return still(() -> List.copyOf(queues.keySet()));
    }

    @Override
    public String diskstats() {
        return still(() -> {
            StringBuilder sb = new StringBuilder();
            for (RequestQueue q : queues.values()) sb.append(q.stats.line(MAJOR, q.minor, q.name, q.inFlight(), kernel.hz()));
            return sb.toString();
        });
    }

    // =====================================================================================
    // Drivers
    // =====================================================================================

    @Override
    public int attachDriver(String disk, long capacitySectors, int queueDepth, BlockDriver driver) {
        if (disk == null || disk.isEmpty()) throw new IllegalArgumentException("disk must name a disk");
        if (capacitySectors < 1) throw new IllegalArgumentException("capacitySectors " + capacitySectors + " must be at least 1");
        if (queueDepth < 1) throw new IllegalArgumentException("queueDepth " + queueDepth + " must be at least 1");
        if (driver == null) throw new IllegalArgumentException("driver must not be null");
        return still(() -> {
            RequestQueue q = queues.get(disk);
            if (q == null) {
                q = new RequestQueue(disk, MINORS_PER_DISK * queues.size(), capacitySectors, queueDepth, machine.nrCpus());
                // elevator_get_default: mq-deadline for a single hardware queue
                q.elevator = new MqDeadline(kernel.hz());
                queues.put(disk, q);
            } else if ((q.capacity != capacitySectors || q.depth != queueDepth) && q.usage == 0 && q.started.isEmpty()) {
                // an idle queue takes the device's new geometry (set_capacity_and_notify)
                kernel.printk(LogLevel.INFO, disk + ": detected capacity change from " + q.capacity + " to " + capacitySectors);
                q.capacity = capacitySectors;
                q.depth = queueDepth;
            } else if (q.capacity != capacitySectors || q.depth != queueDepth) {
                throw new IllegalArgumentException("disk '" + disk + "' has " + q.capacity + " sectors and depth " + q.depth
                        + "; a driver offering capacitySectors " + capacitySectors + " and queueDepth " + queueDepth + " is not for it");
            }
            if (q.driver != null && q.driver != driver) return -Errno.EBUSY;
            q.driver = driver;
            run(q);
            return 0;
        });
    }

    @Override
    public void detachDriver(String disk, BlockDriver driver) {
        still(() -> {
            RequestQueue q = queues.get(disk);
            if (q != null && q.driver == driver) q.driver = null;
        });
    }

    @Override
    public List<Request> started(String disk) {
        return still(() -> List.copyOf(queue(disk).started.values()));
    }

    @Override
    public void runQueue(String disk) {
        still(() -> run(queue(disk)));
    }

    // =====================================================================================
    // Reset
    // =====================================================================================

    /** A reboot: every request, plug and counter is gone; a pending scheduler switch takes effect. */
    @Override
    public void machineReset(Machine m) {
        plugs.clear();
        done.clear();
        for (int c = 0; c < m.nrCpus(); c++) done.add(new ArrayDeque<>());   // the CPU count may have changed
        errorLimit.reset();
        blockOpened = false;
        openBlockSoftirq();
        for (RequestQueue q : queues.values()) {
            List<Runnable> pending = new ArrayList<>(q.onDrained);
            q.reset(m.nrCpus());
            q.freezeDepth = pending.size();
            pending.forEach(Runnable::run);
        }
    }
}
