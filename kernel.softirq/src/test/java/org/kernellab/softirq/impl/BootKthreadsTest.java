package org.kernellab.softirq.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;

/** ksoftirqd/N and the workqueue pools' first kworkers start when the machine boots, with the boot block's pids, and stay out of a run's trace and pids. */
class BootKthreadsTest {

    /** The softirq layer as the framework wires it: bottom half, softirqs, and a machine listener (which starts ksoftirqd at boot). */
    private static SoftirqLayer softirqLayer(StandaloneMachine m, KthreadLayer kthreads) {
        SoftirqLayer softirqs = new SoftirqLayer(m.kernel(), m.machine(), kthreads);
        m.bottomHalf(softirqs);
        m.softirqs(softirqs);
        m.addListener(softirqs);
        return softirqs;
    }

    @Test
    void reset_startsKsoftirqdPerCpu_sleeping_withBootPids_andARunKeepsItsPids() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            KthreadLayer kthreads = new KthreadLayer(m.kernel(), m.machine());
            SoftirqLayer softirqs = softirqLayer(m, kthreads);
            m.withPeriodicTick(); // every tick's irq_exit enters the softirq layer: where ksoftirqd started lazily
            m.kernel().reset();

            Map<String, String> kthreadsAtBoot = new TreeMap<>();
            for (TaskDTO t : m.kernel().ps()) if (t.kernelThread && t.pid > 0) kthreadsAtBoot.put(t.comm, t.pid + " " + t.state);
            assertEquals(Map.of("ksoftirqd/0", "1000 S", "ksoftirqd/1", "1001 S"), kthreadsAtBoot, "started at boot, asleep");
            assertEquals(0, m.kernel().now(), "boot takes no virtual time");
            assertEquals(0, m.kernel().eventCount(), "they have not run: asleep from the start");

            m.tracer().start();
            Task app = m.kernel().spawn(TaskSpec.process("app"), k -> k.compute(10_000_000));
            Task other = m.kernel().spawn(TaskSpec.process("other"), k -> k.compute(10_000_000));
            m.kernel().runUntilIdle(10_000_000);
            assertEquals(1, app.pid(), "a run's tasks keep the pids they had before ksoftirqd started at boot");
            assertEquals(2, other.pid());
            String trace = m.tracer().text();
            assertFalse(trace.contains("ksoftirqd"), "ksoftirqd is not started in the middle of the run:\n" + trace);
            assertTrue(trace.contains("sched_wakeup_new: comm=app pid=1"), trace);
            assertTrue(trace.contains("irq_handler_entry") || m.kernel().jiffies() > 0, "the run took ticks");

            // its first wakeup is where the scheduler meets it: it runs, and sleeps again
            Task ks0 = softirqs.ksoftirqd(0).task();
            m.kernel().spawn(TaskSpec.process("waker").onCpu(0), k -> k.wakeUpProcess(ks0));
            m.kernel().runUntilIdle(10_000_000);
            String after = m.tracer().text();
            assertTrue(after.contains("sched_wakeup: comm=ksoftirqd/0 pid=1000"), after);
            assertTrue(after.contains("next_comm=ksoftirqd/0 next_pid=1000"), after);
            assertEquals("S", String.valueOf(ks0.state().letter()), "back at its sleep: nothing was pending");
        }
    }

    @Test
    void reset_startsEachWorkqueuePoolsFirstWorker_afterKsoftirqd_sleeping_untilWorkWakesIt() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            KthreadLayer kthreads = new KthreadLayer(m.kernel(), m.machine());
            softirqLayer(m, kthreads);
            WorkqueueLayer wq = new WorkqueueLayer(m.kernel(), m.machine(), kthreads, 30, 10_000, false);
            m.addListener(wq);
            m.kernel().reset();

            Map<String, String> kthreadsAtBoot = new TreeMap<>();
            for (TaskDTO t : m.kernel().ps()) if (t.kernelThread && t.pid > 0) kthreadsAtBoot.put(t.comm, t.pid + " " + t.state);
            Map<String, String> expected = new TreeMap<>(Map.of("ksoftirqd/0", "1000 S", "ksoftirqd/1", "1001 S",
                    "kworker/0:0", "1002 S", "kworker/0:0H", "1003 S", "kworker/1:0", "1004 S", "kworker/1:0H", "1005 S",
                    "kworker/u4:0", "1006 S", "kworker/u5:0", "1007 S"));
            assertEquals(expected, kthreadsAtBoot, "workqueue_init(): every pool's first worker, asleep, after ksoftirqd");
            assertEquals(0, m.kernel().eventCount(), "nothing has run");

            m.tracer().start();
            String[] ranOn = {null};
            org.kernellab.api.workqueue.Work w = wq.initWork("w", work -> ranOn[0] = m.kernel().current().comm() + "/" + m.kernel().current().pid());
            Task app = m.kernel().spawn(TaskSpec.process("app").onCpu(0), k -> wq.queue(wq.systemWq(), w));
            m.kernel().runUntilIdle(10_000_000);
            assertEquals(1, app.pid(), "the run's own task keeps pid 1");
            assertEquals("kworker/0:0/1002", ranOn[0], "the boot worker of CPU 0's pool runs the first work");
            String trace = m.tracer().text();
            assertTrue(trace.contains("sched_wakeup: comm=kworker/0:0 pid=1002"), "first met by the scheduler at its wakeup:\n" + trace);
            assertFalse(trace.contains("kworker/1:0"), "the other pools' workers sleep on:\n" + trace);
        }
    }
}
