package org.kernellab.tutorial.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.proc.ProcRequest;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.irq.IrqLayer;
import org.kernellab.softirq.impl.KthreadLayer;
import org.kernellab.softirq.impl.SoftirqLayer;
import org.kernellab.softirq.impl.TaskletLayer;

/**
 * The device and its driver on a standalone machine with the real interrupt and softirq layers,
 * in panic mode: a sleeping call in the handler or the tasklet would halt the machine.
 */
class RngDriverTest {
    static final long LIMIT = 1_000_000_000L;

    /** The machine, its layers, the device and the driver bound to it. */
    static final class Rig implements AutoCloseable {
        final StandaloneMachine m;
        final Kernel k;
        final IrqLayer irqs;
        final TaskletLayer tasklets;
        final RngDevice dev;
        RngDriver driver;

        Rig(long seed) {
            m = new StandaloneMachine(2, 250, seed, ViolationPolicy.PANIC, PreemptModel.FULL, PreemptLayout.LINUX_6);
            k = m.kernel();
            irqs = new IrqLayer(k, m.context(), m.machine(), m.tracer());
            m.irqEntry(irqs);
            SoftirqLayer softirqs = new SoftirqLayer(k, m.machine(), new KthreadLayer(k, m.machine()));
            m.bottomHalf(softirqs);
            tasklets = new TaskletLayer(k, m.machine(), softirqs);
            dev = new RngDevice(m.machine());
            driver = new RngDriver(dev, irqs, tasklets, m.sync(), k, m.machine());
        }

        /** {@code readers} processes read {@code n} bytes each, at once; runs until idle; the requests in reader order. */
        List<RngDriver.Request> read(int readers, int n) {
            RngDriver.Request[] out = new RngDriver.Request[readers];
            for (int i = 0; i < readers; i++) {
                int id = i;
                k.spawn(TaskSpec.process("rngread"), kk -> out[id] = driver.read(n));
            }
            k.runUntilIdle(LIMIT);
            assertFalse(k.panicked(), this::dmesg);
            return Arrays.asList(out);
        }

        /** Line 10's count on each CPU, or null if /proc/interrupts has no line named rng0. */
        long[] line() {
            for (String row : irqs.procInterrupts().split("\n")) {
                if (!row.endsWith(" rng0")) continue;
                String[] f = row.trim().split("\\s+");
                assertEquals("10:", f[0], row);
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
            }
            return null;
        }

        String proc() {
            return driver.read(ProcRequest.of(""));
        }

        String dmesg() {
            return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
        }

        @Override
        public void close() {
            m.close();
        }
    }

    @Test
    void read_isCompletedByTheTaskletAfterTheInterrupt_eachStepInItsContext() {
        try (Rig r = new Rig(1)) {
            assertTrue(r.dmesg().contains("rng0: irq 10, 4 slots: " + RngDriver.GREETING), r.dmesg());
            assertArrayEquals(new long[] {0, 0}, r.line(), "request_irq registered rng0 on line 10");
            RngDriver.Request rq = r.read(1, 8).get(0);
            assertNotNull(rq, "the reader finished: the interrupt and the tasklet completed its request");
            assertEquals(0, rq.error());
            assertEquals(8, rq.data().length);
            List<String> j = rq.journey();
            assertEquals(4, j.size(), j.toString());
            // [    0.000000] CPU0 process   rngread puts ...; the device fills 8 bytes in 20 us + 8 us
            assertTrue(j.get(0).matches("\\[    0\\.000000\\] CPU\\d process   rngread puts a request for 8 bytes into slot 0 and sleeps"), j.get(0));
            assertTrue(j.get(1).matches("\\[    0\\.00002[89]\\] CPU0 hard-IRQ  irq 10: the device has data; .*"), j.get(1));
            assertTrue(j.get(2).matches("\\[    0\\.0000\\d\\d\\] CPU0 softirq   tasklet rng0: slot 0 is filled; the request is complete"), j.get(2));
            assertTrue(j.get(3).matches("\\[    0\\.0000\\d\\d\\] CPU\\d process   rngread wakes up with its 8 bytes"), j.get(3));
            assertEquals(1, r.line()[0], "one interrupt on CPU 0");
            assertTrue(r.proc().contains("interrupts: 1 (0 not ours)\ntasklet runs: 1\n"), r.proc());
            assertTrue(r.proc().contains("requests completed: 1\nbytes: 8\n"), r.proc());
        }
    }

    @Test
    void bytes_comeFromTheMachinesSeed_sameSeedSameBytes_otherSeedOther() {
        byte[] a;
        byte[] b;
        byte[] c;
        try (Rig r = new Rig(1)) {
            a = r.read(1, 32).get(0).data();
        }
        try (Rig r = new Rig(1)) {
            b = r.read(1, 32).get(0).data();
        }
        try (Rig r = new Rig(2)) {
            c = r.read(1, 32).get(0).data();
        }
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void moreReadersThanSlots_allComplete_andATaskletRunCanCompleteSeveral() {
        try (Rig r = new Rig(1)) {
            List<RngDriver.Request> rqs = r.read(10, 4);
            List<String> seen = new ArrayList<>();
            for (RngDriver.Request rq : rqs) {
                assertNotNull(rq, r.dmesg());
                assertEquals(0, rq.error());
                seen.add(Arrays.toString(rq.data()));
            }
            assertEquals(10, seen.stream().distinct().count(), "each reader got its own bytes");
            String proc = r.proc();
            assertTrue(proc.contains("requests completed: 10\nbytes: 40\n"), proc);
            assertTrue(proc.contains("slots: 4 (0 busy)"), proc);
            // the readers submit at one instant, so the device fills their slots at one instant:
            // interrupts and tasklet runs are fewer than requests
            long interrupts = r.line()[0] + r.line()[1];
            assertTrue(interrupts < 10, proc);
            assertTrue(proc.contains("interrupts: " + interrupts + " (0 not ours)\ntasklet runs: " + interrupts + "\n"), proc);
        }
    }

    @Test
    void anInterruptTheDeviceDidNotRaise_isNotOurs() {
        try (Rig r = new Rig(1)) {
            r.m.machine().at(1_000, now -> r.m.machine().raiseIrq(RngDevice.IRQ, 0));
            r.k.runUntilIdle(LIMIT);
            assertTrue(r.proc().contains("interrupts: 0 (1 not ours)\ntasklet runs: 0\n"), r.proc());
        }
    }

    @Test
    void reset_whileReadersWait_theDeviceAndDriverStartAfresh_andEverySlotIsFreeAgain() {
        try (Rig r = new Rig(1)) {
            r.m.addListener(r.dev);
            r.m.addListener(r.driver);
            byte[] first = r.read(1, 16).get(0).data();
            for (int i = 0; i < 4; i++) r.k.spawn(TaskSpec.process("rngread"), kk -> r.driver.read(64));
            r.k.run(10_000);                                  // four readers hold the four slots
            assertEquals(4, r.dev.busySlots());
            r.k.reset();
            assertEquals(0, r.dev.busySlots());
            List<RngDriver.Request> after = r.read(4, 16);
            for (RngDriver.Request rq : after) assertNotNull(rq, "no slot was lost to the discarded readers: " + r.dmesg());
            assertArrayEquals(first, after.get(0).data(), "the power cycle restarted the noise from the seed");
        }
    }

    @Test
    void deactivate_freesTheLine_andAReaderStillWaitingGetsEnodev() {
        try (Rig r = new Rig(1)) {
            RngDriver.Request[] out = {null};
            r.k.spawn(TaskSpec.process("rngread"), kk -> out[0] = r.driver.read(64));
            r.k.run(10_000);                                  // submitted; the device needs 84 us
            assertEquals(1, r.dev.busySlots());
            r.driver.deactivate();
            assertEquals(null, r.line(), "free_irq removed rng0 from /proc/interrupts");
            r.k.runUntilIdle(LIMIT);
            assertNotNull(out[0], "the reader woke up");
            assertEquals(-RngDriver.ENODEV, out[0].error());
            assertTrue(r.dmesg().contains("rng0: driver removed, irq 10 freed"), r.dmesg());
            // a new driver binds the same device again
            r.driver = new RngDriver(r.dev, r.irqs, r.tasklets, r.m.sync(), r.k, r.m.machine());
            assertEquals(8, r.read(1, 8).get(0).data().length);
        }
    }
}
