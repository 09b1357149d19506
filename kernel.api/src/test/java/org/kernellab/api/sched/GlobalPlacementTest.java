package org.kernellab.api.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class GlobalPlacementTest {
    private static final long ALL = -1L;

    /** A task whose rank is its deadline: lower runs first. */
    private static SchedTask job(int pid, long deadline, long affinity) {
        return Fakes.task(pid, affinity, Map.of("jobDeadlineNs", deadline));
    }

    private static SchedTask job(int pid, long deadline) {
        return job(pid, deadline, ALL);
    }

    private static GlobalPlacement placement(Fakes.Host h) {
        return new GlobalPlacement(h, (a, b) -> a.jobDeadlineNs() < b.jobDeadlineNs());
    }

    @Test
    void idleCpus_thePreviousOneFirst_elseTheFirstByNumber() {
        Fakes.Host h = new Fakes.Host(3);
        h.idle[1] = h.idle[2] = true;
        h.current[0] = job(1, 10);
        GlobalPlacement g = placement(h);
        assertEquals(2, g.selectCpu(job(2, 50), 2));
        assertEquals(1, g.selectCpu(job(3, 50), 0), "the previous CPU is busy: the first idle one");
        assertEquals(1, g.selectCpu(job(4, 50), -1), "no previous CPU");
    }

    @Test
    void busyCpus_theOneRunningTheLastTask_firstOnATie() {
        Fakes.Host h = new Fakes.Host(4);
        h.current[0] = job(1, 30);
        h.current[1] = job(2, 90);
        h.current[2] = job(3, 90);
        h.current[3] = job(4, 20);
        assertEquals(1, placement(h).selectCpu(job(5, 10), 3));
        assertEquals(1, placement(h).selectCpu(job(6, 100), 0), "a task that will not preempt still goes where the last one runs");
    }

    @Test
    void affinity_andHigherClasses_limitTheChoice() {
        Fakes.Host h = new Fakes.Host(3);
        h.idle[0] = true;
        h.current[1] = job(1, 90);
        // CPU 2 runs a task of a higher class: not idle, no current
        assertEquals(1, placement(h).selectCpu(job(2, 10, 0b110), 0), "CPU 0 is idle but not allowed");
        assertEquals(-1, placement(h).selectCpu(job(3, 10, 0b100), 2), "only CPU 2, a higher class's");
    }

    @Test
    void tasksWokenAtOneInstant_spread_untilTheCpuPicks() {
        Fakes.Host h = new Fakes.Host(2);
        h.now = 10;
        h.current[0] = job(1, 100);
        h.current[1] = job(2, 50);
        GlobalPlacement g = placement(h);
        assertEquals(0, g.selectCpu(job(3, 20), 1), "the latest deadline runs on CPU 0");
        assertEquals(1, g.selectCpu(job(4, 20), 0), "CPU 0 counts as running the task just sent there");
        g.picked(0);
        assertEquals(0, g.selectCpu(job(5, 20), 1), "CPU 0 picked: its own task counts again");
        h.now = 11;
        assertEquals(0, g.selectCpu(job(6, 20), 1), "a later instant: what was sent no longer counts");
    }

    @Test
    void taskThatWillNotPreempt_leavesNoClaim() {
        Fakes.Host h = new Fakes.Host(2);
        h.current[0] = job(1, 100);
        h.current[1] = job(2, 50);
        GlobalPlacement g = placement(h);
        assertEquals(0, g.selectCpu(job(3, 200), 0));
        assertEquals(0, g.selectCpu(job(4, 20), 0), "CPU 0 still counts as running deadline 100");
    }
}
