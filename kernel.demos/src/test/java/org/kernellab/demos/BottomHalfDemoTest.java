package org.kernellab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.SchedPolicy;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.demos.BottomHalfDemo.Phase;
import org.kernellab.demos.BottomHalfDemo.Scene;
import org.kernellab.demos.BottomHalfDemo.Seen;
import org.kernellab.demos.BottomHalfDemo.Way;

/** kernel:demo bottom-half on a standalone machine with the interrupt, softirq, tasklet and workqueue layers. */
class BottomHalfDemoTest {
    /** Half the work: a wait this long can only come from being stuck behind it. */
    private static final long STUCK_NS = BottomHalfDemo.WORK_NS / 2;
    /** One chunk of the work: the longest a task waits for a process-context bottom half to reach cond_resched(). */
    private static final long CHUNK_NS = BottomHalfDemo.WORK_NS / BottomHalfDemo.CHUNKS;

    private record Run(DemosTest.Outcome outcome, Scene scene) {
        Phase phase(Way w) {
            return scene.phase(w);
        }
    }

    private static Run run(PreemptModel model, String tasks) {
        BottomHalfDemo[] demo = {null};
        DemosTest.Outcome o = DemosTest.run(ViolationPolicy.WARN, model, e -> {
            demo[0] = new BottomHalfDemo(e.m.kernel(), e.irqs, e.m.machine(), e.tasklets, e.workqueues);
            return demo[0];
        }, tasks, true);
        return new Run(o, demo[0].scene());
    }

    private static Run run() {
        return run(PreemptModel.FULL, "continuation");
    }

    @Test
    void bottomHalf_eachWay_runsTheWorkInItsOwnContext() {
        Run r = run();
        Seen hard = r.phase(Way.HARDIRQ).seen;
        assertTrue(hard.hardirq() && hard.irqsOff() && hard.atomic() && !hard.task() && !hard.servingSoftirq(), hard.toString());
        assertEquals("app", hard.comm(), "a hard-IRQ handler runs on the interrupted task");

        Seen soft = r.phase(Way.TASKLET).seen;
        assertTrue(soft.servingSoftirq() && soft.atomic() && !soft.irqsOff() && !soft.hardirq() && !soft.task(), soft.toString());
        assertEquals(0x100, soft.preemptCount(), "SOFTIRQ_OFFSET, nothing else");
        assertEquals("app", soft.comm(), "at irq_exit, still on the interrupted task");

        Seen wq = r.phase(Way.WORKQUEUE).seen;
        assertTrue(wq.task() && !wq.atomic() && !wq.irqsOff() && !wq.servingSoftirq() && !wq.hardirq(), wq.toString());
        assertTrue(wq.comm().startsWith("kworker/0:"), wq.comm());
        assertEquals(SchedPolicy.NORMAL, wq.policy());

        Seen thr = r.phase(Way.THREADED).seen;
        assertTrue(thr.task() && !thr.atomic() && !thr.irqsOff() && !thr.servingSoftirq() && !thr.hardirq(), thr.toString());
        assertEquals("irq/8-bh-thread", thr.comm(), "irq/%d-%s cut to TASK_COMM_LEN");
        assertEquals(SchedPolicy.FIFO, thr.policy());
        assertEquals(50, thr.rtPriority());

        for (Way w : Way.values()) assertEquals(0, r.phase(w).seen.cpu(), w + " on the CPU its line is raised on");
    }

    @Test
    void bottomHalf_everyWay_doesAllTheSameWork_andEveryProbeIsCounted() {
        Run r = run();
        long crc = r.phase(Way.HARDIRQ).crc.getValue();
        for (Way w : Way.values()) {
            Phase ph = r.phase(w);
            assertEquals(BottomHalfDemo.DEVICE_IRQS, ph.done, w + " buffers done");
            assertEquals(BottomHalfDemo.DEVICE_IRQS, ph.device.n, w + " device latencies");
            assertEquals(crc, ph.crc.getValue(), w + " checksummed the same buffers");
            assertEquals(BottomHalfDemo.PROBES, ph.probeIrq.n, w + " probe interrupts");
            assertEquals(BottomHalfDemo.PROBES, ph.rtWakeup.n, w + " probe-rt wakeups");
            assertEquals(BottomHalfDemo.PROBES, ph.wakeup.n, w + " probe wakeups");
            assertTrue(ph.device.max >= BottomHalfDemo.WORK_NS, w + " a buffer is done no sooner than its work takes");
        }
        assertTrue(r.outcome.log().contains(String.format("every way checksummed the same 16 buffers, CRC32 0x%08x", crc)), r.outcome.log());
    }

    @Test
    void bottomHalf_hardIrq_keepsOtherInterruptsOut_theOthersLetThemIn() {
        Run r = run();
        Phase hard = r.phase(Way.HARDIRQ);
        assertTrue(hard.probeIrq.max > STUCK_NS, "the probe's interrupt waited behind the handler: " + hard.probeIrq.max);
        for (Way w : new Way[] {Way.TASKLET, Way.WORKQUEUE, Way.THREADED}) {
            assertTrue(r.phase(w).probeIrq.max < hard.probeIrq.max, w + " " + r.phase(w).probeIrq.max);
            assertTrue(r.phase(w).probeIrq.max < CHUNK_NS, w + ": interrupts stay on " + r.phase(w).probeIrq.max);
        }
    }

    @Test
    void bottomHalf_hardIrqAndTasklet_delayTheRtTask_workqueueAndThreaded_letItIn() {
        Run r = run();
        Phase hard = r.phase(Way.HARDIRQ);
        Phase soft = r.phase(Way.TASKLET);
        Phase wq = r.phase(Way.WORKQUEUE);
        Phase thr = r.phase(Way.THREADED);
        for (Phase ph : new Phase[] {soft, wq, thr}) {
            assertTrue(hard.rtWakeup.max >= ph.rtWakeup.max, ph.way + ": the hard-IRQ way gives the largest latency");
            assertTrue(hard.rtWakeup.mean() >= ph.rtWakeup.mean(), ph.way.toString());
        }
        assertTrue(soft.rtWakeup.max > STUCK_NS, "no task preempts a softirq: " + soft.rtWakeup.max);
        assertTrue(wq.rtWakeup.max < soft.rtWakeup.max && thr.rtWakeup.max < soft.rtWakeup.max, "process context lets FIFO 80 in");
        assertTrue(wq.rtWakeup.max < CHUNK_NS && thr.rtWakeup.max < CHUNK_NS, wq.rtWakeup.max + " " + thr.rtWakeup.max);
    }

    @Test
    void bottomHalf_threadedIrq_isRt_delaysNormalTasks_workqueueDoesNot_butTheDeviceWaits() {
        Run r = run();
        Phase wq = r.phase(Way.WORKQUEUE);
        Phase thr = r.phase(Way.THREADED);
        Phase hard = r.phase(Way.HARDIRQ);
        assertTrue(thr.wakeup.max > STUCK_NS, "FIFO 50 runs before any SCHED_NORMAL task: " + thr.wakeup.max);
        assertTrue(wq.wakeup.max < thr.wakeup.max, "a kworker is scheduled like an ordinary task");
        assertTrue(wq.device.max > hard.device.max, "the device pays for the workqueue: " + wq.device.max);
        assertEquals(BottomHalfDemo.WORK_NS, hard.device.max, "in the handler the work starts at the interrupt");
    }

    @ParameterizedTest
    @EnumSource(value = PreemptModel.class, names = {"NONE", "VOLUNTARY"})
    void bottomHalf_withoutFullPreemption_processContextYieldsAtCondResched(PreemptModel model) {
        Run r = run(model, "continuation");
        assertTrue(r.phase(Way.TASKLET).rtWakeup.max > STUCK_NS);
        for (Way w : new Way[] {Way.WORKQUEUE, Way.THREADED}) {
            long max = r.phase(w).rtWakeup.max;
            assertTrue(max > 0 && max <= CHUNK_NS, w + " under " + model + ": probe-rt waits for the next cond_resched(), " + max);
        }
    }

    @Test
    void bottomHalf_printsTheTableAndTheAccount_fromTheMeasurements() {
        Run r = run();
        String log = r.outcome.log();
        assertTrue(log.contains("bottom-half: the work ran in    device irq->done  probe irq waited  probe-rt late     probe late"), log);
        for (Way w : Way.values()) {
            Phase ph = r.phase(w);
            String row = String.format("bottom-half: " + BottomHalfDemo.ROW + "\n", w.label, ph.device.text(), ph.probeIrq.text(),
                    ph.rtWakeup.text(), ph.wakeup.text());
            assertTrue(log.contains(row), row + "\n" + log);
        }
        assertTrue(log.contains("bottom-half: hard-IRQ handler: ran 16 times for 16 buffers on CPU0, current=app/"), log);
        assertTrue(log.contains("in_irq()=1 in_serving_softirq()=0 in_task()=0 in_atomic()=1 irqs_disabled()=1 preempt_count=0x10000; it must not sleep"), log);
        assertTrue(log.contains("in_irq()=0 in_serving_softirq()=1 in_task()=0 in_atomic()=1 irqs_disabled()=0 preempt_count=0x100; it must not sleep"), log);
        assertTrue(log.contains("bottom-half: workqueue: ran 16 times for 16 buffers on CPU0, current=kworker/0:"), log);
        assertTrue(log.contains("bottom-half: threaded IRQ: ran 16 times for 16 buffers on CPU0, current=irq/8-bh-thread/"), log);
        assertTrue(log.contains("(SCHED_FIFO 50): in_irq()=0 in_serving_softirq()=0 in_task()=1 in_atomic()=0 irqs_disabled()=0 preempt_count=0x0; it may sleep"), log);
        assertTrue(log.contains("the probe's interrupt waited up to " + BottomHalfDemo.us(r.phase(Way.HARDIRQ).probeIrq.max) + " us"), log);
        assertTrue(log.contains("probe ran up to " + BottomHalfDemo.us(r.phase(Way.THREADED).wakeup.max) + " us late"), log);
        assertFalse(log.contains("BUG:"), log);
        assertEquals("time", r.outcome.run().stoppedBy);
        String trace = r.outcome.trace();
        for (String name : new String[] {"probe-timer", "bh-hardirq", "bh-tasklet", "bh-workqueue", "bh-threaded"}) {
            assertTrue(trace.contains("name=" + name), name);
        }
    }

    @ParameterizedTest
    @EnumSource(PreemptModel.class)
    void bottomHalf_continuationsAndThreads_sameTrace_andRepeatsExactly(PreemptModel model) {
        Run c = run(model, "continuation");
        Run t = run(model, "thread");
        Run again = run(model, "continuation");
        assertNotNull(c.outcome.digest());
        assertEquals(t.outcome.trace(), c.outcome.trace(), model.toString());
        assertEquals(t.outcome.digest(), c.outcome.digest(), model.toString());
        assertEquals(c.outcome.digest(), again.outcome.digest(), model.toString());
        assertEquals(t.outcome.log().replace("on virtual threads (tasks=thread)", "?"),
                c.outcome.log().replace("as continuations on the engine's thread", "?"));
    }
}
