package org.kernellab.demos.io;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.sync.Completion;
import org.kernellab.api.sync.Sync;

/**
 * A verifying workload: tasks that write patterned 4 KiB blocks ({@link Patterns}) and read them
 * back, every bio counted in an {@link IoLedger}. Each task owns its blocks; in each round it
 * writes a batch of {@code depth} of them asynchronously (submit_bio with a bi_end_io that
 * completes a completion), waits for the batch, reads the batch back the same way and verifies
 * it, and goes on to the next batch. With {@code tasks} writers, up to {@code tasks * depth}
 * requests are in flight at once. Round {@code r} writes generation {@code r} of each block.
 *
 * <p>Blocks lie one every 8 KiB, so that no two bios are adjacent and merge: each bio is a
 * request of its own, and the number in flight is what the plan says.
 */
public final class VerifyingWriters {
    public static final int BLOCK_BYTES = 4096;
    static final int BLOCK_SECTORS = BLOCK_BYTES / Bio.SECTOR_SIZE;

    /**
     * What the writers do.
     *
     * @param disk          the disk they write to
     * @param firstSector   where their blocks begin
     * @param tasks         how many writer tasks
     * @param blocksPerTask the blocks each task owns
     * @param depth         the bios each task has in flight at once
     * @param rounds        how many times each block is written and read back
     */
    public record Plan(String disk, long firstSector, int tasks, int blocksPerTask, int depth, int rounds) {
        public Plan {
            if (disk == null || disk.isBlank()) throw new IllegalArgumentException("disk must name a disk");
            if (firstSector < 0) throw new IllegalArgumentException("firstSector " + firstSector + " must not be negative");
            if (tasks < 1) throw new IllegalArgumentException("tasks " + tasks + " must be at least 1");
            if (blocksPerTask < 1) throw new IllegalArgumentException("blocksPerTask " + blocksPerTask + " must be at least 1");
            if (depth < 1) throw new IllegalArgumentException("depth " + depth + " must be at least 1");
            if (rounds < 1) throw new IllegalArgumentException("rounds " + rounds + " must be at least 1");
        }

        /** Every bio the plan submits: a write and a read of each block in each round. */
        public long totalIos() {
            return 2L * tasks * blocksPerTask * rounds;
        }

        /** The sectors the plan covers, from {@link #firstSector}. */
        public long sectors() {
            return 2L * BLOCK_SECTORS * tasks * blocksPerTask;
        }

        long sector(long block) {
            return firstSector + 2L * BLOCK_SECTORS * block;
        }
    }

    private final Kernel kernel;
    private final BlockLayer block;
    private final Sync sync;
    private final IoLedger ledger;
    private final Plan plan;
    private int finished;

    public VerifyingWriters(Kernel kernel, BlockLayer block, Sync sync, IoLedger ledger, Plan plan) {
        this.kernel = kernel;
        this.block = block;
        this.sync = sync;
        this.ledger = ledger;
        this.plan = plan;
    }

    /** Spawns the writer tasks, named {@code prefix0}, {@code prefix1}, ... */
    public List<Task> spawn(String prefix) {
        List<Task> out = new ArrayList<>();
        for (int t = 0; t < plan.tasks(); t++) {
            int me = t;
            out.add(kernel.spawn(TaskSpec.process(prefix + t), k -> write(me)));
        }
        return out;
    }

    /** True once every writer has done all its rounds. */
    public boolean finished() {
        return finished == plan.tasks();
    }

    private void write(int t) {
        Completion done = sync.completion("verify" + t);
        long first = (long) t * plan.blocksPerTask();
        for (int r = 1; r <= plan.rounds(); r++) {
            for (int base = 0; base < plan.blocksPerTask(); base += plan.depth()) {
                int n = Math.min(plan.depth(), plan.blocksPerTask() - base);
                for (int i = 0; i < n; i++) {
                    long blk = first + base + i;
                    long id = ledger.submitWrite(blk, r);
                    block.submitBio(Bio.write(plan.disk(), plan.sector(blk), Patterns.pattern(blk, r, BLOCK_BYTES), (bio, st) -> {
                        ledger.completed(id, st);
                        done.complete();
                    }));
                }
                for (int i = 0; i < n; i++) done.waitForCompletion();
                byte[][] back = new byte[n][BLOCK_BYTES];
                for (int i = 0; i < n; i++) {
                    long blk = first + base + i;
                    long id = ledger.submitRead(blk);
                    block.submitBio(Bio.read(plan.disk(), plan.sector(blk), back[i], (bio, st) -> {
                        ledger.completed(id, st);
                        done.complete();
                    }));
                }
                for (int i = 0; i < n; i++) done.waitForCompletion();
                for (int i = 0; i < n; i++) ledger.verify(first + base + i, r, back[i]);
            }
        }
        finished++;
    }
}
