package org.kernellab.api.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;

/** The model's values: defaults, expansion, the periodic hints and the constructors' checks. */
class WorkloadModelTest {
    private static final long MS = 1_000_000L;

    @Test
    void expand_instances_areNameDashIndexInOrder() {
        TaskDef io = TaskDef.of("io", Phase.run(2 * MS), Phase.io(4 * MS)).withInstances(3).withStart(5 * MS);
        List<TaskDef> tasks = io.expand();
        assertEquals(List.of("io-0", "io-1", "io-2"), tasks.stream().map(TaskDef::name).toList());
        for (TaskDef t : tasks) {
            assertEquals(1, t.instances());
            assertEquals(5 * MS, t.startNs());
            assertEquals(io.phases(), t.phases());
        }
        assertEquals(List.of("io-0", "io-1", "io-2"), io.instanceNames());
    }

    @Test
    void expand_oneInstance_keepsTheName() {
        TaskDef a = TaskDef.of("a", Phase.run(MS));
        assertEquals(List.of(a), a.expand());
        assertEquals(List.of("a"), a.instanceNames());
    }

    @Test
    void workloadExpand_fileOrderThenInstanceOrder() {
        Workload w = new Workload("w", Machine.DEFAULT, Workload.UNTIL_EXIT, List.of(
                TaskDef.of("b", Phase.run(MS)).withInstances(2),
                TaskDef.of("a", Phase.run(MS)),
                TaskDef.of("c", Phase.run(MS)).withInstances(2)));
        assertEquals(List.of("b-0", "b-1", "a", "c-0", "c-1"), w.expand().stream().map(TaskDef::name).toList());
        assertEquals(5, w.taskCount());
        assertFalse(w.hasStop());
    }

    @Test
    void taskDef_periodicNormalTask_getsThePeriodHints() {
        TaskDef t = TaskDef.of("T1", Phase.run(3 * MS)).withPeriodic(new Periodic(7 * MS, 5 * MS, 0, Periodic.OnMiss.ABORT));
        assertEquals(7 * MS, t.sched().periodNs);
        assertEquals(5 * MS, t.sched().deadlineNs);
        assertEquals(SchedPolicy.NORMAL, t.sched().policy);
    }

    @Test
    void taskDef_periodicWithOwnHintsOrDeadlinePolicy_keepsSched() {
        SchedAttr own = SchedAttr.normal().withPeriod(9 * MS, 9 * MS);
        assertEquals(own, TaskDef.of("a", Phase.run(MS)).withSched(own).withPeriodic(Periodic.of(7 * MS)).sched());
        SchedAttr dl = SchedAttr.deadline(MS, 5 * MS, 10 * MS);
        assertEquals(dl, TaskDef.of("b", Phase.run(MS)).withSched(dl).withPeriodic(Periodic.of(7 * MS)).sched());
    }

    @Test
    void defaultLoop_periodicIsForeverOtherwiseOne() {
        assertEquals(1, TaskDef.defaultLoop(null));
        assertEquals(TaskDef.FOREVER, TaskDef.defaultLoop(Periodic.of(MS)));
    }

    @Test
    void taskDef_badValues_throwNamingTheTask() {
        assertEquals("task a: instances 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> TaskDef.of("a", Phase.run(MS)).withInstances(0)).getMessage());
        assertEquals("task a: loop 0 must be -1 or at least 1",
                assertThrows(IllegalArgumentException.class, () -> TaskDef.of("a", Phase.run(MS)).withLoop(0)).getMessage());
        assertEquals("task a needs at least one phase",
                assertThrows(IllegalArgumentException.class, () -> TaskDef.of("a", List.of())).getMessage());
        assertEquals("a task needs a name", assertThrows(IllegalArgumentException.class, () -> TaskDef.of(" ", Phase.run(MS))).getMessage());
        assertEquals("task a: cpus must allow at least one CPU",
                assertThrows(IllegalArgumentException.class, () -> TaskDef.of("a", Phase.run(MS)).withCpus(0)).getMessage());
    }

    @Test
    void phases_badValues_throwNamingThePhase() {
        assertEquals("run 0 ns must be positive", assertThrows(IllegalArgumentException.class, () -> Phase.run(0)).getMessage());
        assertEquals("sleep -1 ns must be positive", assertThrows(IllegalArgumentException.class, () -> Phase.sleep(-1)).getMessage());
        assertEquals("lock needs a name", assertThrows(IllegalArgumentException.class, () -> Phase.lock("")).getMessage());
        assertEquals("timer period 0 ns must be positive", assertThrows(IllegalArgumentException.class, () -> Phase.timer("t", 0)).getMessage());
    }

    @Test
    void phases_kindKeys_areTheJsonKeys() {
        assertEquals(List.of("run", "sleep", "io", "yield", "lock", "unlock", "signal", "wait", "barrier", "timer"),
                java.util.Arrays.stream(Phase.Kind.values()).map(Phase.Kind::key).toList());
        assertEquals(Phase.Kind.YIELD, Phase.yieldCpu().kind());
        assertEquals(Phase.yieldCpu(), new Phase.Yield());
        assertEquals(Phase.Kind.WAIT, Phase.await("e").kind());
    }

    @Test
    void workload_duplicateExpandedName_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Workload("w", Machine.DEFAULT, Workload.UNTIL_EXIT,
                List.of(TaskDef.of("a", Phase.run(MS)).withInstances(2), TaskDef.of("a-1", Phase.run(MS)))));
        assertEquals("workload w: two tasks are named a-1", e.getMessage());
    }

    @Test
    void workload_foreverWithoutStop_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Workload("w", Machine.DEFAULT, Workload.UNTIL_EXIT,
                List.of(TaskDef.of("a", Phase.run(MS)).withLoop(TaskDef.FOREVER))));
        assertEquals("workload w: task a loops forever but the workload has no stop", e.getMessage());
    }

    @Test
    void workload_affinityBeyondTheMachine_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Workload("w", Machine.DEFAULT, Workload.UNTIL_EXIT,
                List.of(TaskDef.of("a", Phase.run(MS)).withCpus(0b100))));
        assertEquals("workload w: task a may run on a CPU the 2-CPU machine does not have", e.getMessage());
    }

    @Test
    void barriers_countExpandedTasksOncePerTask() {
        Workload w = new Workload("w", Machine.DEFAULT, Workload.UNTIL_EXIT, List.of(
                TaskDef.of("a", Phase.barrier("b"), Phase.run(MS), Phase.barrier("b")).withInstances(3),
                TaskDef.of("c", Phase.barrier("b"), Phase.barrier("x")),
                TaskDef.of("d", Phase.barrier("x"))));
        assertEquals(Map.of("b", 4, "x", 2), w.barriers());
        assertEquals(List.of("b", "x"), List.copyOf(w.barriers().keySet()));
    }

    @Test
    void withMachine_keepsEverythingElse() {
        Workload w = new Workload("w", Machine.DEFAULT, 5 * MS, List.of(TaskDef.of("a", Phase.run(MS))));
        Workload seeded = w.withMachine(w.machine().withSeed(9));
        assertEquals(new Machine(2, 250, 9, Costs.NONE), seeded.machine());
        assertEquals(w.tasks(), seeded.tasks());
        assertEquals(5 * MS, seeded.stopNs());
    }

    @Test
    void machine_badValues_throw() {
        assertEquals("cpus 65 is out of range 1..64",
                assertThrows(IllegalArgumentException.class, () -> new Machine(65, 250, 1, Costs.NONE)).getMessage());
        assertEquals("hz 20000 is out of range 10..10000",
                assertThrows(IllegalArgumentException.class, () -> new Machine(1, 20_000, 1, Costs.NONE)).getMessage());
        // HZ=300 is Linux's too: its tick period is TICK_NSEC, rounded (include/vdso/jiffies.h)
        assertEquals(300, new Machine(1, 300, 1, Costs.NONE).hz());
        assertEquals(3_333_333L, Machine.tickNs(300));
        assertEquals(4_000_000L, Machine.tickNs(250));
        assertEquals(10_000_000L, Machine.tickNs(100));
        assertEquals(1_000_000L, Machine.tickNs(1000));
        assertEquals(0b11, Machine.DEFAULT.allCpusMask());
        assertEquals(-1L, new Machine(64, 1000, 1, Costs.NONE).allCpusMask());
    }

    @Test
    void costs_noneAndTypical_areDocumentedValues() {
        assertTrue(Costs.NONE.isNone());
        assertEquals(new Costs(2_000, 1_000, 500), Costs.TYPICAL);
        assertFalse(Costs.TYPICAL.isNone());
    }

    @Test
    void workloadException_messageIsTheLinesFirstFirst() {
        WorkloadException e = new WorkloadException(List.of("f: a: one", "f: b: two"));
        assertEquals("f: a: one\nf: b: two", e.getMessage());
        assertEquals(List.of("f: a: one", "f: b: two"), e.errors());
    }
}
