package org.kernellab.compare.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.run.Slice;
import org.kernellab.api.run.TaskStats;
import org.kernellab.api.run.WorkloadRunner;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.api.workload.WorkloadReader;

/** Hand-made runs and services for the tests: no kernel, exact numbers. */
final class Fakes {
    private Fakes() {
    }

    static final long MS = 1_000_000L;

    /** Two tasks on 2 CPUs, seed 1, stop at 10 ms. */
    static Workload workload(String name) {
        return new Workload(name, new Machine(2, 1000, 1, org.kernellab.api.workload.Costs.NONE), 10 * MS,
                List.of(TaskDef.of("a", Phase.run(MS)), TaskDef.of("b", Phase.run(MS))));
    }

    static TaskStats task(String name, int pid, long start, Long firstRun, Long exit, long cpu, long wait, long[] wakeups) {
        return new TaskStats(name, pid, start, firstRun, exit, cpu, wait, 1, 2, 0, wakeups, 0, 0, null, null);
    }

    static RunResult result(RunSpec spec, List<TaskStats> tasks, long end, long[] busy) {
        return new RunResult(spec, spec.workload().machine().cpus(), spec.workload().machine().hz(), end, "stop", tasks, 10, 1, busy,
                List.of(), "", "d1", List.of());
    }

    /**
     * A runner whose results depend only on the spec (the policy's position and the seed), as
     * the real one promises; it counts its calls and records the order in which runs finish.
     * With {@link #reverse} set, run i of the expected order waits until run i+1 has finished,
     * so runs on enough threads finish last-first.
     */
    static final class Runner implements WorkloadRunner {
        final List<String> policies;
        final List<String> finished = new CopyOnWriteArrayList<>();
        final Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
        List<String> reverse;
        /** When set, each run reports progress until it is cancelled, counting this latch down on its first report. */
        CountDownLatch untilCancelled;

        Runner(String... policies) {
            this.policies = List.of(policies);
        }

        static String key(RunSpec s) {
            return PolicyEntry.of(s.policy(), s.params()).label() + "/" + s.seed();
        }

        @Override
        public RunResult run(RunSpec spec, RunMonitor monitor) {
            if (!policies.contains(spec.policy())) throw new IllegalArgumentException("unknown policy " + spec.policy());
            checkParams(spec.policy(), spec.params()); // as the real runner: before anything runs
            if (untilCancelled != null) {
                long now = 0;
                while (!monitor.cancelled()) {
                    monitor.progress(now += MS, now);
                    untilCancelled.countDown();
                    Thread.onSpinWait();
                }
                throw new java.util.concurrent.CancellationException("cancelled at " + now);
            }
            if (reverse != null) {
                int i = reverse.indexOf(key(spec));
                if (i + 1 < reverse.size()) {
                    try {
                        if (!done.computeIfAbsent(reverse.get(i + 1), k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("run " + reverse.get(i + 1) + " never finished");
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            monitor.progress(5 * MS, 100);
            RunResult r = make(spec);
            finished.add(key(spec));
            done.computeIfAbsent(key(spec), k -> new CountDownLatch(1)).countDown();
            return r;
        }

        private RunResult make(RunSpec spec) {
            int p = policies.indexOf(spec.policy());
            long s = spec.seed();
            long weight = 0; // the parameters change the responses: rr:quantum=5ms answers 5 us later than rr
            for (String v : spec.params().values()) {
                String digits = v.replaceAll("\\D", "");
                if (!digits.isEmpty()) weight += Long.parseLong(digits);
            }
            List<TaskStats> tasks = new ArrayList<>();
            int pid = 3;
            for (TaskDef t : spec.workload().expand()) {
                long cpu = (pid + p) * MS + s * 1000;
                long[] wakeups = {p * 1000L + s, 2000L * pid, 3000L + p};
                Long exit = p == 1 ? null : 8 * MS + pid * 1000 + s;
                tasks.add(new TaskStats(t.name(), pid, t.startNs(), t.startNs() + p * 10_000L + weight * 1000, exit, cpu, MS * p + s, pid, p, s % 3,
                        wakeups, p == 2 ? 4 : 0, p == 2 ? 1 : 0, p == 2 ? 7 * MS : null, p == 2 ? new long[] {3 * MS, 4 * MS, 9 * MS} : null));
                pid++;
            }
            List<Slice> timeline = spec.timeline()
                    ? List.of(new Slice(0, 0, MS, 3, "a", -1), new Slice(0, 100, 200, 3, "a", 7), new Slice(1, 0, 2 * MS, 4, "b", -1))
                    : List.of();
            return new RunResult(spec, spec.workload().machine().cpus(), spec.workload().machine().hz(), 10 * MS, "stop", tasks,
                    100 + p * 10 + s, p + s, new long[] {6 * MS + s, 4 * MS + p}, timeline,
                    spec.timeline() ? "# tracer: nop\n  a-3 [000] 0.000000: sched_switch: " + spec.policy() + "\n" : "",
                    "digest-" + spec.policy() + "-" + s, List.of("policy " + Sweep.label(spec)));
        }

        @Override
        public List<String> policies() {
            return policies;
        }
    }

    /**
     * The parameters the fake policies take, checked as the real providers check theirs:
     * {@code rr} takes {@code quantum} and {@code quanta} (a list, as mlfq's), {@code cfs} takes {@code slice} and {@code latency}, each a
     * duration with a unit; {@code fair} takes none.
     */
    static void checkParams(String policy, Map<String, String> params) {
        List<String> known = switch (policy) {
            case "rr" -> List.of("quantum", "quanta");
            case "cfs" -> List.of("slice", "latency");
            default -> List.of();
        };
        if (policy.equals("fair") && !params.isEmpty()) throw new IllegalArgumentException("policy fair: the built-in class takes no parameters");
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new IllegalArgumentException("policy " + policy + ": unknown parameter \"" + e.getKey() + "\"; it takes " + String.join(", ", known));
            }
            if (!e.getValue().matches("\\d+(ns|us|ms|s)(,\\d+(ns|us|ms|s))*") || !e.getKey().equals("quanta") && e.getValue().contains(",")) {
                throw new IllegalArgumentException("policy " + policy + ": " + e.getKey() + "=" + e.getValue()
                        + ": needs a duration with a unit (ns, us, ms, s), e.g. 10ms");
            }
        }
    }

    /** The scheduler's controls as far as sched:compare uses them: {@link #factory} checks the parameters, and counts its calls. */
    static final class Control implements SchedulerControl {
        final List<String> checked = new CopyOnWriteArrayList<>();

        @Override
        public List<PolicyInfoDTO> policies() {
            return List.of();
        }

        @Override
        public void use(String name, Map<String, String> params) {
            throw new UnsupportedOperationException("sched:compare never changes the framework's policy");
        }

        @Override
        public SchedulerFactory factory(String name, Map<String, String> params) {
            checked.add(PolicyEntry.of(name, params).label());
            checkParams(name, params);
            return machine -> {
                throw new UnsupportedOperationException("a check only");
            };
        }

        @Override
        public SchedStatusDTO status() {
            return new SchedStatusDTO();
        }
    }

    /** A reader of {@link #workload} that reads nothing but the file's existence (and its name). */
    static final class Reader implements WorkloadReader {
        final List<Path> read = new CopyOnWriteArrayList<>();

        @Override
        public Workload read(String fileName, String json) {
            return workload(fileName.replaceAll(".*/|\\.json$", ""));
        }

        @Override
        public Workload read(Path file) throws IOException {
            read.add(file);
            String text = Files.readString(file); // NoSuchFileException as the real reader has it
            return read(file.toString(), text);
        }
    }
}
