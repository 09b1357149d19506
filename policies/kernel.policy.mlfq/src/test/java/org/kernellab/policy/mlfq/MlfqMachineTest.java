package org.kernellab.policy.mlfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.policy.testkit.PolicyMachine;
import org.kernellab.sched.SchedulerService;

/** The policy on a real machine: 1 CPU, HZ 1000, the real scheduler core. Times in ms of virtual time. */
class MlfqMachineTest {
    private static final long MS = 1_000_000L;

    /** A machine running mlfq with {@code params}, tracing. */
    private static PolicyMachine machine(Map<String, String> params) {
        return new PolicyMachine(1, new MlfqProvider(), params);
    }

    private static Task hog(PolicyMachine m, String comm) {
        return m.hog(TaskSpec.process(comm));
    }

    /** A task that does {@code n} times: 1 ms of CPU, then a 1 ms sleep (an I/O). */
    private static Task interactive(Kernel k, String comm, int n) {
        return k.spawn(TaskSpec.process(comm), kk -> {
            for (int i = 0; i < n; i++) {
                kk.compute(MS);
                kk.msleep(1);
            }
        });
    }

    /** The instants, in ns, at which {@code pid} was switched in. */
    private static List<Long> switchesTo(PolicyMachine m, Task t) {
        List<Long> out = new ArrayList<>();
        for (TraceEventDTO e : m.tracer().events()) {
            if (e.type.equals("sched_switch") && e.arg == t.pid()) out.add(e.timeNs);
        }
        return out;
    }

    /** The first switch at or after {@code fromNs} (ns), as "pid@ms". */
    private static String nextSwitch(PolicyMachine m, long fromNs) {
        for (TraceEventDTO e : m.tracer().events()) {
            if (e.type.equals("sched_switch") && e.timeNs >= fromNs) return e.arg + "@" + e.timeNs / (double) MS;
        }
        return "none";
    }

    /** For every wakeup of {@code t} after its first run: how long it waited for the CPU, ns. */
    private static List<Long> wakeupLatencies(PolicyMachine m, Task t) {
        List<Long> out = new ArrayList<>();
        long wokeAt = -1;
        boolean ran = false;
        for (TraceEventDTO e : m.tracer().events()) {
            if (e.type.equals("sched_switch") && e.arg == t.pid()) {
                if (wokeAt >= 0) out.add(e.timeNs - wokeAt);
                wokeAt = -1;
                ran = true;
            } else if (e.type.equals("sched_wakeup") && e.arg == t.pid() && ran) {
                wokeAt = e.timeNs;
            }
        }
        return out;
    }

    @Test
    void cpuBoundJob_afterItsAllotment_isDemotedAndANewJobPreemptsIt() {
        try (PolicyMachine m = machine(Map.of("quantum", "10ms", "allotment", "2"))) {
            Kernel k = m.kernel();
            Task a = hog(m, "a");
            k.run(15 * MS);
            // a is within its allotment at the top (0..20): b, also at the top, waits for a's quantum end
            Task b = k.spawn(TaskSpec.process("b"), kk -> kk.compute(5 * MS));
            k.run(17 * MS);
            // at 32 a has used two quanta at the top (demoted at 20) and runs one level down: c preempts it at once
            Task c = k.spawn(TaskSpec.process("c"), kk -> kk.compute(5 * MS));
            k.run(50 * MS);
            assertEquals(List.of(20 * MS), switchesTo(m, b), "b waits for a's second quantum to end");
            assertEquals(List.of(32 * MS), switchesTo(m, c), "c preempts the demoted a on arrival");
            assertEquals(List.of(0L, 25 * MS, 37 * MS), switchesTo(m, a), "a runs when b and c are done");
        }
    }

    @Test
    void stay_interactiveJob_staysAtTheTopAndRunsAtOnceOnEveryWakeup() {
        try (PolicyMachine m = machine(Map.of("quantum", "10ms", "stay", "true"))) {
            Kernel k = m.kernel();
            hog(m, "hog");
            Task io = interactive(k, "io", 60);
            k.run(400 * MS);
            List<Long> lat = wakeupLatencies(m, io);
            assertTrue(lat.size() >= 50, "wakeups seen: " + lat.size());
            for (long l : lat) assertEquals(0L, l, "io waited after a wakeup: " + lat);
        }
    }

    @Test
    void noStay_interactiveJob_sinksToTheHogsLevelAndWaits() {
        try (PolicyMachine m = machine(Map.of("quantum", "10ms"))) {
            Kernel k = m.kernel();
            hog(m, "hog");
            Task io = interactive(k, "io", 60);
            k.run(400 * MS);
            List<Long> lat = wakeupLatencies(m, io);
            // 1 ms per I/O uses up a 10 ms quantum in 10 I/Os: after 20 the job is at the bottom with the hog
            assertTrue(lat.stream().anyMatch(l -> l > 0), "without stay, io is demoted and waits: " + lat);
            assertTrue(lat.subList(0, 15).stream().allMatch(l -> l == 0), "above the hog at first: " + lat);
        }
    }

    @Test
    void boost_starvedJob_returnsToTheTopAtTheBoostInstant() {
        for (String boost : new String[] {"45ms", "0"}) {
            try (PolicyMachine m = machine(Map.of("quantum", "10ms", "boost", boost))) {
                Kernel k = m.kernel();
                Task s = hog(m, "s");
                k.run(20 * MS);
                // s is demoted to the bottom at 20; two new hogs take the top and then the middle level
                Task h1 = hog(m, "h1");
                hog(m, "h2");
                k.run(80 * MS);
                List<Long> sIn = switchesTo(m, s);
                if (boost.equals("0")) {
                    // no boost: s waits until h1 too has sunk to the bottom, at 60
                    assertEquals(List.of(0L, 60 * MS), sIn.subList(0, 2), "without boost");
                } else {
                    // the boost at 45 moves the bottom queue up first: s heads the top queue and preempts h1
                    assertEquals(List.of(0L, 45 * MS), sIn.subList(0, 2), "with boost=45ms");
                    assertEquals(h1.pid() + "@55.0", nextSwitch(m, 46 * MS), "s runs a full top quantum, then h1");
                }
            }
        }
    }

    @Test
    void iobump_wakingJob_goesToTheHeadOfItsQueue() {
        for (boolean iobump : new boolean[] {true, false}) {
            try (PolicyMachine m = machine(Map.of("queues", "1", "quantum", "10ms", "iobump", Boolean.toString(iobump)))) {
                Kernel k = m.kernel();
                hog(m, "h1");
                hog(m, "h2");
                Task io = interactive(k, "io", 20);
                k.run(600 * MS);
                List<Long> lat = wakeupLatencies(m, io);
                assertTrue(lat.size() >= 15, "wakeups seen: " + lat);
                if (iobump) {
                    for (long l : lat) assertEquals(0L, l, "at the head, io preempts the hog at once: " + lat);
                } else {
                    assertTrue(lat.stream().allMatch(l -> l > 0), "at the tail, io waits behind the hogs: " + lat);
                }
            }
        }
    }

    @Test
    void twoCpus_hogsAndSleepersWithEveryOption_shareBothCpusWithoutEjection() {
        try (PolicyMachine m = new PolicyMachine(2, 1000, new MlfqProvider())) {
            SchedulerService svc = m.scheduler();
            svc.use("mlfq", Map.of("quanta", "2ms,4ms,8ms", "allotments", "2,2,1", "boost", "30ms", "stay", "true", "iobump", "true"));
            Kernel k = m.kernel();
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) tasks.add(hog(m, "hog" + i));
            for (int i = 0; i < 3; i++) tasks.add(interactive(k, "io" + i, 1000));
            k.run(500 * MS);
            svc.use("fair", Map.of()); // a swap away and back, with tasks running, queued and asleep
            k.run(50 * MS);
            svc.use("mlfq", Map.of("quantum", "5ms"));
            k.run(500 * MS);
            String log = k.dmesg().stream().map(l -> l.text).reduce("", (a, b) -> a + b + "\n");
            assertTrue(!log.contains("ejected"), log);
            for (org.kernellab.api.dto.TaskDTO t : k.ps()) {
                if (t.comm.startsWith("hog") || t.comm.startsWith("io")) {
                    assertTrue(t.utimeNs > 20 * MS, t.comm + " ran " + t.utimeNs + " ns");
                    assertEquals("mlfq", t.schedClass, t.comm);
                }
            }
        }
    }

    @Test
    void use_badParameter_isRefusedNamingTheKey() {
        SchedulerService svc = new SchedulerService();
        svc.addProvider(new MlfqProvider());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> svc.use("mlfq", Map.of("allotments", "1,1")));
        assertTrue(e.getMessage().startsWith("policy mlfq: allotments=1,1: "), e.getMessage());
    }
}
