package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.sched.core.KTask;
import org.kernellab.api.sched.core.Put;
import org.kernellab.api.sched.core.SchedulerFactory;

/**
 * The 2.6 layout's PREEMPT_ACTIVE (bit 28): set around a preemptive schedule(), as 2.6's
 * preempt_schedule() did, masked out by in_atomic(), absent from the 6.x layout.
 */
class PreemptActiveTest {

    /** Two CPU hogs on one CPU: the bypass FIFO's slice preempts one for the other at a tick. */
    private static List<String> run(PreemptLayout layout, StringBuilder trace) {
        List<String> seen = new ArrayList<>();
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1).withLayout(layout))) {
            SchedulerFactory watching = sm -> new ForwardingScheduler(new BypassFifo(sm)) {
                @Override
                public KTask pickNext(int cpu, KTask prev, Put how) {
                    if (how == Put.PREEMPT && seen.isEmpty()) {
                        int pc = m.host.context.preemptCount();
                        seen.add(String.format("0x%08x in_atomic()=%d", pc, m.host.context.inAtomic() ? 1 : 0));
                    }
                    return super.pickNext(cpu, prev, how);
                }
            };
            m.host.schedulerFactory(watching); // a reboot: the tick is armed after it
            m.withTick();
            Kernel k = m.host.kernel;
            m.host.tracer.start();
            for (String n : List.of("a", "b")) k.spawn(TaskSpec.process(n), kk -> kk.compute(200_000_000L));
            k.run(100_000_000L);
            trace.append(m.host.tracer.text());
            seen.add("after: 0x" + Integer.toHexString(m.host.context.preemptCount()));
        }
        return seen;
    }

    @Test
    void linux26_preemptActiveDuringThePreemptiveSwitch_maskedByInAtomic_andGoneAfter() {
        StringBuilder trace = new StringBuilder();
        assertEquals(List.of("0x10000000 in_atomic()=0", "after: 0x0"), run(PreemptLayout.LINUX_2_6, trace));
        // 2.6's sched_switch printed the raw state: the preemption was in the count, not the event
        assertTrue(trace.toString().contains("prev_comm=a prev_pid=1 prev_prio=120 prev_state=R ==> next_comm=b"), trace.toString());
        assertFalse(trace.toString().contains("prev_state=R+"), trace.toString());
    }

    @Test
    void linux6_noPreemptActive_theEventSaysRPlus() {
        StringBuilder trace = new StringBuilder();
        assertEquals(List.of("0x00000000 in_atomic()=0", "after: 0x0"), run(PreemptLayout.LINUX_6, trace));
        assertTrue(trace.toString().contains("prev_comm=a prev_pid=1 prev_prio=120 prev_state=R+ ==> next_comm=b"), trace.toString());
    }
}
