package org.kernellab.workload.internal;

import static org.kernellab.workload.internal.Generator.option;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.workload.GeneratorInfo;
import org.kernellab.api.workload.Machine;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;

/**
 * masoncl/schbench in its default (saturating) mode: {@code messages} message threads, each
 * with {@code workers} worker threads. A worker posts itself to its message thread and waits
 * to be woken (the wakeup latency schbench reports is from that wake to running), then does
 * a request: a {@code sleep} (schbench -s, "simulated networking") and {@code work} of CPU
 * time (its matrix math, -F and -n); then it posts again. A message thread waits for a post,
 * spends {@code msgcost}, and wakes one waiting worker. The run stops after {@code runtime}.
 *
 * <p>The structure has nothing random in it: the seed is the machine's seed only. Not
 * modelled: the per-CPU lock held during the math (schbench's penalty on preemption), the
 * requests-per-second mode (-R), pinning (-M, -W) and pipe mode (-p). A message thread here
 * wakes one worker per post rather than every worker on its list at once.
 */
final class Schbench implements Generator {
    static final String NAME = "schbench";

    private static final GeneratorInfo INFO = new GeneratorInfo(NAME,
            "masoncl/schbench: message threads waking worker threads, for wakeup latency",
            Generator.withCommon(NAME, Machine.DEFAULT_SEED, Machine.DEFAULT_CPUS, Machine.DEFAULT_HZ, List.of(
                    option("messages", "1", "message threads (schbench -m; 1)"),
                    option("workers", "", "worker threads per message thread (schbench -t; default: the machine's CPUs)"),
                    option("sleep", "100us", "each request's sleep (schbench -s; 100 us); 0ns for none"),
                    option("work", "17ms", "each request's CPU time (schbench's -F 256 -n 5 take about 17 ms on its README's machine)"),
                    option("msgcost", "5us", "CPU time a message thread spends per wakeup"),
                    option("runtime", "30s", "how long the run lasts (schbench -r; 30 s)"))));

    @Override
    public GeneratorInfo info() {
        return INFO;
    }

    @Override
    public Workload generate(Options o) {
        Machine m = Generator.machine(o);
        int messages = (int) o.integer("messages", 1, 1_000);
        int workers = o.given("workers") ? (int) o.integer("workers", 1, 10_000) : m.cpus();
        long sleep = o.duration("sleep", 0);
        long work = o.duration("work", 1);
        long msgcost = o.duration("msgcost", 1);
        long runtime = o.duration("runtime", 1);
        List<TaskDef> tasks = new ArrayList<>();
        for (int k = 0; k < messages; k++) {
            String post = "msg" + k + "-post";
            String wake = "msg" + k + "-wake";
            tasks.add(TaskDef.of("msg" + k, Phase.await(post), Phase.run(msgcost), Phase.signal(wake)).withLoop(TaskDef.FOREVER));
            List<Phase> request = new ArrayList<>(List.of(Phase.signal(post), Phase.await(wake)));
            if (sleep > 0) request.add(Phase.sleep(sleep));
            request.add(Phase.run(work));
            tasks.add(TaskDef.of("msg" + k + "-worker", request).withInstances(workers).withLoop(TaskDef.FOREVER));
        }
        return new Workload(o.name("name"), m, runtime, tasks);
    }
}
