package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.dto.RunResultDTO;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;

/** Time travel at the console (issue 11 §2), on the framework's machine with its drivers. */
@ExtendWith(BundleContextExtension.class)
class TimeTravelTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;

    @BeforeEach
    void open() throws Exception {
        PolicyBundles.tickingKernel(context);
        session = new GogoSession(processor);
        session.execute("kernel:break clear");
    }

    @AfterEach
    void close() throws Exception {
        session.execute("kernel:break clear");
        session.close();
    }

    @Test
    void backThenForward_sameDigest_andUntilStopsWhereItHolds() throws Exception {
        Kernel k = PolicyBundles.tickingKernel(context);
        session.execute("kernel:reset");
        session.execute("kernel:spawn --loop 10 w run:3ms sleep:2ms");
        session.execute("kernel:run 20ms");
        String digest = (String) session.execute("kernel:trace digest");
        long steps = k.eventCount();
        session.execute("kernel:back 7");
        assertEquals(steps - 7, k.eventCount());
        session.execute("kernel:step 7");
        assertEquals(digest, session.execute("kernel:trace digest"), "back and forward again: the same run");

        RunResultDTO r = (RunResultDTO) session.execute("kernel:run --until state=1:X 1s");
        assertEquals("until", r.stoppedBy);
        assertTrue(r.until.startsWith("w/1 exited (X) on CPU"), r.until);

        // a busy CPU 0 takes its ticks (an idle one takes none: NO_HZ idle)
        k.spawn(org.kernellab.api.TaskSpec.process("busy").onCpu(0), kk -> kk.compute(100_000_000L));
        session.execute("kernel:break irq=0");
        r = (RunResultDTO) session.execute("kernel:run 1s");
        assertEquals("irq 0 entered its handler on CPU 0", r.until, "the timer's tick: the breakpoint applies to a plain run");
    }

    @Test
    void back_afterADemo_isRefusedWithTheReason() throws Exception {
        session.execute("kernel:demo irq-in-burst");
        Exception e = assertThrows(Exception.class, () -> session.execute("kernel:back"));
        assertTrue(e.getMessage().startsWith("kernel:back cannot replay this machine: kernel:demo irq-in-burst ran tasks of its own"), e.getMessage());
        session.execute("kernel:reset");
    }
}
