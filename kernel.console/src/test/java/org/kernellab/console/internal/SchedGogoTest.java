package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.console.internal.SchedFakes.FakeControl;
import org.kernellab.console.internal.SchedFakes.FakeKernel;
import org.kernellab.console.internal.SchedFakes.FakeTask;

/**
 * The sched: commands typed into a real Gogo session (no framework): registered with the
 * scope and functions of their generated DS descriptor, their results formatted by the
 * ConsoleConverter, so Gogo's argument matching, @Parameter options and the usage overloads
 * are what is tested.
 */
class SchedGogoTest {

    private static final long MS = 1_000_000L;

    private final FakeKernel fake = new FakeKernel();
    private final FakeTask worker = fake.add(5, "worker");
    private final FakeControl control = new FakeControl("cfs", "mlfq");
    private TestGogo gogo;
    private CommandSession session;

    @BeforeEach
    void openSession() throws IOException {
        gogo = new TestGogo(new SchedCommands(fake.kernel(), control));
        session = gogo.session;
    }

    @AfterEach
    void closeSession() {
        gogo.close();
    }

    /** The DS descriptor bnd generated for a command component. */
    static String descriptor(Class<?> component) throws IOException {
        String name = "OSGI-INF/" + component.getName() + ".xml";
        try (InputStream in = SchedGogoTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException(name + " is not on the test class path: bnd writes it when it processes the classes");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String scope(String xml) {
        Matcher m = Pattern.compile("name=\"osgi.command.scope\" type=\"String\" value=\"([^\"]*)\"").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    static List<String> functions(String xml) {
        Matcher m = Pattern.compile("name=\"osgi.command.function\" type=\"String\">([^<]*)<").matcher(xml);
        return m.find() ? List.of(m.group(1).trim().split("\\s+")) : List.of();
    }

    private String run(String line) throws Exception {
        return session.format(session.execute(line), Converter.INSPECT).toString();
    }

    private String refused(String line) {
        return assertThrows(IllegalArgumentException.class, () -> session.execute(line)).getMessage();
    }

    @Test
    void descriptor_schedScopeEveryFunctionAndOptionalDynamicReferences() throws IOException {
        String xml = descriptor(SchedCommands.class);
        assertEquals("sched", scope(xml));
        assertEquals(List.of("list", "use", "status", "setattr", "nice", "affinity"), functions(xml));
        assertTrue(xml.contains("<reference name=\"control\" cardinality=\"0..1\" policy=\"dynamic\""
            + " interface=\"org.kernellab.api.sched.SchedulerControl\""), xml);
        assertTrue(xml.contains("<reference name=\"kernel\" cardinality=\"0..1\" policy=\"dynamic\""
            + " interface=\"org.kernellab.api.Kernel\""), xml);
    }

    @Test
    void missingArguments_usageInsteadOfCannotCoerce() {
        assertEquals(SchedArgs.SETATTR_USAGE, refused("sched:setattr"));
        assertEquals(SchedArgs.USE_USAGE + "; policies: fair, cfs, mlfq", refused("sched:use"));
        assertEquals(SchedArgs.NICE_USAGE, refused("sched:nice"));
        assertEquals(SchedArgs.AFFINITY_USAGE, refused("sched:affinity"));
        assertTrue(refused("sched:setattr 5 --runtime 10ms").startsWith("the policy is missing; usage: sched:setattr"));
    }

    @Test
    void setattr_fifoThroughGogo_changeLine() throws Exception {
        assertEquals("pid 5 (worker): SCHED_NORMAL nice 0 -> SCHED_FIFO priority 50", run("sched:setattr 5 fifo 50"));
        assertEquals(SchedAttr.fifo(50), worker.attr);
    }

    @Test
    void setattr_deadlineOptionsAfterThePolicy_deadlineAttr() throws Exception {
        assertEquals("pid 5 (worker): SCHED_NORMAL nice 0 -> SCHED_DEADLINE runtime 10ms deadline 30ms period 100ms",
            run("sched:setattr 5 deadline --runtime 10ms --deadline 30ms --period 100ms"));
        assertEquals(SchedAttr.deadline(10 * MS, 30 * MS, 100 * MS), worker.attr);
    }

    @Test
    void setattr_hintsBeforeThePid_normalAttrWithHints() throws Exception {
        run("sched:setattr --nice -5 --expected 30ms --tickets 200 5 normal");
        assertEquals(SchedAttr.normal().withNice(-5).withExpectedRun(30 * MS).withTickets(200), worker.attr);
    }

    @Test
    void setattr_unknownOptionOrBadValue_ourMessageNotGogos() {
        assertEquals("option \"--budget\" is unknown; options: --runtime, --deadline, --period, --nice, --expected, --tickets",
            refused("sched:setattr 5 deadline --budget 10ms"));
        assertEquals("--runtime \"10\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)",
            refused("sched:setattr 5 deadline --runtime 10 --deadline 30ms"));
        assertEquals("pid \"worker\" is not a whole number", refused("sched:setattr worker normal"));
    }

    @Test
    void setattr_pidAlone_showsTheTask() throws Exception {
        assertEquals("pid 5 (worker): SCHED_NORMAL nice 0, prio 120, cpus 0-3", run("sched:setattr 5"));
    }

    @Test
    void niceAndAffinity_throughGogo_applied() throws Exception {
        assertEquals("pid 5 (worker): SCHED_NORMAL nice 0 -> SCHED_NORMAL nice -5", run("sched:nice 5 -5"));
        assertEquals("pid 5 (worker): cpus 0-3 -> 0,2-3", run("sched:affinity 5 0,2-3"));
        assertEquals(0b1101L, worker.affinity);
        assertEquals("pid 5 (worker): SCHED_NORMAL nice -5, prio 115, cpus 0,2-3", run("sched:affinity 5"));
    }

    @Test
    void use_keyValuesThroughGogo_controlGetsThemAndTheLineSaysWhatChanged() throws Exception {
        String out = run("sched:use cfs slice=3ms latency=6ms");
        assertEquals(List.of("use cfs {slice=3ms, latency=6ms}"), control.calls);
        assertEquals("scheduler: cfs with slice=3ms, latency=6ms enabled (was fair)", out.lines().findFirst().orElseThrow());
        assertTrue(out.contains("\nactive:    cfs (slice=3ms, latency=6ms)\n"), out);
    }

    @Test
    void use_unknownPolicy_controlsMessage() {
        assertEquals("policy \"bfs\" is unknown; policies: fair, cfs, mlfq", refused("sched:use bfs"));
        assertEquals("parameter \"fast\" is not key=value (e.g. slice=3ms)", refused("sched:use cfs fast"));
    }

    @Test
    void listAndStatus_throughTheConverter_tableAndReport() throws Exception {
        String list = run("sched:list");
        assertEquals(String.join("\n",
            "Policy  State      Bundle              Version         Parameters  Description",
            "fair    active     kernel.sched        0.1.0.SNAPSHOT  -           the fair policy",
            "cfs     available  kernel.policy.cfs   0.1.0.SNAPSHOT  slice       the cfs policy",
            "mlfq    available  kernel.policy.mlfq  0.1.0.SNAPSHOT  slice       the mlfq policy"), list);
        assertTrue(run("sched:status").startsWith("active:    fair\nsince:     1.234567 s (now 2.000000 s, 2 CPUs)\n"));
        assertEquals(Map.of(), control.params);
    }
}
