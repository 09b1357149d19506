package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.kernellab.console.dto.SchedChangeDTO;
import org.kernellab.console.dto.SchedUseDTO;
import org.kernellab.console.dto.TaskSchedDTO;

class SchedFormatTest {

    private static final long MS = 1_000_000L;

    private static PolicyInfoDTO policy(String name, String state, String bundle, String reason, String... params) {
        PolicyInfoDTO p = new PolicyInfoDTO();
        p.name = name;
        p.state = state;
        p.bundle = bundle;
        p.version = "0.1.0.SNAPSHOT";
        p.description = "the " + name + " policy";
        p.reason = reason;
        p.parameters = List.of(params);
        return p;
    }

    @Test
    void list_policies_alignedTableWithTheEjectionReasonUnderItsRow() {
        String table = SchedFormat.list(new PolicyInfoDTO[] {
            policy("fair", "active", "kernel.sched", null),
            policy("cfs", "available", "kernel.policy.linux", null, "slice", "latency"),
            policy("mlfq", "ejected", "kernel.policy.mlfq", "dispatch() returned pid 7, which is not runnable", "levels")});
        assertEquals(String.join("\n",
            "Policy  State      Bundle               Version         Parameters     Description",
            "fair    active     kernel.sched         0.1.0.SNAPSHOT  -              the fair policy",
            "cfs     available  kernel.policy.linux  0.1.0.SNAPSHOT  slice,latency  the cfs policy",
            "mlfq    ejected    kernel.policy.mlfq   0.1.0.SNAPSHOT  levels         the mlfq policy",
            "  reason: dispatch() returned pid 7, which is not runnable"), table);
    }

    private static SchedStatusDTO status() {
        SchedStatusDTO s = new SchedStatusDTO();
        s.active = "cfs";
        s.params = new LinkedHashMap<>();
        s.params.put("slice", "3ms");
        s.params.put("latency", "6ms");
        s.sinceNs = 1_234_567_891L;
        s.nowNs = 2_500_000_000L;
        s.cpus = 2;
        s.tasksPerClass = new LinkedHashMap<>();
        s.tasksPerClass.put("stop", 0);
        s.tasksPerClass.put("dl", 1);
        s.tasksPerClass.put("rt", 2);
        s.tasksPerClass.put("cfs", 5);
        s.tasksPerClass.put("idle", 2);
        s.policyCalls = new LinkedHashMap<>();
        s.policyCalls.put("enqueue", 120L);
        s.policyCalls.put("dispatch", 118L);
        s.policyCalls.put("tick", 4000L);
        s.ejections = List.of();
        return s;
    }

    @Test
    void status_active_policyParamsSinceTasksAndCalls() {
        assertEquals(String.join("\n",
            "active:    cfs (slice=3ms, latency=6ms)",
            "since:     1.234567 s (now 2.500000 s, 2 CPUs)",
            "tasks:     stop 0, dl 1, rt 2, cfs 5, idle 2",
            "calls:     enqueue 120, dispatch 118, tick 4000",
            "ejections: none"), SchedFormat.status(status()));
    }

    @Test
    void status_desiredDiffersAndEjections_desiredLineAndOneLinePerEjection() {
        SchedStatusDTO s = status();
        s.active = "fair";
        s.params = Map.of();
        s.desired = "mlfq";
        s.cpus = 1;
        s.policyCalls = Map.of();
        s.ejections = List.of("0.500000 mlfq: dispatch() returned pid 7, which is not runnable", "0.900000 mlfq: tick() threw NPE");
        assertEquals(String.join("\n",
            "active:    fair",
            "since:     1.234567 s (now 2.500000 s, 1 CPU)",
            "desired:   mlfq, not active: its bundle is gone or it was ejected (sched:list says which)",
            "tasks:     stop 0, dl 1, rt 2, cfs 5, idle 2",
            "calls:     none",
            "ejections: 0.500000 mlfq: dispatch() returned pid 7, which is not runnable",
            "           0.900000 mlfq: tick() threw NPE"), SchedFormat.status(s));
    }

    @Test
    void use_enabled_confirmationThenStatus() {
        SchedUseDTO u = new SchedUseDTO();
        u.name = "cfs";
        u.params = new LinkedHashMap<>(Map.of("slice", "3ms"));
        u.previous = "fair";
        u.status = status();
        assertEquals("scheduler: cfs with slice=3ms enabled (was fair)", SchedFormat.useLine(u));
        assertEquals("scheduler: cfs with slice=3ms enabled (was fair)\n" + SchedFormat.status(u.status), SchedFormat.use(u));
    }

    @Test
    void use_notYetActive_requestedAndWhatIsStillActive() {
        SchedUseDTO u = new SchedUseDTO();
        u.name = "mlfq";
        u.params = Map.of();
        u.previous = "fair";
        u.status = status();
        u.status.active = "fair";
        u.status.desired = "mlfq";
        assertEquals("scheduler: mlfq requested (was fair); fair is still active", SchedFormat.useLine(u));
    }

    private static TaskSchedDTO task(SchedAttr a, long affinity) {
        TaskSchedDTO t = SchedCommands.attr(a);
        t.pid = 5;
        t.comm = "worker";
        t.affinity = affinity;
        t.machineCpus = 4;
        return t;
    }

    @Test
    void attr_eachPolicy_chrtsWordsWithUnits() {
        assertEquals("SCHED_FIFO priority 50", SchedFormat.attr(task(SchedAttr.fifo(50), -1)));
        assertEquals("SCHED_DEADLINE runtime 10ms deadline 30ms period 100ms",
            SchedFormat.attr(task(SchedAttr.deadline(10 * MS, 30 * MS, 100 * MS), -1)));
        assertEquals("SCHED_NORMAL nice 0", SchedFormat.attr(task(SchedAttr.normal(), -1)));
        assertEquals("SCHED_BATCH nice -3 period 100ms deadline 80ms expected 1500us tickets 200",
            SchedFormat.attr(task(SchedAttr.normal().withPolicy(SchedPolicy.BATCH, 0).withNice(-3)
                .withPeriod(100 * MS, 80 * MS).withExpectedRun(1_500_000).withTickets(200), -1)));
    }

    @Test
    void task_shown_attrPrioAndTheMachinesCpus() {
        assertEquals("pid 5 (worker): SCHED_NORMAL nice 0, prio 120, cpus 0-3", SchedFormat.task(task(SchedAttr.normal(), -1L)));
        assertEquals("pid 5 (worker): SCHED_RR priority 10, prio 89, cpus 1,3", SchedFormat.task(task(SchedAttr.rr(10), 0b1010)));
    }

    @Test
    void change_attrAndAffinity_beforeArrowAfter() {
        SchedChangeDTO c = new SchedChangeDTO();
        c.change = "attr";
        c.before = task(SchedAttr.normal(), -1);
        c.after = task(SchedAttr.fifo(50), -1);
        assertEquals("pid 5 (worker): SCHED_NORMAL nice 0 -> SCHED_FIFO priority 50", SchedFormat.change(c));
        c.change = "affinity";
        c.after = task(SchedAttr.normal(), 0b1101);
        assertEquals("pid 5 (worker): cpus 0-3 -> 0,2-3", SchedFormat.change(c));
    }

    @Test
    void durationsCompact_exactUnits() {
        assertEquals("10ms", Durations.compact(10 * MS));
        assertEquals("1500ms", Durations.compact(1_500 * MS));
        assertEquals("2s", Durations.compact(2_000 * MS));
        assertEquals("250us", Durations.compact(250_000));
        assertEquals("7ns", Durations.compact(7));
        assertEquals("0", Durations.compact(0));
    }
}
