package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadException;

/**
 * rt-app's JSON (scheduler-tools/rt-app, doc/tutorial.txt) mapped onto the model: a realistic
 * file with every supported event, the loop rules, the defaults, and what is refused.
 */
class RtAppReaderTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final Workloads reader = new Workloads();

    private static String resource(String name) throws IOException {
        try (InputStream in = RtAppReaderTest.class.getResourceAsStream("/rtapp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Workload read(String json) {
        return reader.read("r.json", json);
    }

    private List<String> errors(String json) {
        return assertThrows(WorkloadException.class, () -> read(json)).errors();
    }

    private String error(String json) {
        List<String> e = errors(json);
        assertEquals(1, e.size(), () -> "expected one error, got " + e);
        return e.get(0);
    }

    private static <T> List<T> times(int n, List<T> once) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.addAll(once);
        return out;
    }

    @Test
    void videoFile_mapsEveryTaskAndEvent() throws IOException {
        Workload w = reader.read("src/test/resources/rtapp/video.json", resource("video.json"));
        assertEquals("video", w.name());
        assertEquals(new Machine(2, 250, 1, Costs.NONE), w.machine());
        assertEquals(2 * S, w.stopNs(), "global.duration 2 s");
        assertEquals(List.of("display", "decoder", "encoder", "worker", "background"), w.tasks().stream().map(TaskDef::name).toList());

        // SCHED_FIFO 50 on CPU 0, events in the task, loop -1, an absolute timer
        assertEquals(new TaskDef("display", 1, 0, SchedAttr.fifo(50), 0b1, TaskDef.FOREVER, List.of(
                Phase.run(500 * US), Phase.signal("frame"), new Phase.Timer("vsync", 16_667 * US, Phase.Timer.Mode.ABSOLUTE)), null),
                w.tasks().get(0));

        // two instances, 1 ms delay, priority as nice for SCHED_OTHER, two phases flattened, wait{ref, mutex}
        List<Phase> warmup = List.of(Phase.run(2 * MS), Phase.sleep(MS));
        List<Phase> steady = List.of(Phase.lock("queue_lock"), Phase.unlock("queue_lock"), Phase.await("frame"),
                Phase.lock("queue_lock"), Phase.unlock("queue_lock"), Phase.run(4 * MS), Phase.timer("unique", 33_333 * US));
        List<Phase> decoder = new ArrayList<>(times(3, warmup));
        decoder.addAll(times(5, steady));
        assertEquals(new TaskDef("decoder", 2, MS, SchedAttr.normal().withNice(-5), TaskDef.ALL_CPUS, TaskDef.FOREVER, decoder, null),
                w.tasks().get(1));

        // SCHED_DEADLINE in us, numbered events, an empty yield, a zero sleep dropped
        assertEquals(new TaskDef("encoder", 1, 0, SchedAttr.deadline(3 * MS, 15 * MS, 20 * MS), TaskDef.ALL_CPUS, 100, List.of(
                Phase.run(MS), Phase.yieldCpu(), Phase.run(1500 * US), Phase.timer("unique", 20 * MS)), null),
                w.tasks().get(2));

        // three instances meeting at a barrier; util_min ignored; a trailing comma accepted
        assertEquals(new TaskDef("worker", 3, 0, SchedAttr.normal(), TaskDef.ALL_CPUS, 10, List.of(
                Phase.run(3 * MS), Phase.barrier("sync_point"), Phase.sleep(5 * MS)), null), w.tasks().get(3));
        assertEquals(java.util.Map.of("sync_point", 3), w.barriers());

        // SCHED_BATCH nice 10, a repeated key (workgen style) kept in order
        assertEquals(new TaskDef("background", 1, 0, SchedAttr.normal().withPolicy(SchedPolicy.BATCH, 0).withNice(10), TaskDef.ALL_CPUS, 20,
                List.of(Phase.run(50 * MS), Phase.sleep(MS), Phase.run(20 * MS)), null), w.tasks().get(4));
    }

    @Test
    void videoFile_roundTripsThroughTheNativeFormat() throws IOException {
        Workload w = reader.read("video.json", resource("video.json"));
        assertEquals(w, reader.read("video.json", reader.write(w)));
    }

    @Test
    void detection_tasksObjectIsRtAppTasksArrayIsNative() {
        assertEquals("t", read("{\"tasks\": {\"t\": {\"loop\": 1, \"run\": 10}}}").tasks().get(0).name());
        assertEquals("t", read("{\"tasks\": [{\"name\": \"t\", \"phases\": [{\"run\": \"10us\"}]}]}").tasks().get(0).name());
    }

    @Test
    void defaults_noGlobal_runsUntilEveryTaskEnds() {
        Workload w = read("{\"tasks\": {\"t\": {\"loop\": 3, \"run\": 10, \"sleep\": 20}}}");
        assertEquals(Workload.UNTIL_EXIT, w.stopNs());
        assertEquals(Machine.DEFAULT, w.machine());
        assertEquals(new TaskDef("t", 1, 0, SchedAttr.normal(), TaskDef.ALL_CPUS, 3, List.of(Phase.run(10 * US), Phase.sleep(20 * US)), null),
                w.tasks().get(0));
    }

    @Test
    void loop_withoutPhasesAndWithoutLoop_isForever() {
        Workload w = read("{\"global\": {\"duration\": 1}, \"tasks\": {\"t\": {\"run\": 10}}}");
        assertEquals(TaskDef.FOREVER, w.tasks().get(0).loop());
        assertEquals(S, w.stopNs());
    }

    @Test
    void loop_taskLoopOverPhases_andAnOnlyPhaseForever() {
        Workload w = read("""
                {"global": {"duration": 5}, "tasks": {
                  "a": {"loop": 2, "phases": {"p1": {"loop": 2, "run": 10}, "p2": {"sleep": 5}}},
                  "b": {"loop": 3, "phases": {"only": {"loop": -1, "run": 10}}}
                }}
                """);
        assertEquals(2, w.tasks().get(0).loop());
        assertEquals(List.of(Phase.run(10 * US), Phase.run(10 * US), Phase.sleep(5 * US)), w.tasks().get(0).phases());
        assertEquals(TaskDef.FOREVER, w.tasks().get(1).loop());
        assertEquals(List.of(Phase.run(10 * US)), w.tasks().get(1).phases());
    }

    @Test
    void policies_defaultPolicyAndPriorities() {
        Workload w = read("""
                {"global": {"default_policy": "SCHED_FIFO"}, "tasks": {
                  "f": {"loop": 1, "run": 10},
                  "r": {"policy": "SCHED_RR", "priority": 30, "loop": 1, "run": 10},
                  "o": {"policy": "SCHED_OTHER", "priority": 7, "loop": 1, "run": 10},
                  "i": {"policy": "SCHED_IDLE", "loop": 1, "run": 10},
                  "d": {"policy": "SCHED_DEADLINE", "dl-runtime": 2000, "loop": 1, "run": 10}
                }}
                """);
        assertEquals(SchedAttr.fifo(10), w.tasks().get(0).sched(), "FIFO's default priority is rt-app's 10");
        assertEquals(SchedAttr.rr(30), w.tasks().get(1).sched());
        assertEquals(SchedAttr.normal().withNice(7), w.tasks().get(2).sched(), "priority is the nice value of SCHED_OTHER");
        assertEquals(SchedAttr.normal().withPolicy(SchedPolicy.IDLE, 0), w.tasks().get(3).sched());
        assertEquals(SchedAttr.deadline(2 * MS, 2 * MS, 2 * MS), w.tasks().get(4).sched(), "period defaults to the runtime, deadline to the period");
    }

    @Test
    void cpus_highCpuGrowsTheMachine() {
        Workload w = read("{\"tasks\": {\"t\": {\"cpus\": [5, 1], \"loop\": 1, \"run\": 10}}}");
        assertEquals(6, w.machine().cpus());
        assertEquals(0b100010, w.tasks().get(0).cpus());
    }

    @Test
    void instanceZero_createsNoTask() {
        Workload w = read("{\"tasks\": {\"ghost\": {\"instance\": 0, \"run\": 10}, \"t\": {\"loop\": 1, \"run\": 10}}}");
        assertEquals(List.of("t"), w.tasks().stream().map(TaskDef::name).toList());
        assertEquals("r.json: tasks: every task has instance 0; nothing would run", error("{\"tasks\": {\"ghost\": {\"instance\": 0, \"run\": 10}}}"));
    }

    @Test
    void waitWithoutMutex_isAPlainWait() {
        Workload w = read("{\"tasks\": {\"a\": {\"loop\": 1, \"wait\": {\"ref\": \"c\"}}, \"b\": {\"loop\": 1, \"signal\": \"c\"}}}");
        assertEquals(List.of(Phase.await("c")), w.tasks().get(0).phases());
    }

    @Test
    void zeroLengthTimer_isDropped() {
        Workload w = read("{\"tasks\": {\"a\": {\"loop\": 1, \"run\": 10, \"timer\": {\"ref\": \"t\", \"period\": 0}}}}");
        assertEquals(List.of(Phase.run(10 * US)), w.tasks().get(0).phases());
    }

    // ---- refused -----------------------------------------------------------------------

    @Test
    void unsupportedEvent_isNamed() {
        assertEquals("r.json: tasks.t.suspend: rt-app event \"suspend\" is not supported; the events KernelLab maps are run, runtime, sleep, "
                + "timer, lock, unlock, wait, signal, barrier, yield", error("{\"tasks\": {\"t\": {\"loop\": 1, \"run\": 10, \"suspend\": \"t\"}}}"));
        assertEquals("r.json: tasks.t.broad0: rt-app event \"broad\" is not supported; the events KernelLab maps are run, runtime, sleep, "
                + "timer, lock, unlock, wait, signal, barrier, yield", error("{\"tasks\": {\"t\": {\"loop\": 1, \"run\": 10, \"broad0\": \"c\"}}}"));
    }

    @Test
    void unknownTaskKey() {
        assertEquals("r.json: tasks.t.prio: unknown field; did you mean \"priority\"? (an rt-app task has instance, delay, loop, phases, "
                + "policy, priority, dl-runtime, dl-period, dl-deadline, cpus, and events: run, runtime, sleep, timer, lock, unlock, wait, "
                + "signal, barrier, yield)", error("{\"tasks\": {\"t\": {\"prio\": 3, \"loop\": 1, \"run\": 10}}}"));
    }

    @Test
    void unknownGlobalKey() {
        assertEquals("r.json: global.duraton: unknown field; did you mean \"duration\"? (global's fields are duration, default_policy, "
                + "calibration, pi_enabled, lock_pages, logdir, log_size, log_basename, ftrace, gnuplot, io_device, mem_buffer_size, "
                + "cumulative_slack, frag, spacing)", error("{\"global\": {\"duraton\": 3}, \"tasks\": {\"t\": {\"loop\": 1, \"run\": 10}}}"));
    }

    @Test
    void durationInMicroseconds_mustBeAnInteger() {
        assertEquals("r.json: tasks.t.run: expected an integer number of microseconds (rt-app's unit), found \"10ms\"",
                error("{\"tasks\": {\"t\": {\"loop\": 1, \"run\": \"10ms\"}}}"));
    }

    @Test
    void unknownPolicy() {
        assertEquals("r.json: tasks.t.policy: \"SCHED_EDF\" is not a policy; use SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, SCHED_FIFO, SCHED_RR, "
                + "SCHED_DEADLINE", error("{\"tasks\": {\"t\": {\"policy\": \"SCHED_EDF\", \"loop\": 1, \"run\": 10}}}"));
    }

    @Test
    void deadlineParametersOnAnotherPolicy() {
        assertEquals("r.json: tasks.t.dl-runtime: is only for SCHED_DEADLINE (this task is SCHED_OTHER)",
                error("{\"tasks\": {\"t\": {\"dl-runtime\": 100, \"loop\": 1, \"run\": 10}}}"));
    }

    @Test
    void deadlineWithoutRuntime() {
        assertEquals("r.json: tasks.t.dl-runtime: is missing; SCHED_DEADLINE needs a runtime (us)",
                error("{\"tasks\": {\"t\": {\"policy\": \"SCHED_DEADLINE\", \"loop\": 1, \"run\": 10}}}"));
    }

    @Test
    void phaseChangingScheduling_isRefused() {
        assertEquals("r.json: tasks.t.phases.p1.priority: a phase cannot change the task's priority here; set it on the task",
                error("{\"tasks\": {\"t\": {\"loop\": 1, \"phases\": {\"p1\": {\"priority\": 5, \"run\": 10}}}}}"));
    }

    @Test
    void eventBesidePhases_isRefused() {
        assertEquals("r.json: tasks.t.sleep: rt-app ignores an event beside \"phases\"; move it into a phase",
                error("{\"tasks\": {\"t\": {\"loop\": 1, \"sleep\": 10, \"phases\": {\"p1\": {\"run\": 10}}}}}"));
    }

    @Test
    void foreverPhaseAmongOthers_isRefused() {
        assertEquals("r.json: tasks.t.phases.p1.loop: -1 (forever) is supported only in a task's only phase; give this phase a loop count",
                error("{\"tasks\": {\"t\": {\"loop\": 1, \"phases\": {\"p1\": {\"loop\": -1, \"run\": 10}, \"p2\": {\"run\": 10}}}}}"));
    }

    @Test
    void hugeFlattening_isRefused() {
        assertEquals("r.json: tasks.t.phases.p1.loop: repeating this phase makes the task 200000 steps long; at most 100000 are supported",
                error("{\"tasks\": {\"t\": {\"loop\": 1, \"phases\": {\"p1\": {\"loop\": 100000, \"run\": 10, \"sleep\": 10}}}}}"));
    }

    @Test
    void noEvents_isRefused() {
        assertEquals("r.json: tasks.t: has no events; rt-app needs at least one (run, runtime, sleep, timer, lock, unlock, wait, signal, "
                + "barrier, yield)", error("{\"tasks\": {\"t\": {\"loop\": 1}}}"));
    }

    @Test
    void foreverWithoutDuration_isRefused() {
        assertEquals("r.json: tasks.t.loop: -1 (rt-app's default) repeats until the stop, but global.duration is -1 (run forever); "
                + "set a duration or a loop", error("{\"global\": {\"duration\": -1}, \"tasks\": {\"t\": {\"run\": 10}}}"));
    }

    @Test
    void durationZero_isRefused() {
        assertEquals("r.json: global.duration: 0 s would end the run before it starts; use -1 (until every task ends) or a number of seconds",
                error("{\"global\": {\"duration\": 0}, \"tasks\": {\"t\": {\"loop\": 1, \"run\": 10}}}"));
    }

    @Test
    void checksAcrossTasks_nameRtAppPaths() {
        List<String> e = errors("""
                {"global": {"duration": 1}, "tasks": {
                  "a": {"lock": "m", "run": 10},
                  "b.c": {"wait": {"ref": "never", "mutex": "m"}, "barrier": "alone"}
                }}
                """);
        assertEquals(List.of(
                "r.json: tasks.a.lock: \"m\" is taken here and still held after the last phase; a task releases every mutex it takes before its phases end",
                "r.json: tasks[\"b.c\"].wait: \"m\" is not held here",
                "r.json: tasks[\"b.c\"].wait: no task signals \"never\", so this wait never ends",
                "r.json: tasks[\"b.c\"].barrier: only one task uses barrier \"alone\"; a barrier needs two tasks or more"), e);
    }
}
