package org.kernellab.irq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqHandler;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.core.StandaloneMachine;

/** The interrupt cost model: entry, handler and exit take virtual time; "none" keeps interrupts free. */
class IrqCostTest {
    record Outcome(long doneAt, String trace, String json) {}

    /** A task computes 100 us on CPU 0; irq 5 (a handler that does nothing) arrives at 10 us. */
    private static Outcome run(String model) {
        return run(model, m -> (i, d) -> IrqReturn.HANDLED);
    }

    /** The same with irq 5's handler made for the machine by {@code handler}. */
    private static Outcome run(String model, Function<StandaloneMachine, IrqHandler> handler) {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            m.irqCost(model);
            IrqLayer l = new IrqLayer(m.kernel(), m.context(), m.machine(), m.tracer());
            m.irqEntry(l);
            IrqController irq = m.boundary().wrap(IrqController.class, l);
            irq.requestIrq(5, handler.apply(m), Set.of(), "dev", "dev");
            m.tracer().start();
            long[] done = {-1};
            m.kernel().spawn(TaskSpec.process("app"), k -> {
                k.compute(100_000);
                done[0] = k.now();
            });
            m.machine().at(10_000, now -> m.machine().raiseIrq(5, 0));
            m.kernel().runUntilIdle(1_000_000);
            return new Outcome(done[0], m.tracer().text(), m.tracer().chromeJson());
        }
    }

    private static double handlerSliceUs(String json) {
        Matcher s = Pattern.compile("\"name\":\"irq 5: dev\",\"cat\":\"irq\",\"ph\":\"X\",\"ts\":[0-9.]+,\"dur\":([0-9.]+)").matcher(json);
        assertTrue(s.find(), json);
        return Double.parseDouble(s.group(1));
    }

    @Test
    void typical_entryHandlerAndExitTakeVirtualTime_handlerIsASliceOfItsCost() {
        Outcome o = run("typical");
        // entry 1 us after the interrupt, the handler 2 us, exit 0.5 us: the task ends 3.5 us late
        assertTrue(o.trace.contains("0.000011: irq_handler_entry: irq=5 name=dev"), o.trace);
        assertTrue(o.trace.contains("0.000013: irq_handler_exit: irq=5 ret=handled"), o.trace);
        assertEquals(103_500L, o.doneAt);
        assertEquals(2.0, handlerSliceUs(o.json));
    }

    @Test
    void none_interruptsAreFree_asTheComparisonModesHaveThem() {
        Outcome o = run("none");
        assertTrue(o.trace.contains("0.000010: irq_handler_entry: irq=5 name=dev"), o.trace);
        assertTrue(o.trace.contains("0.000010: irq_handler_exit: irq=5 ret=handled"), o.trace);
        assertEquals(100_000L, o.doneAt);
        assertEquals(0.0, handlerSliceUs(o.json));
    }

    @Test
    void figures_inNs_handlerThatComputesIsChargedItsOwnTime() {
        // a handler that computes 5 us itself: more than the model's 2 us, so nothing is added
        Outcome o = run("100,2000,0,50", m -> (i, d) -> {
            m.kernel().compute(5_000);
            return IrqReturn.HANDLED;
        });
        assertEquals(100_000L + 100 + 5_000 + 50, o.doneAt);
    }
}
