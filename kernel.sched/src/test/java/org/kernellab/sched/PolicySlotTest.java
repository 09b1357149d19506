package org.kernellab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.sched.Rig.ms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedTask;
import org.kernellab.api.sched.dto.PolicyInfoDTO;

class PolicySlotTest {
    private static long[] hogs(Rig r, int n) {
        long[] counters = new long[n];
        for (int i = 0; i < n; i++) {
            int me = i;
            r.k.spawn(TaskSpec.process("hog" + i), k -> {
                for (;;) {
                    k.compute(ms(1));
                    counters[me]++;
                }
            });
        }
        return counters;
    }

    private static void assertAllProgress(Rig r, long[] counters, long runNs) {
        long[] before = counters.clone();
        r.k.run(runNs);
        for (int i = 0; i < counters.length; i++) {
            assertTrue(counters[i] > before[i], "hog" + i + " made no progress: " + counters[i] + "\n" + r.dmesg());
        }
    }

    private static PolicyInfoDTO info(Rig r, String name) {
        return r.svc.policies().stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void swap_everyTaskJoins_runningQueuedAndSleeping_andLeavesBackToFair() {
        try (Rig r = new Rig(1, 1000)) {
            TestPolicies.Fifo[] made = new TestPolicies.Fifo[1];
            r.svc.addProvider(TestPolicies.provider("tfifo", h -> made[0] = new TestPolicies.Fifo("tfifo", h)));
            long[] c = hogs(r, 2);
            r.k.spawn(TaskSpec.process("sleeper"), k -> {
                for (;;) k.msleep(50);
            });
            r.k.run(ms(10)); // hog0 or hog1 runs, the other is queued, the sleeper sleeps
            r.svc.use("tfifo", Map.of());
            List<String> enabled = new ArrayList<>(made[0].calls.stream().filter(call -> call.startsWith("enable")).toList());
            enabled.sort(null);
            assertEquals(List.of("enable hog0", "enable hog1", "enable sleeper"), enabled);
            assertEquals("tfifo", r.ps("sleeper").schedClass);
            assertAllProgress(r, c, ms(100));
            assertTrue(r.dmesg().contains("sched_ext: BPF scheduler \"tfifo\" enabled"), r.dmesg());
            assertEquals("active", info(r, "tfifo").state);

            r.svc.use("fair", Map.of());
            assertEquals(3, made[0].calls.stream().filter(s -> s.startsWith("disable")).count(), made[0].calls.toString());
            assertEquals("fair", r.ps("hog0").schedClass);
            assertAllProgress(r, c, ms(100));
            assertEquals(3, r.k.ps().stream().filter(t -> t.pid > 0).count());
        }
    }

    @Test
    void throwingPolicy_isEjected_tasksGoOnOnFair_andTheEjectionOutlivesAReset() {
        try (Rig r = new Rig(2, 1000)) {
            int[] picks = {0};
            r.svc.addProvider(TestPolicies.provider("boom", h -> new TestPolicies.Fifo("boom", h) {
                @Override
                public SchedTask pick(int cpu) {
                    if (++picks[0] > 5) throw new IllegalStateException("pick exploded");
                    return super.pick(cpu);
                }
            }));
            long[] c = hogs(r, 4);
            r.svc.use("boom", Map.of());
            r.k.run(ms(100));
            String log = r.dmesg();
            assertTrue(log.contains("sched_ext: BPF scheduler \"boom\" disabled (runtime error)"), log);
            assertTrue(log.contains("ops.pick threw java.lang.IllegalStateException: pick exploded"), log);
            assertTrue(log.contains("KernelLab: policy \"boom\" from (not in a bundle: "), log);
            assertEquals("ejected", info(r, "boom").state);
            assertTrue(info(r, "boom").reason.startsWith("runtime error: ops.pick threw"), info(r, "boom").reason);
            assertAllProgress(r, c, ms(50));
            assertEquals("fair", r.ps("hog0").schedClass);

            r.k.reset();
            assertEquals("fair", r.svc.status().active);
            assertEquals("ejected", info(r, "boom").state);
            r.svc.use("boom", Map.of()); // the user enables it again: the ejection is cleared
            assertEquals("active", info(r, "boom").state);
        }
    }

    @Test
    void pickOfATaskThatIsNotQueued_ejectsThePolicy() {
        try (Rig r = new Rig(1, 1000)) {
            SchedTask[] sleeper = new SchedTask[1];
            r.svc.addProvider(TestPolicies.provider("bad", h -> new TestPolicies.Fifo("bad", h) {
                @Override
                public void quiescent(SchedTask p, Dequeue why) {
                    if (p.comm().equals("sleeper")) sleeper[0] = p;
                }

                @Override
                public SchedTask pick(int cpu) {
                    return sleeper[0] != null ? sleeper[0] : super.pick(cpu);
                }
            }));
            long[] c = hogs(r, 1);
            r.k.spawn(TaskSpec.process("sleeper"), k -> {
                for (;;) k.msleep(1000);
            });
            r.svc.use("bad", Map.of());
            r.k.run(ms(50));
            String log = r.dmesg();
            assertTrue(log.contains("disabled (runtime error)"), log);
            assertTrue(log.contains("ops.pick on CPU 0 returned sleeper[2], which is not queued with the policy"), log);
            assertAllProgress(r, c, ms(20));
        }
    }

    @Test
    void policyThatNeverPicks_isEjectedByTheWatchdog_withSchedExtsWords() {
        try (Rig r = new Rig(1, 1000, new SchedulerService(ms(2000)))) {
            r.svc.addProvider(TestPolicies.provider("lazy", h -> new TestPolicies.Fifo("lazy", h) {
                @Override public SchedTask pick(int cpu) { return null; }
            }));
            long[] c = hogs(r, 2);
            r.svc.use("lazy", Map.of());
            r.k.run(ms(4000));
            String log = r.dmesg();
            assertTrue(log.contains("sched_ext: BPF scheduler \"lazy\" disabled (runnable task stall)"), log);
            assertTrue(log.matches("(?s).*sched_ext: lazy: hog\\d\\[\\d+\\] failed to run for [23]\\.\\d{3}s.*"), log);
            assertAllProgress(r, c, ms(50));
        }
    }

    @Test
    void pickThatKicksTheOtherCpuAndFindsNothing_livelocksBothCpus_andIsEjected() {
        try (Rig r = new Rig(2, 1000)) {
            r.svc.addProvider(TestPolicies.provider("spin", h -> new TestPolicies.Fifo("spin", h) {
                @Override
                public SchedTask pick(int cpu) {
                    host.kick(1 - cpu); // each CPU wakes the other, which finds nothing either
                    return null;
                }
            }));
            long[] c = hogs(r, 2);
            r.svc.use("spin", Map.of());
            r.k.run(ms(10));
            String log = r.dmesg();
            assertTrue(log.contains("came back empty 10000 times"), log);
            assertAllProgress(r, c, ms(20));
        }
    }

    @Test
    void pickThatKicksItsOwnCpu_isAbsorbedBySchedule_andTheWatchdogCatchesTheStall() {
        try (Rig r = new Rig(1, 1000, new SchedulerService(ms(1000)))) {
            r.svc.addProvider(TestPolicies.provider("spin", h -> new TestPolicies.Fifo("spin", h) {
                @Override
                public SchedTask pick(int cpu) {
                    host.kick(cpu); // need_resched set during the pick is cleared by __schedule()
                    return null;
                }
            }));
            long[] c = hogs(r, 1);
            r.svc.use("spin", Map.of());
            r.k.run(ms(2000));
            String log = r.dmesg();
            assertTrue(log.contains("disabled (runnable task stall)"), log);
            assertAllProgress(r, c, ms(20));
        }
    }

    @Test
    void rtTasksHoggingTheCpu_doNotMakeTheWatchdogBlameThePolicy() {
        try (Rig r = new Rig(1, 1000, new SchedulerService(ms(500)))) {
            r.svc.addProvider(TestPolicies.provider("tfifo", h -> new TestPolicies.Fifo("tfifo", h)));
            r.svc.use("tfifo", Map.of());
            long[] c = hogs(r, 1);
            r.k.spawn(TaskSpec.process("rt").attr(SchedAttr.fifo(50)), k -> {
                for (;;) k.compute(ms(1));
            });
            r.k.run(ms(3000));
            assertTrue(!r.dmesg().contains("disabled"), r.dmesg());
            assertEquals("active", info(r, "tfifo").state);
            assertTrue(c[0] > 0, "the policy's task ran while rt was throttled");
        }
    }

    @Test
    void use_unknownNameOrBadParameter_isRefusedAndChangesNothing() {
        try (Rig r = new Rig(1, 1000)) {
            r.svc.addProvider(TestPolicies.provider("tfifo", h -> new TestPolicies.Fifo("tfifo", h)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.svc.use("nosuch", Map.of()));
            assertEquals("policy \"nosuch\" is unknown; the policies are: fair, tfifo", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> r.svc.use("tfifo", Map.of("slice", "5")));
            assertEquals("policy tfifo: slice=5: needs a duration with a unit (ns, us, ms, s), e.g. 10ms", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> r.svc.use("tfifo", Map.of("quantum", "5ms")));
            assertEquals("policy tfifo: unknown parameter \"quantum\"; it takes slice", e.getMessage());
            assertEquals("fair", r.svc.status().active);
            r.svc.use("tfifo", Map.of("slice", "2ms"));
            assertEquals("tfifo", r.svc.status().active);
            assertEquals(Map.of("slice", "2ms"), r.svc.status().params);
        }
    }

    @Test
    void providerGoingAway_swapsBackToFair_andComingBackEnablesTheNewOne() {
        try (Rig r = new Rig(1, 1000)) {
            PolicyProvider v1 = TestPolicies.provider("tfifo", h -> new TestPolicies.Fifo("tfifo", h));
            PolicyProvider v2 = TestPolicies.provider("tfifo", h -> new TestPolicies.Fifo("tfifo", h));
            r.svc.addProvider(v1);
            long[] c = hogs(r, 3);
            r.svc.use("tfifo", Map.of());
            r.k.run(ms(20));
            r.svc.removeProvider(v1);
            assertTrue(r.dmesg().contains("sched_ext: BPF scheduler \"tfifo\" disabled (unregistered from user space)"), r.dmesg());
            assertEquals("fair", r.svc.status().active);
            assertEquals("tfifo", r.svc.status().desired);
            assertAllProgress(r, c, ms(20));
            r.svc.addProvider(v2);
            assertEquals("tfifo", r.svc.status().active);
            assertAllProgress(r, c, ms(20));
            assertNotNull(r.ps("hog2"));
        }
    }

    @Test
    void taskWhoseWorkEndsAtItsQuantumEnd_exitsBeforeTheQuantumPreemptsIt() {
        try (Rig r = new Rig(1, 1000)) {
            r.svc.addProvider(TestPolicies.provider("tfifo", h -> new TestPolicies.Fifo("tfifo", h)));
            r.svc.use("tfifo", Map.of()); // 5 ms quanta through preemptAfter
            r.m.tracer().start();
            r.k.spawn(TaskSpec.process("a"), k -> k.compute(ms(5)));
            r.k.spawn(TaskSpec.process("b"), k -> k.compute(ms(5)));
            r.k.runUntilIdle(ms(100));
            List<String> switches = new ArrayList<>();
            for (var e : r.m.tracer().events()) if (e.type.equals("sched_switch")) switches.add(e.timeNs / 1_000_000 + " " + e.detail.replaceAll(".*prev_state=(\\S+).*next_comm=(\\S+).*", "$1 $2"));
            // a's exit at 5 ms comes before the hrtick due at 5 ms: no R+ switch, b starts at once
            assertEquals(List.of("0 R a", "5 X b", "10 X swapper/0"), switches);
        }
    }

    @Test
    void policyKickingItsOwnCpuFromEnqueue_isNotALivelock_theMachineRunsOn() {
        // sched_ext allows scx_bpf_kick_cpu() from ops.enqueue on any CPU, the picking one included
        try (Rig r = new Rig(1, 1000)) {
            r.svc.addProvider(TestPolicies.provider("kicker", h -> new TestPolicies.Fifo("kicker", h) {
                @Override
                public void enqueue(int cpu, SchedTask p, org.kernellab.api.sched.Enqueue why) {
                    super.enqueue(cpu, p, why);
                    host.kick(cpu);
                }
            }));
            long[] c = hogs(r, 2);
            r.svc.use("kicker", Map.of());
            assertAllProgress(r, c, ms(50));
            assertTrue(!r.dmesg().contains("disabled"), r.dmesg());
        }
    }

    @Test
    void niceChangeOfTheRunningTask_reachesThePolicyAsSetWeightOnly() {
        try (Rig r = new Rig(1, 1000)) {
            TestPolicies.Fifo[] made = new TestPolicies.Fifo[1];
            r.svc.addProvider(TestPolicies.provider("tfifo", h -> made[0] = new TestPolicies.Fifo("tfifo", h)));
            r.svc.use("tfifo", Map.of());
            org.kernellab.api.Task[] self = new org.kernellab.api.Task[1];
            self[0] = r.k.spawn(TaskSpec.process("me"), k -> {
                k.compute(ms(1));
                k.setNice(self[0], 5);
                k.compute(ms(1));
            });
            r.k.runUntilIdle(ms(100));
            List<String> calls = made[0].calls.stream().filter(c -> c.contains("me")).toList();
            assertEquals(List.of("enable me", "running me", "setWeight me 335", "stopping me false", "disable me"), calls);
        }
    }
}
