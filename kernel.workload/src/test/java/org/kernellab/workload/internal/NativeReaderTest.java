package org.kernellab.workload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.workload.Costs;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Periodic;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadException;

/**
 * KernelLab's workload format: every field, every phase, the defaults, and every kind of
 * error with its exact message.
 */
class NativeReaderTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final Workloads reader = new Workloads();

    private Workload read(String json) {
        return reader.read("w.json", json);
    }

    /** The errors of an invalid file. */
    private List<String> errors(String json) {
        return assertThrows(WorkloadException.class, () -> read(json)).errors();
    }

    /** The one error of an invalid file. */
    private String error(String json) {
        List<String> e = errors(json);
        assertEquals(1, e.size(), () -> "expected one error, got " + e);
        return e.get(0);
    }

    /** A file with one task whose phases are given. */
    private static String task(String phases) {
        return "{\"tasks\": [{\"name\": \"a\", \"phases\": " + phases + "}]}";
    }

    /** A file with one task whose extra fields are given. */
    private static String taskWith(String fields) {
        return "{\"tasks\": [{\"name\": \"a\", " + fields + ", \"phases\": [{\"run\": \"1ms\"}]}]}";
    }

    // ---- what is read ------------------------------------------------------------------

    @Test
    void read_minimalFile_takesEveryDefault() {
        Workload w = reader.read("docs/workloads/tiny.json", task("[{\"run\": \"1ms\"}]"));
        assertEquals("tiny", w.name());
        assertEquals(Machine.DEFAULT, w.machine());
        assertEquals(new Machine(2, 250, 1, Costs.NONE), w.machine());
        assertEquals(Workload.UNTIL_EXIT, w.stopNs());
        TaskDef a = w.tasks().get(0);
        assertEquals(TaskDef.of("a", Phase.run(MS)), a);
        assertEquals(1, a.instances());
        assertEquals(0, a.startNs());
        assertEquals(SchedAttr.normal(), a.sched());
        assertEquals(TaskDef.ALL_CPUS, a.cpus());
        assertEquals(1, a.loop());
        assertEquals(null, a.periodic());
    }

    @Test
    void read_everyField_givesTheModel() {
        Workload w = read("""
                {
                  "$schema": "../workload.schema.json",
                  "name": "all",
                  "machine": {"cpus": 4, "hz": 1000, "seed": 42, "costs": {"switch": "2us", "tick": "1500ns", "irq_entry": "0ns"}},
                  "stop": "1.5s",
                  "tasks": [
                    {"name": "rt", "instances": 2, "start": "5ms", "sched": {"policy": "fifo", "priority": 50, "nice": -3},
                     "cpus": "0,2-3", "loop": 7, "phases": [{"run": "250us"}]},
                    {"name": "dl", "sched": {"policy": "deadline", "runtime": "2ms", "deadline": "8ms", "period": "10ms"},
                     "cpus": [1], "loop": -1, "phases": [{"run": "1ms"}]},
                    {"name": "hint", "sched": {"nice": 5, "period": "20ms", "deadline": "15ms", "expected": "30ms", "tickets": 250},
                     "phases": [{"run": "1ms"}]},
                    {"name": "T1", "periodic": {"period": "7ms", "deadline": "6ms", "offset": "1ms", "on_miss": "continue"},
                     "loop": 3, "phases": [{"run": "3ms"}]}
                  ]
                }
                """);
        assertEquals("all", w.name());
        assertEquals(new Machine(4, 1000, 42, new Costs(2 * US, 1500, 0)), w.machine());
        assertEquals(1500 * MS, w.stopNs());
        assertEquals(new TaskDef("rt", 2, 5 * MS, SchedAttr.fifo(50).withNice(-3), 0b1101, 7, List.of(Phase.run(250 * US)), null),
                w.tasks().get(0));
        assertEquals(new TaskDef("dl", 1, 0, SchedAttr.deadline(2 * MS, 8 * MS, 10 * MS), 0b10, -1, List.of(Phase.run(MS)), null),
                w.tasks().get(1));
        SchedAttr hint = SchedAttr.normal().withNice(5).withPeriod(20 * MS, 15 * MS).withExpectedRun(30 * MS).withTickets(250);
        assertEquals(hint, w.tasks().get(2).sched());
        TaskDef t1 = w.tasks().get(3);
        assertEquals(new Periodic(7 * MS, 6 * MS, MS, Periodic.OnMiss.CONTINUE), t1.periodic());
        assertEquals(3, t1.loop());
        assertEquals(SchedAttr.normal().withPeriod(7 * MS, 6 * MS), t1.sched());
    }

    @Test
    void read_everyPhase_inOrder() {
        Workload w = read("""
                {"tasks": [
                  {"name": "a", "phases": [
                    {"run": "3ms"}, {"sleep": "1.5ms"}, {"io": "4ms"}, {"yield": true},
                    {"lock": "m"}, {"signal": "e"}, {"unlock": "m"}, {"barrier": "b"},
                    {"timer": {"period": "10ms"}}, {"timer": {"ref": "t2", "period": "20ms", "mode": "absolute"}}]},
                  {"name": "b", "phases": [{"wait": "e"}, {"barrier": "b"}]}
                ]}
                """);
        assertEquals(List.of(Phase.run(3 * MS), Phase.sleep(1500 * US), Phase.io(4 * MS), Phase.yieldCpu(),
                Phase.lock("m"), Phase.signal("e"), Phase.unlock("m"), Phase.barrier("b"),
                new Phase.Timer("timer", 10 * MS, Phase.Timer.Mode.RELATIVE), new Phase.Timer("t2", 20 * MS, Phase.Timer.Mode.ABSOLUTE)),
                w.tasks().get(0).phases());
        assertEquals(List.of(Phase.await("e"), Phase.barrier("b")), w.tasks().get(1).phases());
    }

    @Test
    void read_periodicWithoutLoop_repeatsUntilStop() {
        Workload w = read("""
                {"stop": "1s", "tasks": [{"name": "T1", "periodic": {"period": "7ms"}, "phases": [{"run": "3ms"}]}]}
                """);
        TaskDef t = w.tasks().get(0);
        assertEquals(TaskDef.FOREVER, t.loop());
        assertEquals(Periodic.of(7 * MS), t.periodic());
    }

    @Test
    void read_durationUnits_areExact() {
        Workload w = read(task("[{\"run\": \"7ns\"}, {\"run\": \"7us\"}, {\"run\": \"7ms\"}, {\"run\": \"7s\"}, {\"run\": \"0.25s\"}, {\"run\": \"1.001us\"}]"));
        assertEquals(List.of(Phase.run(7), Phase.run(7 * US), Phase.run(7 * MS), Phase.run(7 * S), Phase.run(250 * MS), Phase.run(1001)),
                w.tasks().get(0).phases());
    }

    @Test
    void read_costsWords_noneAndTypical() {
        assertEquals(Costs.NONE, read("{\"machine\": {\"costs\": \"none\"}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}").machine().costs());
        assertEquals(Costs.TYPICAL, read("{\"machine\": {\"costs\": \"typical\"}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}").machine().costs());
        assertEquals(new Costs(5 * US, 0, 0), read("{\"machine\": {\"costs\": {\"switch\": \"5us\"}}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}").machine().costs());
    }

    @Test
    void read_commentsAndTrailingCommas_areAccepted() {
        Workload w = read("""
                {
                  // a comment
                  "tasks": [ /* another */ {"name": "a", "phases": [{"run": "1ms"},],}, ],
                }
                """);
        assertEquals(1, w.tasks().size());
    }

    @Test
    void readPath_usesTheFileNameInErrors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, task("[{\"run\": 3}]"));
        WorkloadException e = assertThrows(WorkloadException.class, () -> reader.read(f));
        assertEquals(f + ": tasks[0].phases[0].run: 3 is a bare number; a duration is a string with a unit (ns, us, ms, s), such as \"3ms\"",
                e.getMessage());
        Files.writeString(f, task("[{\"run\": \"3ms\"}]"));
        assertEquals("broken", reader.read(f).name());
    }

    // ---- JSON itself -------------------------------------------------------------------

    @Test
    void syntaxError_namesLineColumnAndPath() {
        assertEquals("w.json: tasks[0].name: invalid JSON at line 2, column 16: Unexpected character ('\"' (code 34)): "
                + "was expecting comma to separate Object entries",
                error("{\"tasks\": [\n  {\"name\": \"a\" \"phases\": []}]}"));
    }

    @Test
    void syntaxError_emptyFile() {
        assertEquals("w.json: $: invalid JSON at line 1, column 1: the file is empty", error("  "));
    }

    @Test
    void syntaxError_textAfterTheDocument() {
        assertEquals("w.json: $: invalid JSON at line 1, column 4: more text after the end of the document", error("{} {}"));
    }

    @Test
    void root_notAnObject() {
        assertEquals("w.json: $: expected an object (a workload), found an array", error("[]"));
    }

    // ---- fields ------------------------------------------------------------------------

    @Test
    void unknownField_suggestsTheCloseOne() {
        assertEquals("w.json: tasks[0].phase: unknown field; did you mean \"phases\"? (a task's fields are name, instances, start, sched, "
                + "cpus, loop, phases, periodic)", error(taskWith("\"phase\": []")));
    }

    @Test
    void unknownField_withoutACloseOne() {
        assertEquals("w.json: colour: unknown field (a workload's fields are $schema, name, machine, stop, tasks)",
                error("{\"colour\": \"red\", \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void unknownField_oddKey_isBracketedInThePath() {
        assertEquals("w.json: machine[\"two cpus\"]: unknown field (the machine's fields are cpus, hz, seed, costs)",
                error("{\"machine\": {\"two cpus\": 2}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void fieldTwice_isReportedAtTheSecond() {
        assertEquals("w.json: tasks[0].loop: appears twice in this object; keep one", error(taskWith("\"loop\": 2, \"loop\": 3")));
    }

    @Test
    void missingTasks() {
        assertEquals("w.json: tasks: is missing; a workload needs at least one task", error("{\"name\": \"x\"}"));
    }

    @Test
    void emptyTasks() {
        assertEquals("w.json: tasks: is empty; a workload needs at least one task", error("{\"tasks\": []}"));
    }

    @Test
    void missingTaskName() {
        assertEquals("w.json: tasks[0].name: is missing; every task needs a name", error("{\"tasks\": [{\"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void emptyName() {
        assertEquals("w.json: tasks[0].name: must not be empty", error("{\"tasks\": [{\"name\": \" \", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void missingPhases() {
        assertEquals("w.json: tasks[0].phases: is missing; a task needs at least one phase", error("{\"tasks\": [{\"name\": \"a\"}]}"));
    }

    @Test
    void emptyPhases() {
        assertEquals("w.json: tasks[0].phases: is empty; a task needs at least one phase", error(task("[]")));
    }

    @Test
    void wrongTypes_nameTheExpectedType() {
        assertEquals("w.json: tasks: expected an array (the tasks), found \"a\"", error("{\"tasks\": \"a\"}"));
        assertEquals("w.json: tasks[0]: expected an object (a task), found \"a\"", error("{\"tasks\": [\"a\"]}"));
        assertEquals("w.json: tasks[0].phases: expected an array (the phases), found \"run\"", error(task("\"run\"")));
        assertEquals("w.json: tasks[0].instances: expected an integer, found \"4\"", error(taskWith("\"instances\": \"4\"")));
        assertEquals("w.json: tasks[0].instances: expected an integer, found 4.0", error(taskWith("\"instances\": 4.0")));
        assertEquals("w.json: name: expected a string, found 7", error("{\"name\": 7, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
        assertEquals("w.json: machine: expected an object (the machine), found null", error("{\"machine\": null, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
        assertEquals("w.json: tasks[0].sched: expected an object (scheduling attributes), found \"fifo\"", error(taskWith("\"sched\": \"fifo\"")));
        assertEquals("w.json: tasks[0].periodic: expected an object (a release pattern), found true", error(taskWith("\"periodic\": true")));
        assertEquals("w.json: tasks[0].phases[0]: expected an object (a phase such as {\"run\": \"1ms\"}), found \"run\"", error(task("[\"run\"]")));
        assertEquals("w.json: tasks[0].phases[0].lock: expected a string, found 1", error(task("[{\"lock\": 1}]")));
        assertEquals("w.json: tasks[0].phases[0].timer: expected an object (a timer such as {\"period\": \"10ms\"}), found \"10ms\"", error(task("[{\"timer\": \"10ms\"}]")));
    }

    // ---- durations ---------------------------------------------------------------------

    @Test
    void duration_stringWithoutUnit_needsAUnit() {
        // the example: a string of digits
        assertEquals("w.json: tasks[0].phases[0].run: \"3\" needs a unit (ns, us, ms, s)", error(task("[{\"run\": \"3\"}]")));
    }

    @Test
    void duration_bareNumber_isRefused() {
        assertEquals("w.json: stop: 10 is a bare number; a duration is a string with a unit (ns, us, ms, s), such as \"10ms\"",
                error("{\"stop\": 10, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void duration_negative() {
        assertEquals("w.json: tasks[0].phases[0].sleep: \"-2ms\" is negative", error(task("[{\"sleep\": \"-2ms\"}]")));
    }

    @Test
    void duration_notADuration() {
        assertEquals("w.json: tasks[0].phases[0].run: \"3 ms\" is not a duration; write a number and a unit (ns, us, ms, s), "
                + "such as \"10ms\" or \"1.5s\"", error(task("[{\"run\": \"3 ms\"}]")));
        assertEquals("w.json: tasks[0].phases[0].run: \"3min\" is not a duration; write a number and a unit (ns, us, ms, s), "
                + "such as \"10ms\" or \"1.5s\"", error(task("[{\"run\": \"3min\"}]")));
    }

    @Test
    void duration_fractionOfANanosecond() {
        assertEquals("w.json: tasks[0].phases[0].run: \"1.5ns\" is not a whole number of nanoseconds", error(task("[{\"run\": \"1.5ns\"}]")));
    }

    @Test
    void duration_tooLong() {
        assertEquals("w.json: tasks[0].phases[0].run: \"1000000001s\" is too long (at most 1000000000s)", error(task("[{\"run\": \"1000000001s\"}]")));
    }

    @Test
    void duration_zeroWherePositive() {
        assertEquals("w.json: tasks[0].phases[0].io: \"0ms\" must be more than 0", error(task("[{\"io\": \"0ms\"}]")));
    }

    @Test
    void duration_wrongType() {
        assertEquals("w.json: tasks[0].start: expected a duration such as \"10ms\", found an object", error(taskWith("\"start\": {}")));
    }

    // ---- ranges and words --------------------------------------------------------------

    @Test
    void integers_outOfRange() {
        assertEquals("w.json: machine.cpus: 65 is out of range 1..64", error("{\"machine\": {\"cpus\": 65}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
        assertEquals("w.json: tasks[0].instances: 0 is out of range 1..1000000", error(taskWith("\"instances\": 0")));
        assertEquals("w.json: tasks[0].sched.nice: 20 is out of range -20..19", error(taskWith("\"sched\": {\"nice\": 20}")));
        assertEquals("w.json: tasks[0].sched.priority: 100 is out of range 1..99", error(taskWith("\"sched\": {\"policy\": \"rr\", \"priority\": 100}")));
        assertEquals("w.json: tasks[0].sched.tickets: 0 is out of range 1..2147483647", error(taskWith("\"sched\": {\"tickets\": 0}")));
        assertEquals("w.json: machine.seed: 9223372036854775808 is out of range -9223372036854775808..9223372036854775807",
                error("{\"machine\": {\"seed\": 9223372036854775808}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void loop_zero() {
        assertEquals("w.json: tasks[0].loop: 0 is not a loop count; use -1 (until the stop) or 1 or more", error(taskWith("\"loop\": 0")));
    }

    @Test
    void hz_outOfRange() {
        assertEquals("w.json: machine.hz: 20000 is out of range 10..10000 (Linux uses 100, 250, 300 or 1000)",
                error("{\"machine\": {\"hz\": 20000}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void costs_badWordAndBadType() {
        assertEquals("w.json: machine.costs: \"some\" is not \"none\" or \"typical\"; give those words or an object of switch, tick and irq_entry costs",
                error("{\"machine\": {\"costs\": \"some\"}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
        assertEquals("w.json: machine.costs: expected \"none\", \"typical\" or an object of switch, tick and irq_entry costs, found 0",
                error("{\"machine\": {\"costs\": 0}, \"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void sched_unknownPolicy() {
        assertEquals("w.json: tasks[0].sched.policy: \"fair\" is not a policy; use normal, batch, idle, fifo, rr, deadline",
                error(taskWith("\"sched\": {\"policy\": \"fair\"}")));
    }

    @Test
    void sched_fifoWithoutPriority() {
        assertEquals("w.json: tasks[0].sched.priority: is missing; fifo needs a priority 1..99", error(taskWith("\"sched\": {\"policy\": \"fifo\"}")));
    }

    @Test
    void sched_priorityOnANormalTask() {
        assertEquals("w.json: tasks[0].sched.priority: is only for fifo and rr; a normal task has a nice value instead",
                error(taskWith("\"sched\": {\"priority\": 5}")));
    }

    @Test
    void sched_runtimeOnANormalTask() {
        assertEquals("w.json: tasks[0].sched.runtime: is only for policy deadline (SCHED_DEADLINE's budget)",
                error(taskWith("\"sched\": {\"runtime\": \"1ms\"}")));
    }

    @Test
    void sched_deadlineWithoutItsParameters() {
        assertEquals(List.of("w.json: tasks[0].sched.runtime: is missing; deadline needs a runtime and a deadline",
                "w.json: tasks[0].sched.deadline: is missing; deadline needs a runtime and a deadline"),
                errors(taskWith("\"sched\": {\"policy\": \"deadline\"}")));
    }

    @Test
    void sched_deadlineRulesOfSchedAttr() {
        assertEquals("w.json: tasks[0].sched: runtime 1000 ns must be at least 1024 ns for SCHED_DEADLINE",
                error(taskWith("\"sched\": {\"policy\": \"deadline\", \"runtime\": \"1us\", \"deadline\": \"1ms\"}")));
        assertEquals("w.json: tasks[0].sched: deadline 1000000 ns must be at least the runtime 2000000 ns",
                error(taskWith("\"sched\": {\"policy\": \"deadline\", \"runtime\": \"2ms\", \"deadline\": \"1ms\"}")));
    }

    @Test
    void periodic_missingPeriodAndBadOnMiss() {
        assertEquals(List.of("w.json: tasks[0].periodic.period: is missing; a periodic task needs a period",
                "w.json: tasks[0].periodic.on_miss: \"skip\" is not abort or continue"),
                errors("{\"stop\": \"1s\", \"tasks\": [{\"name\": \"a\", \"periodic\": {\"on_miss\": \"skip\"}, \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void timer_missingPeriodAndBadMode() {
        assertEquals(List.of("w.json: tasks[0].phases[0].timer.period: is missing; a timer needs a period",
                "w.json: tasks[0].phases[0].timer.mode: \"abs\" is not relative or absolute"),
                errors(task("[{\"timer\": {\"mode\": \"abs\"}}]")));
    }

    // ---- phases ------------------------------------------------------------------------

    @Test
    void phase_withNoKey() {
        assertEquals("w.json: tasks[0].phases[0]: a phase has exactly one key, one of run, sleep, io, yield, lock, unlock, signal, wait, "
                + "barrier, timer; found none", error(task("[{}]")));
    }

    @Test
    void phase_withTwoKeys() {
        assertEquals("w.json: tasks[0].phases[0]: a phase has exactly one key, one of run, sleep, io, yield, lock, unlock, signal, wait, "
                + "barrier, timer; found 2 (run, sleep)", error(task("[{\"run\": \"1ms\", \"sleep\": \"2ms\"}]")));
    }

    @Test
    void phase_unknown() {
        assertEquals("w.json: tasks[0].phases[0].spin: unknown phase (the phases are run, sleep, io, yield, lock, unlock, signal, wait, "
                + "barrier, timer)", error(task("[{\"spin\": \"1ms\"}]")));
        assertEquals("w.json: tasks[0].phases[0].slep: unknown phase; did you mean \"sleep\"? (the phases are run, sleep, io, yield, lock, "
                + "unlock, signal, wait, barrier, timer)", error(task("[{\"slep\": \"1ms\"}]")));
    }

    @Test
    void phase_yieldNotTrue() {
        assertEquals("w.json: tasks[0].phases[0].yield: expected true, found false; write {\"yield\": true}", error(task("[{\"yield\": false}]")));
    }

    @Test
    void phase_emptyName() {
        assertEquals("w.json: tasks[0].phases[0].signal: must not be empty", error(task("[{\"signal\": \"\"}]")));
    }

    // ---- cpus --------------------------------------------------------------------------

    @Test
    void cpus_badList() {
        assertEquals("w.json: tasks[0].cpus: \"0-\" is not a CPU list such as \"0,2-3\"", error(taskWith("\"cpus\": \"0-\"")));
        assertEquals("w.json: tasks[0].cpus: \"3-1\" is not a CPU list such as \"0,2-3\"", error(taskWith("\"cpus\": \"3-1\"")));
        assertEquals("w.json: tasks[0].cpus: \"0-64\" names CPU 64, out of range 0..63", error(taskWith("\"cpus\": \"0-64\"")));
        assertEquals("w.json: tasks[0].cpus: must name at least one CPU", error(taskWith("\"cpus\": []")));
        assertEquals("w.json: tasks[0].cpus[1]: 64 is out of range 0..63", error(taskWith("\"cpus\": [0, 64]")));
        assertEquals("w.json: tasks[0].cpus: expected a CPU list such as \"0,2-3\" or an array of CPU numbers, found 3", error(taskWith("\"cpus\": 3")));
    }

    @Test
    void cpus_notOnTheMachine() {
        assertEquals("w.json: tasks[0].cpus: CPU 2 is not on the machine, which has 2 CPUs (machine.cpus)", error(taskWith("\"cpus\": \"1-2\"")));
        assertEquals("w.json: tasks[0].cpus: CPU 1 is not on the machine, which has 1 CPU (machine.cpus)",
                error("{\"machine\": {\"cpus\": 1}, \"tasks\": [{\"name\": \"a\", \"cpus\": [1], \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    // ---- checks across fields ----------------------------------------------------------

    @Test
    void names_sameTwice() {
        assertEquals("w.json: tasks[1].name: \"a\" is also a task of tasks[0]",
                error("{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}, {\"name\": \"a\", \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void names_anInstanceClashes() {
        assertEquals("w.json: tasks[1].name: \"a-1\" (instance 1) is also a task of tasks[0]",
                error("{\"tasks\": [{\"name\": \"a-1\", \"phases\": [{\"run\": \"1ms\"}]}, {\"name\": \"a\", \"instances\": 2, \"phases\": [{\"run\": \"1ms\"}]}]}"));
    }

    @Test
    void loopForever_withoutStop() {
        assertEquals("w.json: tasks[0].loop: -1 repeats until the stop, but the workload has no stop", error(taskWith("\"loop\": -1")));
    }

    @Test
    void periodicForeverByDefault_withoutStop() {
        assertEquals("w.json: tasks[0].loop: -1 (the default for a periodic task) repeats until the stop, but the workload has no stop",
                error(taskWith("\"periodic\": {\"period\": \"5ms\"}")));
    }

    @Test
    void mutex_takenTwice() {
        assertEquals("w.json: tasks[0].phases[1].lock: \"m\" is already held here (mutexes do not nest)",
                error(task("[{\"lock\": \"m\"}, {\"lock\": \"m\"}, {\"unlock\": \"m\"}]")));
    }

    @Test
    void mutex_releasedWithoutBeingHeld() {
        assertEquals("w.json: tasks[0].phases[0].unlock: \"m\" is not held here", error(task("[{\"unlock\": \"m\"}]")));
    }

    @Test
    void mutex_stillHeldAtTheEnd() {
        assertEquals("w.json: tasks[0].phases[1].lock: \"m\" is taken here and still held after the last phase; a task releases every "
                + "mutex it takes before its phases end", error(task("[{\"run\": \"1ms\"}, {\"lock\": \"m\"}]")));
    }

    @Test
    void wait_neverSignalled() {
        assertEquals("w.json: tasks[0].phases[0].wait: no task signals \"e\", so this wait never ends", error(task("[{\"wait\": \"e\"}]")));
    }

    @Test
    void barrier_usedByOneTask() {
        assertEquals("w.json: tasks[0].phases[0].barrier: only one task uses barrier \"b\"; a barrier needs two tasks or more",
                error(task("[{\"barrier\": \"b\"}]")));
    }

    @Test
    void barrier_oneTaskWithInstances_isShared() {
        Workload w = read("{\"tasks\": [{\"name\": \"a\", \"instances\": 2, \"phases\": [{\"barrier\": \"b\"}]}]}");
        assertEquals(java.util.Map.of("b", 2), w.barriers());
    }

    // ---- every problem at once ----------------------------------------------------------

    @Test
    void manyProblems_allReportedInFileOrder() {
        List<String> e = errors("""
                {
                  "machine": {"cpus": 2, "hz": 20000},
                  "stop": 10,
                  "tasks": [
                    {"name": "a", "phases": [{"run": "1ms"}]},
                    {"name": "b", "phases": [{"run": "1ms"}]},
                    {"name": "c", "phases": [{"run": "3"}], "sched": {"nice": 30}},
                    {"name": "d", "instances": 0, "phases": [{"run": "1ms"}]}
                  ]
                }
                """);
        assertEquals(List.of(
                "w.json: machine.hz: 20000 is out of range 10..10000 (Linux uses 100, 250, 300 or 1000)",
                "w.json: stop: 10 is a bare number; a duration is a string with a unit (ns, us, ms, s), such as \"10ms\"",
                "w.json: tasks[2].phases[0].run: \"3\" needs a unit (ns, us, ms, s)",
                "w.json: tasks[2].sched.nice: 30 is out of range -20..19",
                "w.json: tasks[3].instances: 0 is out of range 1..1000000"), e);
    }

    @Test
    void checksAcrossTasks_skippedWhileATaskIsInvalid() {
        // b's typo hides its signal: no "never signalled" error for a's wait, only the typo
        assertEquals("w.json: tasks[1].phases[1].signl: unknown phase; did you mean \"signal\"? (the phases are run, sleep, io, yield, "
                + "lock, unlock, signal, wait, barrier, timer)",
                error("{\"tasks\": [{\"name\": \"a\", \"phases\": [{\"wait\": \"e\"}]}, {\"name\": \"b\", \"phases\": [{\"run\": \"1ms\"}, {\"signl\": \"e\"}]}]}"));
    }

    @Test
    void errorsAcrossTasks_comeInFileOrderAfterFieldErrors() {
        List<String> e = errors("""
                {"tasks": [
                  {"name": "a", "loop": -1, "phases": [{"unlock": "m"}]},
                  {"name": "a", "phases": [{"run": "1ms"}]}
                ]}
                """);
        assertEquals(List.of(
                "w.json: tasks[0].loop: -1 repeats until the stop, but the workload has no stop",
                "w.json: tasks[0].phases[0].unlock: \"m\" is not held here",
                "w.json: tasks[1].name: \"a\" is also a task of tasks[0]"), e);
    }

    @Test
    void policy_isTheCanonicalLowercaseName() {
        assertEquals(SchedPolicy.BATCH, read(taskWith("\"sched\": {\"policy\": \"batch\"}")).tasks().get(0).sched().policy);
        assertEquals("w.json: tasks[0].sched.policy: \"SCHED_FIFO\" is not a policy; use normal, batch, idle, fifo, rr, deadline",
                errors(taskWith("\"sched\": {\"policy\": \"SCHED_FIFO\", \"priority\": 5}")).get(0));
    }
}
