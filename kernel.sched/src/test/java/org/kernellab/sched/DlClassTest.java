package org.kernellab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.sched.Rig.ms;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;

class DlClassTest {
    @Test
    void admissionControl_refusesOverSubscription_withEbusy() {
        try (Rig r = new Rig(1, 1000)) {
            var a = r.k.spawn(TaskSpec.process("a"), k -> k.msleep(1000));
            var b = r.k.spawn(TaskSpec.process("b"), k -> k.msleep(1000));
            // 60% + 40% > 95% of one CPU
            assertEquals(0, r.k.schedSetattr(a, SchedAttr.deadline(ms(60), ms(100), ms(100))));
            assertEquals(-Errno.EBUSY, r.k.schedSetattr(b, SchedAttr.deadline(ms(40), ms(100), ms(100))));
            assertEquals(0, r.k.schedSetattr(b, SchedAttr.deadline(ms(30), ms(100), ms(100))));
            assertEquals("DEADLINE", r.ps("a").policy);
            assertEquals(-1, r.ps("a").prio);
            assertEquals("dl", r.ps("a").schedClass);
            // giving the bandwidth back lets it in
            assertEquals(0, r.k.schedSetattr(a, SchedAttr.normal()));
            assertEquals(0, r.k.schedSetattr(b, SchedAttr.deadline(ms(90), ms(100), ms(100))));
        }
    }

    @Test
    void cbs_throttlesARunawayTask_toItsRuntimePerPeriod() {
        try (Rig r = new Rig(1, 1000)) {
            r.k.spawn(TaskSpec.process("dl").attr(SchedAttr.deadline(ms(10), ms(100), ms(100))), k -> {
                for (;;) k.compute(ms(1));
            });
            r.k.spawn(TaskSpec.process("fair"), k -> {
                for (;;) k.compute(ms(1));
            });
            r.k.run(1_000_000_000L);
            double dlShare = r.cpuNs("dl") / 1e9;
            // 10 ms of every 100 ms, within a tick of accounting per period
            assertEquals(0.10, dlShare, 0.012, "dl share " + dlShare);
        }
    }

    @Test
    void edf_earlierDeadlineRunsFirst() {
        try (Rig r = new Rig(1, 1000)) {
            StringBuilder order = new StringBuilder();
            r.k.spawn(TaskSpec.process("late").attr(SchedAttr.deadline(ms(5), ms(50), ms(100))), k -> {
                k.compute(ms(4));
                order.append("late ");
            });
            r.k.spawn(TaskSpec.process("soon").attr(SchedAttr.deadline(ms(5), ms(20), ms(100))), k -> {
                k.compute(ms(4));
                order.append("soon ");
            });
            r.k.runUntilIdle(1_000_000_000L);
            assertEquals("soon late ", order.toString());
            assertTrue(r.dmesg().isEmpty() || !r.dmesg().contains("BUG"), r.dmesg());
        }
    }

    @Test
    void spawnWithDeadlineAttributes_overSubscribed_isRefusedAndRunsNormal() {
        try (Rig r = new Rig(1, 1000)) {
            r.k.spawn(TaskSpec.process("a").attr(SchedAttr.deadline(ms(80), ms(100), ms(100))), k -> k.msleep(1000));
            r.k.spawn(TaskSpec.process("b").attr(SchedAttr.deadline(ms(30), ms(100), ms(100))), k -> k.msleep(1000));
            assertEquals("DEADLINE", r.ps("a").policy);
            assertEquals("NORMAL", r.ps("b").policy);
            assertTrue(r.dmesg().contains("sched: b[2]: SCHED_DEADLINE admission control refused"), r.dmesg());
        }
    }
}
