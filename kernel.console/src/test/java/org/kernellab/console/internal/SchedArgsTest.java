package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.SchedPolicy;
import org.kernellab.console.internal.SchedArgs.SetattrOptions;

class SchedArgsTest {

    private static final long MS = 1_000_000L;

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static SetattrOptions opts(String runtime, String deadline, String period, String nice, String expected, String tickets) {
        return new SetattrOptions(runtime, deadline, period, nice, expected, tickets);
    }

    // ---- key=value ---------------------------------------------------------------------

    @Test
    void params_keyValues_mapInTheOrderGiven() {
        Map<String, String> p = SchedArgs.params("slice=3ms", "latency=6ms", "levels=3");
        assertEquals(List.of("slice", "latency", "levels"), List.copyOf(p.keySet()));
        assertEquals("3ms", p.get("slice"));
        assertEquals("3", p.get("levels"));
        assertEquals(Map.of(), SchedArgs.params());
    }

    @Test
    void params_valueContainingEquals_splitAtTheFirst() {
        assertEquals(Map.of("expr", "a=b"), SchedArgs.params("expr=a=b"));
    }

    @Test
    void params_noEquals_refusedNamingTheArgument() {
        assertEquals("parameter \"slice\" is not key=value (e.g. slice=3ms)", refused(() -> SchedArgs.params("levels=3", "slice")));
    }

    @Test
    void params_emptyKeyOrValue_refusedNamingTheArgument() {
        assertEquals("parameter \"=3ms\" has no key before '=' (e.g. slice=3ms)", refused(() -> SchedArgs.params("=3ms")));
        assertEquals("parameter \"slice=\" has no value after '=' (e.g. slice=3ms)", refused(() -> SchedArgs.params("slice=")));
    }

    @Test
    void params_repeatedKey_refusedNamingBoth() {
        assertEquals("parameter \"slice\" is given twice (slice=3ms and slice=4ms)",
            refused(() -> SchedArgs.params("slice=3ms", "slice=4ms")));
    }

    // ---- pid and nice --------------------------------------------------------------------

    @Test
    void pid_wholeNumber_parsed() {
        assertEquals(5, SchedArgs.pid("5"));
    }

    @Test
    void pid_notANumberOrIdle_refusedQuotingIt() {
        assertEquals("pid \"worker\" is not a whole number", refused(() -> SchedArgs.pid("worker")));
        assertTrue(refused(() -> SchedArgs.pid("0")).startsWith("pid \"0\" is not a task: pids start at 1"));
    }

    @Test
    void nice_range_minus20To19() {
        assertEquals(-20, SchedArgs.nice("-20", "nice"));
        assertEquals(19, SchedArgs.nice("+19", "nice"));
        assertEquals("nice \"20\" is out of range -20..19", refused(() -> SchedArgs.nice("20", "nice")));
        assertEquals("--nice \"low\" is not a whole number", refused(() -> SchedArgs.nice("low", "--nice")));
    }

    // ---- setattr: policy, priority and options -> SchedAttr -------------------------------

    @Test
    void attr_fifoWithPriority_fifoAttr() {
        assertEquals(SchedAttr.fifo(50), SchedArgs.attr(List.of("fifo", "50"), SetattrOptions.NONE, 0));
        assertEquals(SchedAttr.rr(10), SchedArgs.attr(List.of("SCHED_RR", "10"), SetattrOptions.NONE, 0));
    }

    @Test
    void attr_realtime_keepsTheTasksNice() {
        SchedAttr a = SchedArgs.attr(List.of("rr", "10"), SetattrOptions.NONE, -5);
        assertEquals(SchedPolicy.RR, a.policy);
        assertEquals(-5, a.nice);
        assertEquals(89, a.prio());
    }

    @Test
    void attr_fifoWithoutPriority_refusedWithAnExample() {
        assertEquals("SCHED_FIFO needs a priority 1..99, e.g. sched:setattr <pid> fifo 50",
            refused(() -> SchedArgs.attr(List.of("fifo"), SetattrOptions.NONE, 0)));
    }

    @Test
    void attr_priorityOutOfRange_schedAttrsMessageNamingTheField() {
        assertEquals("priority 100 is out of range 1..99 for SCHED_FIFO",
            refused(() -> SchedArgs.attr(List.of("fifo", "100"), SetattrOptions.NONE, 0)));
        assertEquals("priority \"high\" is not a whole number",
            refused(() -> SchedArgs.attr(List.of("rr", "high"), SetattrOptions.NONE, 0)));
    }

    @Test
    void attr_deadlineOptions_deadlineAttr() {
        SchedAttr a = SchedArgs.attr(List.of("deadline"), opts("10ms", "30ms", "100ms", "", "", ""), 0);
        assertEquals(SchedAttr.deadline(10 * MS, 30 * MS, 100 * MS), a);
        assertEquals(-1, a.prio());
    }

    @Test
    void attr_deadlineWithoutPeriod_periodIsTheDeadline() {
        assertEquals(SchedAttr.deadline(10 * MS, 30 * MS, 30 * MS),
            SchedArgs.attr(List.of("deadline"), opts("10ms", "30ms", "", "", "", ""), 0));
    }

    @Test
    void attr_deadlineWithOnlyAPeriod_deadlineIsThePeriod() {
        assertEquals(SchedAttr.deadline(10 * MS, 100 * MS, 100 * MS),
            SchedArgs.attr(List.of("deadline"), opts("10ms", "", "100ms", "", "", ""), 0));
    }

    @Test
    void attr_deadlineWithoutRuntime_refusedWithAnExample() {
        assertTrue(refused(() -> SchedArgs.attr(List.of("deadline"), opts("", "30ms", "", "", "", ""), 0))
            .startsWith("SCHED_DEADLINE needs --runtime and --deadline"));
    }

    @Test
    void attr_deadlineRuntimeAboveDeadline_schedAttrsMessageNamingTheFields() {
        assertEquals("deadline 5000000 ns must be at least the runtime 10000000 ns",
            refused(() -> SchedArgs.attr(List.of("deadline"), opts("10ms", "5ms", "", "", "", ""), 0)));
    }

    @Test
    void attr_durationWithoutUnit_refusedNamingTheOption() {
        assertEquals("--runtime \"10\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)",
            refused(() -> SchedArgs.attr(List.of("deadline"), opts("10", "30ms", "", "", "", ""), 0)));
        assertEquals("--expected \"30\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)",
            refused(() -> SchedArgs.attr(List.of("normal"), opts("", "", "", "", "30", ""), 0)));
    }

    @Test
    void attr_normal_keepsNiceUnlessGiven() {
        assertEquals(SchedAttr.normal().withNice(7), SchedArgs.attr(List.of("normal"), SetattrOptions.NONE, 7));
        assertEquals(SchedAttr.normal().withNice(-3), SchedArgs.attr(List.of("other"), opts("", "", "", "-3", "", ""), 7));
    }

    @Test
    void attr_batchAndIdle_theirPolicies() {
        assertEquals(SchedPolicy.BATCH, SchedArgs.attr(List.of("batch"), SetattrOptions.NONE, 0).policy);
        assertEquals(SchedPolicy.IDLE, SchedArgs.attr(List.of("idle", "0"), SetattrOptions.NONE, 0).policy);
    }

    @Test
    void attr_normalWithHints_everyHintSet() {
        SchedAttr a = SchedArgs.attr(List.of("normal"), opts("", "80ms", "100ms", "5", "30ms", "200"), 0);
        assertEquals(SchedAttr.normal().withNice(5).withPeriod(100 * MS, 80 * MS).withExpectedRun(30 * MS).withTickets(200), a);
    }

    @Test
    void attr_normalWithAPeriodHintOnly_deadlineHintIsThePeriod() {
        SchedAttr a = SchedArgs.attr(List.of("normal"), opts("", "", "100ms", "", "", ""), 0);
        assertEquals(100 * MS, a.periodNs);
        assertEquals(100 * MS, a.deadlineNs);
    }

    @Test
    void attr_normalWithAPriority_refused() {
        assertEquals("priority 5 must be 0 for SCHED_NORMAL (only FIFO and RR have one)",
            refused(() -> SchedArgs.attr(List.of("normal", "5"), SetattrOptions.NONE, 0)));
    }

    @Test
    void attr_optionOfAnotherPolicy_refusedNamingOptionAndPolicy() {
        assertTrue(refused(() -> SchedArgs.attr(List.of("normal"), opts("10ms", "", "", "", "", ""), 0))
            .startsWith("option --runtime 10ms does not apply to SCHED_NORMAL: "));
        assertTrue(refused(() -> SchedArgs.attr(List.of("fifo", "50"), opts("", "", "100ms", "", "", ""), 0))
            .startsWith("option --period 100ms does not apply to SCHED_FIFO: "));
        assertTrue(refused(() -> SchedArgs.attr(List.of("fifo", "50"), opts("", "", "", "5", "", ""), 0))
            .startsWith("option --nice 5 does not apply to SCHED_FIFO: "));
        assertTrue(refused(() -> SchedArgs.attr(List.of("deadline"), opts("10ms", "30ms", "", "", "", "200"), 0))
            .startsWith("option --tickets 200 does not apply to SCHED_DEADLINE: "));
    }

    @Test
    void attr_badTicketsOrNice_refusedNamingTheOption() {
        assertEquals("--tickets \"many\" is not a whole number",
            refused(() -> SchedArgs.attr(List.of("normal"), opts("", "", "", "", "", "many"), 0)));
        assertEquals("tickets 0 must be at least 1", refused(() -> SchedArgs.attr(List.of("normal"), opts("", "", "", "", "", "0"), 0)));
        assertEquals("--nice \"30\" is out of range -20..19",
            refused(() -> SchedArgs.attr(List.of("normal"), opts("", "", "", "30", "", ""), 0)));
    }

    @Test
    void attr_unknownPolicy_refusedQuotingIt() {
        assertEquals("policy \"cfs\" is unknown; use normal, batch, idle, fifo, rr or deadline",
            refused(() -> SchedArgs.attr(List.of("cfs"), SetattrOptions.NONE, 0)));
    }

    @Test
    void attr_tooManyArguments_refusedNamingTheExtraOne() {
        assertTrue(refused(() -> SchedArgs.attr(List.of("fifo", "50", "60"), SetattrOptions.NONE, 0))
            .startsWith("\"60\" is one argument too many; usage: sched:setattr"));
    }

    @Test
    void positional_unknownOption_refusedListingTheOptions() {
        assertEquals("option \"--budget\" is unknown; options: --runtime, --deadline, --period, --nice, --expected, --tickets",
            refused(() -> SchedArgs.positional("5", "deadline", "--budget", "10ms")));
        assertEquals(List.of("5", "normal", "-0"), SchedArgs.positional("5", "normal", "-0"));
    }
}
