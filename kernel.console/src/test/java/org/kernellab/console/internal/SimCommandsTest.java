package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.console.dto.TimeDTO;

class SimCommandsTest {

    @Test
    void durations_parseUnits_andRefuseBareNumbersNamingTheArgument() {
        assertEquals(10_000_000L, Durations.parse("10ms", "duration"));
        assertEquals(1_500_000_000L, Durations.parse("1.5s", "duration"));
        assertEquals(250_000L, Durations.parse("250us", "duration"));
        assertEquals(7L, Durations.parse("7ns", "duration"));
        assertEquals(60_000_000_000L, Durations.parse("1m", "duration"));
        assertEquals(3_600_000_000_000L, Durations.parse("1h", "duration"));
        assertEquals(5_400_000_000_000L, Durations.parse("1.5h", "duration"));
        assertEquals("duration \"10\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("10", "duration")).getMessage());
        assertEquals("duration \"-1ms\" is not a duration such as 10ms, 1.5s or 1h",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1ms", "duration")).getMessage());
    }

    @Test
    void configValidate_normalisesValues_andNamesTheKey() {
        assertEquals("panic", SimCommands.validate("policy", "PANIC"));
        assertEquals("linux-2.6", SimCommands.validate("layout", "linux-2.6"));
        assertEquals("4", SimCommands.validate("cpus", "4"));
        assertEquals("false", SimCommands.validate("nohz", "off"));
        assertEquals("true", SimCommands.validate("nohz", "TRUE"));
        assertEquals("none", SimCommands.validate("irqcost", "0,0,0,0"));
        assertEquals("typical", SimCommands.validate("irqcost", "typical"));
        assertEquals("100,200,0,50", SimCommands.validate("irqcost", "100, 200, 0, 50"));
        assertEquals("irqcost \"fast\" is not none, typical or four ns figures entry,handler,softirq,exit (e.g. 1000,2000,1000,500)",
                assertThrows(IllegalArgumentException.class, () -> SimCommands.validate("irqcost", "fast")).getMessage());
        assertEquals("config key \"cpu\" is unknown; keys: cpus, hz, seed, policy, preempt, layout, nohz, irqcost",
                assertThrows(IllegalArgumentException.class, () -> SimCommands.validate("cpu", "4")).getMessage());
        assertEquals("cpus \"two\" is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> SimCommands.validate("cpus", "two")).getMessage());
        assertEquals("cpus \"0\" is out of range 1..64",
                assertThrows(IllegalArgumentException.class, () -> SimCommands.validate("cpus", "0")).getMessage());
        assertEquals("policy \"loud\" is unknown; use warn, fail or panic",
                assertThrows(IllegalArgumentException.class, () -> SimCommands.validate("policy", "loud")).getMessage());
        assertEquals("hz \"7\" is out of range 10..10000 (Linux uses 100, 250, 300 or 1000)",
                assertThrows(IllegalArgumentException.class, () -> SimCommands.validate("hz", "7")).getMessage());
    }

    @Test
    void ps_schedColumns_policyPrioClassAndMigrationsOfEachTask() {
        TaskDTO rt = new TaskDTO();
        rt.pid = 12;
        rt.comm = "irq/9-timer";
        rt.state = "S";
        rt.policy = "FIFO";
        rt.prio = 49;
        rt.schedClass = "rt";
        rt.migrations = 3;
        TaskDTO dl = new TaskDTO();
        dl.pid = 13;
        dl.comm = "control";
        dl.state = "R";
        dl.cpu = 1;
        dl.policy = "DEADLINE";
        dl.prio = -1;
        dl.schedClass = "dl";
        TaskDTO swapped = new TaskDTO();
        swapped.pid = 14;
        swapped.comm = "batch";
        swapped.state = "R";
        swapped.nice = 5;
        swapped.policy = "BATCH";
        swapped.prio = 125;
        swapped.schedClass = "mlfq";
        swapped.migrations = 1234567;
        TaskDTO old = new TaskDTO(); // from a kernel that fills no scheduling fields
        old.pid = 15;
        old.comm = "old";
        old.state = "S";
        String[] lines = SimFormat.ps(new TaskDTO[] {rt, dl, swapped, old}).split("\n");
        assertEquals("    PID COMM             S CPU   NI POLICY   PRIO CLASS     UTIME(ms)  STIME(ms)   VOLCSW   INVCSW     MIGR", lines[0]);
        assertEquals("     12 irq/9-timer      S   0    0 FIFO       49 rt            0.000      0.000        0        0        3", lines[1]);
        assertEquals("     13 control          R   1    0 DEADLINE   -1 dl            0.000      0.000        0        0        0", lines[2]);
        assertEquals("     14 batch            R   0    5 BATCH     125 mlfq          0.000      0.000        0        0  1234567", lines[3]);
        assertEquals("     15 old              S   0    0 -           0 -             0.000      0.000        0        0        0", lines[4]);
    }

    @Test
    void format_psRunAndTime() {
        TaskDTO t = new TaskDTO();
        t.pid = 7;
        t.comm = "worker";
        t.state = "R";
        t.cpu = 1;
        t.utimeNs = 2_500_000;
        t.voluntarySwitches = 3;
        t.running = true;
        t.policy = "NORMAL";
        t.prio = 120;
        t.schedClass = "fair";
        String ps = SimFormat.ps(new TaskDTO[] {t});
        assertEquals("    PID COMM             S CPU   NI POLICY   PRIO CLASS     UTIME(ms)  STIME(ms)   VOLCSW   INVCSW     MIGR\n"
                + "      7 worker*          R   1    0 NORMAL    120 fair          2.500      0.000        3        0        0\n", ps);
        RunResultDTO r = new RunResultDTO();
        r.startNs = 0;
        r.endNs = 10_000_000;
        r.events = 5;
        r.switches = 2;
        r.stoppedBy = "time";
        assertEquals("ran 0.000000 s -> 0.010000 s (0.010000 s of virtual time): 5 events, 2 context switches; stopped by time",
                SimFormat.run(r));
        r.stoppedBy = "until";
        r.until = "the machine made step 12";
        assertEquals("ran 0.000000 s -> 0.010000 s (0.010000 s of virtual time): 5 events, 2 context switches; stopped by until: the machine made step 12",
                SimFormat.run(r), "the run says which condition stopped it");
        RunResultDTO idle = new RunResultDTO();
        idle.startNs = idle.endNs = 20_000_000;
        idle.stoppedBy = "idle";
        assertEquals("ran 0.020000 s -> 0.020000 s (0.000000 s of virtual time): 0 events, 0 context switches; stopped by idle: nothing is left to happen"
                + " (every CPU is idle and no timer or device event is pending; kernel:spawn or kernel:load give the machine work)", SimFormat.run(idle));
        TimeDTO time = new TimeDTO();
        time.nowNs = 1_234_567_000;
        time.jiffies = 308;
        time.hz = 250;
        time.cpus = 2;
        assertEquals("1.234567 s  jiffies 308  HZ 250  CPUs 2", SimFormat.time(time));
    }
}
