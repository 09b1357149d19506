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
 * rt-tests' hackbench: {@code groups} groups of {@code fds} receivers and {@code fds}
 * senders; each sender sends {@code loops} rounds of one message to each receiver of its
 * group, and each receiver takes {@code loops * fds} messages. A message is a signal of the
 * receiver's event after {@code send} of CPU time; a receiver waits for it, then spends
 * {@code recv}. The run ends when every task has exited (hackbench's "Time:").
 *
 * <p>hackbench's structure has nothing random in it: the seed is the machine's seed only.
 * Not modelled: the socket or pipe buffer (a real sender blocks when a receiver's buffer is
 * full; here messages queue without limit), the message size, and the start-up handshake.
 */
final class Hackbench implements Generator {
    static final String NAME = "hackbench";
    static final int MAX_TASKS = 100_000;

    private static final GeneratorInfo INFO = new GeneratorInfo(NAME,
            "rt-tests' hackbench: groups of senders and receivers passing messages (signal/wait pairs)",
            Generator.withCommon(NAME, Machine.DEFAULT_SEED, Machine.DEFAULT_CPUS, Machine.DEFAULT_HZ, List.of(
                    option("groups", "10", "groups of tasks (hackbench -g; 10)"),
                    option("fds", "20", "senders and receivers per group (hackbench -f; 20)"),
                    option("loops", "100", "messages each sender sends to each receiver (hackbench -l; 100)"),
                    option("send", "2us", "CPU time a sender spends on each message"),
                    option("recv", "2us", "CPU time a receiver spends on each message"))));

    @Override
    public GeneratorInfo info() {
        return INFO;
    }

    @Override
    public Workload generate(Options o) {
        Machine m = Generator.machine(o);
        int groups = (int) o.integer("groups", 1, MAX_TASKS);
        int fds = (int) o.integer("fds", 1, MAX_TASKS);
        int loops = (int) o.integer("loops", 1, 1_000_000);
        long send = o.duration("send", 1);
        long recv = o.duration("recv", 1);
        if ((long) groups * fds * 2 > MAX_TASKS) {
            throw new IllegalArgumentException(NAME + ": options groups=" + groups + " fds=" + fds + " make "
                    + (long) groups * fds * 2 + " tasks; at most " + MAX_TASKS);
        }
        if ((long) loops * fds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(NAME + ": options loops=" + loops + " fds=" + fds + " make a receiver take more than "
                    + Integer.MAX_VALUE + " messages");
        }
        List<TaskDef> tasks = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            // hackbench starts a group's receivers, then its senders
            for (int r = 0; r < fds; r++) {
                tasks.add(TaskDef.of("g" + g + "-recv" + r, Phase.await(event(g, r)), Phase.run(recv)).withLoop(loops * fds));
            }
            List<Phase> round = new ArrayList<>();
            for (int r = 0; r < fds; r++) {
                round.add(Phase.run(send));
                round.add(Phase.signal(event(g, r)));
            }
            for (int s = 0; s < fds; s++) tasks.add(TaskDef.of("g" + g + "-send" + s, round).withLoop(loops));
        }
        return new Workload(o.name("name"), m, Workload.UNTIL_EXIT, tasks);
    }

    /** The event of receiver r of group g: its socket. */
    private static String event(int g, int r) {
        return "g" + g + "-r" + r;
    }
}
