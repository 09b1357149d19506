package org.kernellab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskState;
import org.kernellab.api.sched.core.KTask;

class EevdfTreeTest {
    /** Just enough of a task for an entity. */
    private static KTask task(int pid) {
        return new KTask() {
            int cpu;
            @Override public int pid() { return pid; }
            @Override public String comm() { return "t" + pid; }
            @Override public TaskState state() { return TaskState.RUNNING; }
            @Override public int nice() { return 0; }
            @Override public int cpu() { return cpu; }
            @Override public boolean isIdle() { return false; }
            @Override public boolean isKernelThread() { return false; }
            @Override public SchedAttr attr() { return SchedAttr.normal(); }
            @Override public long affinity() { return -1L; }
            @Override public Object se() { return null; }
            @Override public void se(Object entity) {}
            @Override public void attr(SchedAttr attr) {}
            @Override public void affinity(long mask) {}
            @Override public void setCpu(int c) { cpu = c; }
            @Override public long sumExecNs() { return 0; }
            @Override public long startNs() { return 0; }
            @Override public boolean onCpu() { return false; }
        };
    }

    @Test
    void randomInsertsAndRemoves_pickTheEarliestEligibleDeadline_asABruteForceSearchDoes() {
        SplittableRandom r = new SplittableRandom(7);
        EevdfTree tree = new EevdfTree();
        List<Entity> in = new ArrayList<>();
        int root = EevdfTree.NIL;
        for (int step = 0; step < 20_000; step++) {
            if (in.isEmpty() || r.nextInt(100) < 55) {
                Entity e = new Entity(task(step), step, null);
                e.vruntime = r.nextLong(0, 1_000);
                e.deadline = e.vruntime + r.nextLong(1, 500);
                root = tree.insert(root, e);
                in.add(e);
            } else {
                Entity e = in.remove(r.nextInt(in.size()));
                root = tree.remove(root, e);
            }
            if (in.isEmpty()) {
                assertEquals(EevdfTree.NIL, root);
                continue;
            }
            // eligibility as a vruntime threshold: avg = threshold * load with v0 = 0
            long threshold = r.nextLong(0, 1_000);
            Entity expected = in.stream().filter(x -> x.vruntime <= threshold)
                    .min(Comparator.comparingLong((Entity x) -> x.deadline).thenComparingLong(x -> x.vruntime)
                            .thenComparingLong(x -> x.seq)).orElse(null);
            Entity got = tree.earliestEligible(root, threshold, 1, 0);
            if (expected == null) assertSame(null, got, "step " + step);
            else assertEquals(expected.deadline, got.deadline, "step " + step);
            Entity left = in.stream().min(Comparator.comparingLong((Entity x) -> x.vruntime).thenComparingLong(x -> x.seq)).orElseThrow();
            assertSame(left, tree.leftmost(root), "step " + step);
        }
    }
}
