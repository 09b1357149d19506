package org.kernellab.policy.lottery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.policy.testkit.FakeHost;
import org.kernellab.policy.testkit.FakeTask;

/** The policy op by op, in lottery.py's loop: every quantum one pick, and the winner is queued again unless done. */
class LotteryPolicyTest {

    /** lottery.py's job: a pid and tickets, on the one CPU. */
    private static FakeTask job(int pid, int tickets) {
        FakeTask t = new FakeTask(pid, "job" + pid);
        t.tickets = tickets;
        t.affinity = 1;
        t.cpu = 0;
        return t;
    }

    /** Job ids (0..n-1, pid - 1) in the order they win, as lottery.py prints "Run N"; at most {@code limit} draws. */
    private static List<Integer> winners(Policy p, FakeHost host, int[] lengths, int[] tickets, int limit) {
        p.init();
        List<FakeTask> tasks = new ArrayList<>();
        int[] left = lengths.clone();
        for (int i = 0; i < lengths.length; i++) {
            FakeTask t = job(i + 1, tickets[i]);
            tasks.add(t);
            p.enable(t);
            p.runnable(t, Enqueue.NEW);
            p.enqueue(0, t, Enqueue.NEW);
        }
        List<Integer> won = new ArrayList<>();
        while (won.size() < limit) {
            FakeTask w = (FakeTask) p.pick(0);
            if (w == null) break;
            int id = w.pid - 1;
            won.add(id);
            p.running(0, w);
            host.now += host.preemptAfterNs;
            left[id]--;
            p.stopping(0, w, left[id] > 0);
            if (left[id] > 0) p.enqueue(0, w, Enqueue.PREEMPTED);
            else p.quiescent(w, Dequeue.EXIT);
        }
        return won;
    }

    @Test
    void pyseed7_threeJobs_winnersAreLotteryPys() {
        // python3 lottery.py -l 1000:100,1000:50,1000:25 -q 1 -s 7 -c: the first 20 "Run N"
        FakeHost host = new FakeHost();
        Policy p = new LotteryProvider().create(host, Map.of("pyseed", "7", "quantum", "1ms"));
        assertEquals(List.of(0, 2, 1, 2, 0, 1, 0, 1, 0, 2, 0, 0, 1, 2, 0, 1, 0, 0, 1, 1),
                winners(p, host, new int[] {1000, 1000, 1000}, new int[] {100, 50, 25}, 20));
        assertEquals(1_000_000L, host.preemptAfterNs, "one quantum per lottery");
    }

    @Test
    void pyseed3_finishedJobsGiveBackTickets_winnersAreLotteryPys() {
        // python3 lottery.py -l 3:100,5:50,4:25 -q 1 -s 3 -c: every "Run N" (T drops 175 -> 75 -> 25)
        FakeHost host = new FakeHost();
        Policy p = new LotteryProvider().create(host, Map.of("pyseed", "3", "quantum", "1ms"));
        assertEquals(List.of(1, 2, 0, 2, 0, 0, 1, 1, 1, 1, 2, 2),
                winners(p, host, new int[] {3, 5, 4}, new int[] {100, 50, 25}, 100));
    }

    @Test
    void finishingJobs_giveBackTheirTickets_winnersAreLotteryPys() {
        // python3 lottery.py -l 2:100,3:50,2:25,4:10 -q 1 -s S -c: every "Run N"
        Map<String, List<Integer>> lotteryPy = Map.of(
                "0", List.of(0, 0, 3, 1, 1, 3, 1, 2, 2, 3, 3),
                "1", List.of(0, 1, 0, 2, 2, 1, 3, 1, 3, 3, 3),
                "2", List.of(1, 0, 1, 1, 2, 0, 2, 3, 3, 3, 3),
                "11", List.of(0, 1, 1, 0, 2, 1, 2, 3, 3, 3, 3),
                "12345678901", List.of(1, 3, 1, 1, 0, 0, 2, 2, 3, 3, 3));
        lotteryPy.forEach((seed, expected) -> {
            FakeHost host = new FakeHost();
            Policy p = new LotteryProvider().create(host, Map.of("pyseed", seed, "quantum", "1ms"));
            assertEquals(expected, winners(p, host, new int[] {2, 3, 2, 4}, new int[] {100, 50, 25, 10}, 100), "seed " + seed);
        });
    }

    @Test
    void pyskip_randomJobs_lotteriesFollowJobGenerationsDraws() {
        // python3 lottery.py -s 1 -c: its jobs 1:84, 7:25, 4:44 took 6 draws, then every "Run N"
        FakeHost host = new FakeHost();
        Policy p = new LotteryProvider().create(host, Map.of("pyseed", "1", "pyskip", "6", "quantum", "1ms"));
        assertEquals(List.of(2, 0, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1),
                winners(p, host, new int[] {1, 7, 4}, new int[] {84, 25, 44}, 100));
    }

    @Test
    void pick_nothingQueued_drawsNothing() {
        FakeHost host = new FakeHost();
        Policy p = new LotteryProvider().create(host, Map.of("pyseed", "3"));
        p.init();
        assertNull(p.pick(0));
        // the first draw is still seed 3's first: lottery.py's 237964 % 175 = 139 -> the second job
        assertEquals(List.of(1), winners(p, host, new int[] {5, 5, 5}, new int[] {100, 50, 25}, 1));
    }
}
