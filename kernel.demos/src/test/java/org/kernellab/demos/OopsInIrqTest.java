package org.kernellab.demos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.core.StandaloneMachine;

/** A handler that dereferences NULL: the Oops head, and the interrupt layer's guard handles the handler; the interrupted task lives. */
class OopsInIrqTest {
    @Test
    void nullDereferenceInHandler_printsOopsHead_interruptedTaskGoesOn() {
        try (StandaloneMachine m = new StandaloneMachine(2, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6, "continuation")) {
            DemosTest.Env env = new DemosTest.Env(m);
            boolean[] done = {false};
            env.irqs.requestIrq(5, (irq, dev) -> {
                env.ua.kernelRead(0, new byte[8], 0, 8);
                return IrqReturn.HANDLED;
            }, EnumSet.noneOf(IrqFlag.class), "bad-dev", this);
            m.kernel().spawn(TaskSpec.process("app").onCpu(0), k -> {
                k.compute(2_000_000);
                done[0] = true;
            });
            m.machine().at(1_000_000, now -> m.machine().raiseIrq(5, 0));
            m.kernel().run(10_000_000);
            String log = m.kernel().dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
            assertTrue(log.contains("BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
                    + "#PF: supervisor read access in kernel mode\n#PF: error_code(0x0000) - not-present page\nPGD 0 P4D 0\n"
                    + "KernelLab: a bad kernel access in interrupt context; Linux would panic (Fatal exception in interrupt)"), log);
            assertTrue(done[0], "the interrupted task carried on: " + log);
            assertFalse(m.kernel().panicked());
        }
    }
}
