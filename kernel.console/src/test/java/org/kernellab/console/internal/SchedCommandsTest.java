package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.console.dto.SchedChangeDTO;
import org.kernellab.console.dto.SchedUseDTO;
import org.kernellab.console.dto.TaskSchedDTO;
import org.kernellab.console.internal.SchedFakes.FakeControl;
import org.kernellab.console.internal.SchedFakes.FakeKernel;
import org.kernellab.console.internal.SchedFakes.FakeTask;

/** The sched: commands called as Java methods on fakes; SchedGogoTest runs them through Gogo. */
class SchedCommandsTest {

    private static final long MS = 1_000_000L;

    private final FakeKernel fake = new FakeKernel();
    private final FakeTask worker = fake.add(5, "worker");
    private final FakeControl control = new FakeControl("cfs", "mlfq");
    private final SchedCommands commands = new SchedCommands(fake.kernel(), control);

    /** setattr with no options, as Gogo calls it when none is typed. */
    private Object setattr(String... args) {
        return commands.setattr("", "", "", "", "", "", args);
    }

    @Test
    void list_control_everyPolicyWithItsState() {
        PolicyInfoDTO[] list = commands.list();
        assertEquals(List.of("fair", "cfs", "mlfq"), List.of(list).stream().map(p -> p.name).toList());
        assertEquals("active", list[0].state);
    }

    @Test
    void use_nameAndParams_passedToTheControlWithPreviousAndStatus() {
        SchedUseDTO u = commands.use("cfs", "slice=3ms", "latency=6ms");
        assertEquals(List.of("use cfs {slice=3ms, latency=6ms}"), control.calls);
        assertEquals("fair", u.previous);
        assertEquals("cfs", u.status.active);
        assertEquals(Map.of("slice", "3ms", "latency", "6ms"), u.params);
    }

    @Test
    void use_malformedParam_refusedBeforeTheControlIsCalled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.use("cfs", "slice"));
        assertEquals("parameter \"slice\" is not key=value (e.g. slice=3ms)", e.getMessage());
        assertEquals(List.of(), control.calls);
    }

    @Test
    void use_unknownName_controlsMessageGoesThroughUnchanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.use("bfs"));
        assertEquals("policy \"bfs\" is unknown; policies: fair, cfs, mlfq", e.getMessage());
    }

    @Test
    void use_noArguments_usageWithThePolicyNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, commands::use);
        assertEquals(SchedArgs.USE_USAGE + "; policies: fair, cfs, mlfq", e.getMessage());
    }

    @Test
    void policyCommands_noScheduler_errorNamesTheBundle() {
        SchedCommands none = new SchedCommands(fake.kernel(), null);
        for (Runnable r : List.<Runnable>of(none::list, none::status, () -> none.use("cfs"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
            assertEquals("no scheduler is running (no SchedulerControl service): is the kernel.sched bundle active? (kernel:lsmod)",
                e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, none::use).getMessage()
            .endsWith("; no scheduler is running (is the kernel.sched bundle active?)"));
    }

    @Test
    void taskCommands_noKernel_errorNamesTheBundle() {
        SchedCommands none = new SchedCommands(null, control);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.nice("5", "3"));
        assertEquals("no kernel core is running: is the kernel.core bundle active? (kernel:lsmod)", e.getMessage());
    }

    @Test
    void setattr_fifo_kernelGetsTheAttrAndTheChangeIsReadBack() {
        SchedChangeDTO c = assertInstanceOf(SchedChangeDTO.class, setattr("5", "fifo", "50"));
        assertEquals(List.of("sched_setattr 5 SCHED_FIFO priority 50"), fake.calls);
        assertEquals("NORMAL", c.before.policy);
        assertEquals("FIFO", c.after.policy);
        assertEquals(50, c.after.rtPriority);
        assertEquals(49, c.after.prio);
        assertEquals("attr", c.change);
    }

    @Test
    void setattr_deadlineOptions_kernelGetsTheDeadlineAttr() {
        commands.setattr("10ms", "30ms", "100ms", "", "", "", "5", "deadline");
        assertEquals(SchedAttr.deadline(10 * MS, 30 * MS, 100 * MS), worker.attr);
    }

    @Test
    void setattr_normalWithHints_keepsNiceOfTheTask() {
        worker.attr = SchedAttr.normal().withNice(4);
        commands.setattr("", "", "100ms", "", "30ms", "200", "5", "batch");
        assertEquals(SchedAttr.normal().withPolicy(org.kernellab.api.SchedPolicy.BATCH, 0).withNice(4)
            .withPeriod(100 * MS, 100 * MS).withExpectedRun(30 * MS).withTickets(200), worker.attr);
    }

    @Test
    void setattr_pidAlone_showsTheTask() {
        worker.attr = SchedAttr.rr(10);
        worker.affinity = 0b0101;
        TaskSchedDTO t = assertInstanceOf(TaskSchedDTO.class, setattr("5"));
        assertEquals("RR", t.policy);
        assertEquals(0b0101, t.affinity);
        assertEquals(4, t.machineCpus);
        assertEquals(List.of(), fake.calls);
    }

    @Test
    void setattr_noArguments_usage() {
        assertEquals(SchedArgs.SETATTR_USAGE, assertThrows(IllegalArgumentException.class, () -> setattr()).getMessage());
    }

    @Test
    void setattr_optionsWithoutPolicy_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> commands.setattr("10ms", "", "", "", "", "", "5"));
        assertTrue(e.getMessage().startsWith("the policy is missing; usage: sched:setattr"), e.getMessage());
    }

    @Test
    void setattr_unknownPid_errorNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setattr("42", "normal"));
        assertEquals("no task with pid 42; kernel:ps lists the tasks", e.getMessage());
    }

    @Test
    void setattr_ebusy_admissionControlExplained() {
        fake.rc = -Errno.EBUSY;
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> commands.setattr("90ms", "100ms", "", "", "", "", "5", "deadline"));
        assertEquals("pid 5 (worker): SCHED_DEADLINE admission control refused runtime 90ms per period 100ms (90.0% of a CPU):"
            + " the machine's deadline bandwidth would exceed 95% per CPU (sched_setattr returned -EBUSY, Device or resource busy)",
            e.getMessage());
        assertEquals(SchedAttr.normal(), worker.attr);
    }

    @Test
    void setattr_einval_saysWhatWasRefused() {
        fake.rc = -Errno.EINVAL;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setattr("5", "rr", "10"));
        assertEquals("pid 5 (worker): the kernel refused SCHED_RR priority 10: this machine cannot take these attributes"
            + " (sched_setattr returned -EINVAL, Invalid argument)", e.getMessage());
    }

    @Test
    void setattr_otherErrno_namedWithItsMeaning() {
        fake.rc = -Errno.ESRCH;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> setattr("5", "normal"));
        assertEquals("pid 5 (worker): the kernel refused SCHED_NORMAL nice 0 (sched_setattr returned -ESRCH, No such process)",
            e.getMessage());
    }

    @Test
    void nice_pidAndValue_setUserNice() {
        SchedChangeDTO c = commands.nice("5", "-5");
        assertEquals(List.of("set_user_nice 5 -5"), fake.calls);
        assertEquals(0, c.before.nice);
        assertEquals(-5, c.after.nice);
        assertEquals(115, c.after.prio);
    }

    @Test
    void nice_outOfRange_refusedBeforeTheKernelIsCalled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.nice("5", "40"));
        assertEquals("nice \"40\" is out of range -20..19", e.getMessage());
        assertEquals(List.of(), fake.calls);
        assertEquals(SchedArgs.NICE_USAGE, assertThrows(IllegalArgumentException.class, commands::nice).getMessage());
    }

    @Test
    void affinity_cpuList_maskGivenToTheKernel() {
        SchedChangeDTO c = commands.affinity("5", "0,2-3");
        assertEquals(List.of("sched_setaffinity 5 1101"), fake.calls);
        assertEquals("affinity", c.change);
        assertEquals(0b1101, c.after.affinity);
    }

    @Test
    void affinity_einval_namesTheMachinesCpus() {
        fake.rc = -Errno.EINVAL;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.affinity("5", "6-7"));
        assertEquals("pid 5 (worker): the kernel refused cpus 6-7: the list holds no CPU of this machine (CPUs 0-3)"
            + " (sched_setaffinity returned -EINVAL, Invalid argument)", e.getMessage());
        assertEquals(SchedArgs.AFFINITY_USAGE, assertThrows(IllegalArgumentException.class, commands::affinity).getMessage());
    }
}
