package org.kernellab.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;

/**
 * The scheduler's files after a deterministic run on one CPU, parsed and checked against the
 * machine's known state: "worker" computes 10 ms, sleeps, is woken by "waker" and computes
 * 5 ms more; "waker" (a kernel thread at nice 5) computes 2 ms, wakes worker, computes 3 ms;
 * "yielder" computes 1 ms, yields, computes 1 ms. Everyone sleeps at the end.
 */
class TaskFilesTest {
    private static final long MS = 1_000_000;

    private StandaloneMachine m;
    private Kernel k;
    private ProcTree proc;
    private int worker, waker, yielder;

    private static void sleepForever(Kernel k) {
        while (true) {
            k.setCurrentState(TaskState.INTERRUPTIBLE);
            k.schedule();
        }
    }

    @BeforeEach
    void run() {
        m = new StandaloneMachine(1);
        k = m.kernel();
        proc = new ProcTree(ProcFsComponent.host(k, m.machine()));
        proc.mount("{pid}/stat", new PidStatEntry(k, null), "bundle kernel.proc", 0, 1);
        proc.mount("{pid}/sched", new PidSchedEntry(k), "bundle kernel.proc", 0, 2);
        proc.mount("{pid}/schedstat", new PidSchedstatEntry(k), "bundle kernel.proc", 0, 3);
        proc.mount("schedstat", new SchedstatEntry(k), "bundle kernel.proc", 0, 4);
        Task[] w = new Task[1];
        w[0] = k.spawn(TaskSpec.process("worker"), kk -> {
            kk.compute(10 * MS);
            kk.setCurrentState(TaskState.INTERRUPTIBLE);
            kk.schedule();
            kk.compute(5 * MS);
            sleepForever(kk);
        });
        Task b = k.spawn(TaskSpec.kthread("waker").nice(5), kk -> {
            kk.compute(2 * MS);
            kk.wakeUpProcess(w[0]);
            kk.compute(3 * MS);
            sleepForever(kk);
        });
        Task y = k.spawn(TaskSpec.process("yielder"), kk -> {
            kk.compute(MS);
            kk.yieldCpu();
            kk.compute(MS);
            sleepForever(kk);
        });
        worker = w[0].pid();
        waker = b.pid();
        yielder = y.pid();
        k.runUntilIdle(1_000 * MS);
    }

    @AfterEach
    void close() {
        m.close();
    }

    private TaskDTO ps(int pid) {
        return TaskFiles.find(k.ps(), pid);
    }

    /** The fields of /proc/PID/stat: comm in parentheses is one field. */
    private static String[] statFields(String line) {
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(") ");
        String[] rest = line.substring(close + 2).trim().split(" ");
        String[] out = new String[rest.length + 2];
        out[0] = line.substring(0, open);
        out[1] = line.substring(open + 1, close + 1);
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    /** name -> value of /proc/PID/sched's "name : value" lines. */
    private static Map<String, String> schedFields(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon == 45) out.put(line.substring(0, 45).trim(), line.substring(46).trim());
        }
        return out;
    }

    @Test
    void pidStat_withFaultCounts_putsMinfltAndMajfltInFields10And12() {
        String[] f = statFields(TaskFiles.stat(ps(worker), 7, 2).trim());
        assertEquals(52, f.length);
        assertEquals("7", f[9], "minflt");
        assertEquals("0", f[10], "cminflt");
        assertEquals("2", f[11], "majflt");
        assertEquals("0", f[12], "cmajflt");
    }

    @Test
    void pidStat_has52FieldsInDoTaskStatOrder_withTheTasksValues() {
        String text = proc.read("/proc/" + worker + "/stat");
        assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, "one line");
        String[] f = statFields(text.trim());
        assertEquals(52, f.length, text);
        TaskDTO t = ps(worker);
        assertEquals(Integer.toString(worker), f[0]);
        assertEquals("(worker)", f[1]);
        assertEquals("S", f[2]);
        assertEquals("-1", f[7], "tpgid: no terminal");
        assertEquals("0", f[8], "flags: a user task, no PF_KTHREAD");
        assertEquals(15 * MS, t.utimeNs + t.stimeNs, "worker computed 15 ms");
        assertEquals(Long.toString(t.utimeNs / 10_000_000), f[13], "utime in USER_HZ ticks");
        assertEquals(Long.toString(t.stimeNs / 10_000_000), f[14]);
        assertEquals("20", f[17], "priority: prio 120 - MAX_RT_PRIO");
        assertEquals("0", f[18], "nice");
        assertEquals("1", f[19], "num_threads");
        assertEquals("18446744073709551615", f[24], "rsslim: RLIM_INFINITY");
        assertEquals("1", f[34], "wchan: sleeping");
        assertEquals("17", f[37], "exit_signal SIGCHLD");
        assertEquals("0", f[38], "processor");
        assertEquals("0", f[40], "policy SCHED_NORMAL");

        String[] w = statFields(proc.read("/proc/" + waker + "/stat").trim());
        assertEquals(52, w.length);
        assertEquals("(waker)", w[1]);
        assertEquals("2097152", w[8], "flags: PF_KTHREAD");
        assertEquals("25", w[17], "priority at nice 5");
        assertEquals("5", w[18]);
        assertEquals("2147483647", w[32], "sigignore: a kernel thread ignores every signal");
    }

    @Test
    void pidSched_reportsSwitchesRuntimeAndWeight() {
        Map<String, String> s = schedFields(proc.read("/proc/" + worker + "/sched"));
        String header = proc.read("/proc/" + worker + "/sched").split("\n")[0];
        assertEquals("worker (" + worker + ", #threads: 1)", header);
        assertEquals("15.000000", s.get("se.sum_exec_runtime"));
        assertEquals("2", s.get("nr_voluntary_switches"), "slept twice");
        assertEquals("0", s.get("nr_involuntary_switches"));
        assertEquals("2", s.get("nr_switches"));
        assertEquals("1048576", s.get("se.load.weight"), "nice 0: 1024, scale_load()ed");
        assertEquals("0", s.get("policy"));
        assertEquals("120", s.get("prio"));
        TaskDTO t = ps(worker);
        assertEquals(String.format("%d.%06d", t.execStartNs / MS, t.execStartNs % MS), s.get("se.exec_start"));

        Map<String, String> w = schedFields(proc.read("/proc/" + waker + "/sched"));
        assertEquals("5.000000", w.get("se.sum_exec_runtime"));
        assertEquals(Long.toString(335L << 10), w.get("se.load.weight"), "nice 5 weighs 335");
        assertEquals("125", w.get("prio"));

        Map<String, String> y = schedFields(proc.read("/proc/" + yielder + "/sched"));
        assertEquals("1", y.get("nr_involuntary_switches"), "sched_yield() switches away a runnable task");
    }

    @Test
    void schedstat_perCpuCountersAddUpToThePerTaskOnes() {
        long pcount = 0, delay = 0, run = 0;
        for (int pid : new int[] {worker, waker, yielder}) {
            String[] f = proc.read("/proc/" + pid + "/schedstat").trim().split(" ");
            TaskDTO t = ps(pid);
            assertEquals(3, f.length);
            assertEquals(Long.toString(t.utimeNs + t.stimeNs), f[0]);
            assertEquals(Long.toString(t.runDelayNs), f[1]);
            assertEquals(Long.toString(t.pcount), f[2]);
            pcount += t.pcount;
            delay += t.runDelayNs;
            run += t.utimeNs + t.stimeNs;
        }
        assertEquals(2, ps(worker).pcount, "worker ran twice");
        assertEquals(2, ps(yielder).pcount, "yielder ran twice");

        String[] lines = proc.read("/proc/schedstat").split("\n");
        assertEquals("version 15", lines[0]);
        assertEquals("timestamp " + k.jiffies(), lines[1]);
        assertEquals(3, lines.length, "one CPU, no domain lines");
        String[] c = lines[2].split(" ");
        assertEquals(10, c.length, lines[2]);
        assertEquals("cpu0", c[0]);
        assertEquals("1", c[1], "yld_count: one sched_yield()");
        assertEquals("0", c[2], "the obsolete field");
        assertEquals(Long.toString(pcount), c[9], "rq pcount: every timeslice of every task");
        assertEquals(Long.toString(delay), c[8], "rq run_delay: every wait of every task");
        assertEquals(Long.toString(run), c[7], "rq_cpu_time: arrival to departure, no interrupts or switch costs here");
        // idle -> worker (boot), worker sleeps, waker sleeps, yielder yields, worker sleeps, yielder sleeps
        assertEquals("6", c[3], "sched_count: every __schedule()");
        assertEquals("1", c[4], "sched_goidle: the idle task picked once, at the end");
        assertEquals("1", c[5], "ttwu_count: waker woke worker");
        assertEquals("1", c[6], "ttwu_local: on the CPU worker runs on");
    }

    @Test
    void lsPidDirectory_andRoot() {
        assertEquals(List.of("sched", "schedstat", "stat"), proc.list("/proc/" + worker));
        List<String> root = proc.list("/proc");
        assertTrue(root.containsAll(List.of(Integer.toString(worker), Integer.toString(waker), "schedstat")), root.toString());
    }
}
