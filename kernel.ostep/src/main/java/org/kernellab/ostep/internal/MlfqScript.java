package org.kernellab.ostep.internal;

import static org.kernellab.ostep.internal.RunView.UNIT_NS;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kernellab.api.run.RunResult;
import org.kernellab.api.run.RunSpec;
import org.kernellab.api.workload.Phase;
import org.kernellab.api.workload.PyRandom;
import org.kernellab.api.workload.TaskDef;
import org.kernellab.api.workload.Workload;
import org.kernellab.ostep.internal.Flags.Flag;
import org.kernellab.ostep.internal.Flags.Kind;
import org.kernellab.ostep.internal.RunView.Stretch;

/**
 * OSTEP's {@code cpu-sched-mlfq/mlfq.py} (SCHED-MODELS.md, "OSTEP mlfq.py"). Each job is a task
 * that starts at its start time and whose phases are {@code run ioFreq} / {@code io ioTime}
 * pairs, then a last {@code run} of what is left (one {@code run} without I/O); the {@code mlfq}
 * policy gets the script's queues, quanta, allotments, boost, {@code -S} and {@code -I}.
 *
 * <p>The answer is read from the run's timeline, one tick a unit: which job ran in each tick
 * (or IDLE), when it finished, and so when each I/O started (the end of a run phase) and, an
 * I/O lasting {@code -i} units, when it completed. The figures in a {@code Run} line that are
 * the policy's private bookkeeping (the priority, the ticks left in the quantum, the allotment
 * left) are kept alongside by SCHED-MODELS.md's rules 1, 5b and 5c (boost, I/O with
 * {@code -S}, quantum end), and each tick checks the run against them: the job that ran must
 * be ready and at the highest priority of the ready jobs, an idle tick must have no ready job,
 * and a job must not run during its I/O. A failed check is a {@link Script#MISMATCH} line.
 *
 * <p>Conversions: a quantum of 0 or less (the script's quantum that never ends) is given to
 * the policy as a quantum longer than the whole run; an allotment below 0 (one that, like 0,
 * never reaches 0 again) as 0. The script's own figures are printed as it prints them.
 */
final class MlfqScript implements Script {
    static final List<Flag> FLAGS = List.of(
            new Flag('s', "seed", Kind.INT, "0"),
            new Flag('n', "numQueues", Kind.INT, "3"),
            new Flag('q', "quantum", Kind.INT, "10"),
            new Flag('a', "allotment", Kind.INT, "1"),
            new Flag('Q', "quantumList", Kind.STRING, ""),
            new Flag('A', "allotmentList", Kind.STRING, ""),
            new Flag('j', "numJobs", Kind.INT, "3"),
            new Flag('m', "maxlen", Kind.INT, "100"),
            new Flag('M', "maxio", Kind.INT, "10"),
            new Flag('B', "boost", Kind.INT, "0"),
            new Flag('i', "iotime", Kind.INT, "5"),
            new Flag('S', "stay", Kind.SWITCH, "false"),
            new Flag('I', "iobump", Kind.SWITCH, "false"),
            new Flag('l', "jlist", Kind.STRING, ""),
            new Flag('c', null, Kind.SWITCH, "false"));

    private static final int MAX = 1_000_000_000;

    /** Per level, level {@code queues - 1} the highest, as mlfq.py indexes them. */
    private final int[] quantum;
    private final int[] allotment;
    private final boolean allotmentList;
    private final int boost;
    private final int ioTime;
    private final boolean stay;
    private final boolean iobump;
    private final boolean solve;
    private final int[] start;
    private final int[] runTime;
    private final int[] ioFreq;

    MlfqScript(Flags f) {
        solve = f.on('c');
        stay = f.on('S');
        iobump = f.on('I');
        int queues;
        String ql = f.text('Q');
        if (!ql.isEmpty()) {
            String[] parts = ql.split(",", -1);
            if (parts.length > 64) throw new IllegalArgumentException(f.as('Q') + " '" + ql + "': at most 64 queues");
            queues = parts.length;
            quantum = new int[queues];
            for (int i = 0; i < queues; i++) quantum[queues - 1 - i] = listInt(f, 'Q', ql, parts[i], -MAX, MAX, "quanta such as 10,20,40");
        } else {
            queues = f.integer('n', 1, 64, "the number of queues must lie in 1..64");
            quantum = new int[queues];
            Arrays.fill(quantum, f.integer('q', -MAX, MAX, "the quantum must lie in -1000000000..1000000000"));
        }
        allotment = new int[queues];
        String al = f.text('A');
        allotmentList = !al.isEmpty();
        if (allotmentList) {
            String[] parts = al.split(",", -1);
            if (parts.length != queues) {
                throw new IllegalArgumentException(f.as('A') + " '" + al + "' gives " + parts.length + " allotments for " + queues
                        + " queues; give one per queue (mlfq.py: the number of allotments must match the number of quantums)");
            }
            for (int i = 0; i < queues; i++) {
                int level = queues - 1 - i;
                allotment[level] = listInt(f, 'A', al, parts[i], -MAX, MAX, "allotments such as 2,2,1");
                if (level != 0 && allotment[level] <= 0) {
                    throw new IllegalArgumentException(f.as('A') + " '" + al + "': allotment " + allotment[level] + " for queue " + level
                            + " must be positive (0 or less only for the lowest queue, as mlfq.py requires)");
                }
            }
        } else {
            Arrays.fill(allotment, f.integer('a', -MAX, MAX, "the allotment must lie in -1000000000..1000000000"));
        }
        boost = f.integer('B', -MAX, MAX, "the boost period must lie in -1000000000..1000000000 (0 or less: no boost)");
        ioTime = f.integer('i', -MAX, MAX, "the I/O time must lie in -1000000000..1000000000");
        String jl = f.text('l');
        if (!jl.isEmpty()) {
            String[] jobs = jl.split(":", -1);
            start = new int[jobs.length];
            runTime = new int[jobs.length];
            ioFreq = new int[jobs.length];
            for (int j = 0; j < jobs.length; j++) {
                String[] info = jobs[j].split(",", -1);
                if (info.length != 3) {
                    throw new IllegalArgumentException(f.as('l') + " '" + jl + "': job '" + jobs[j]
                            + "' is not startTime,runTime,ioFreq; give jobs as x1,y1,z1:x2,y2,z2");
                }
                start[j] = listInt(f, 'l', jl, info[0], 0, MAX, "a start time of 0 or more");
                runTime[j] = listInt(f, 'l', jl, info[1], 1, MAX, "a run time of 1 or more (mlfq.py aborts on a job of no time)");
                ioFreq[j] = listInt(f, 'l', jl, info[2], -MAX, MAX, "an I/O frequency (0: no I/O)");
            }
        } else {
            int n = f.integer('j', 1, 100_000, "the number of random jobs must lie in 1..100000");
            int maxlen = f.integer('m', 2, MAX, "the longest random job must be at least 2 (a run time is int(random() * (maxlen - 1) + 1))");
            int maxio = f.integer('M', -MAX, MAX, "the I/O frequency bound must lie in -1000000000..1000000000");
            PyRandom r = new PyRandom(f.big('s'));
            start = new int[n];
            runTime = new int[n];
            ioFreq = new int[n];
            for (int j = 0; j < n; j++) {
                runTime[j] = (int) (r.random() * (maxlen - 1) + 1);
                ioFreq[j] = (int) (r.random() * ((long) maxio - 1) + 1);
            }
        }
        for (int j = 0; j < runTime.length; j++) {
            if (doesIo(j) && ioTime < 1) {
                throw new IllegalArgumentException(f.as('i') + " " + ioTime + ": job " + j + " does I/O, which must last at least 1 unit"
                        + " (mlfq.py returns a job with -i 0 at the same tick and loses one with -i below 0; KernelLab's I/O takes time)");
            }
        }
    }

    private static int listInt(Flags f, char flag, String list, String item, int min, int max, String need) {
        BigInteger v = Flags.pyInt(item);
        if (v == null || v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(f.as(flag) + " '" + list + "': '" + item + "' is not " + need
                    + " (whole numbers in " + min + ".." + max + ")");
        }
        return v.intValue();
    }

    /** True when job {@code j} issues at least one I/O: every ioFreq units of CPU, unless it has just finished. */
    private boolean doesIo(int j) {
        return ioFreq[j] > 0 && ioFreq[j] < runTime[j];
    }

    private int top() {
        return quantum.length - 1;
    }

    @Override
    public String name() {
        return "mlfq";
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder();
        b.append("Here is the list of inputs:\n");
        b.append("OPTIONS jobs ").append(runTime.length).append('\n');
        b.append("OPTIONS queues ").append(quantum.length).append('\n');
        for (int i = top(); i >= 0; i--) {
            b.append("OPTIONS allotments for queue ").append(PyFormat.d(i, 2)).append(" is ").append(PyFormat.d(allotment[i], 3)).append('\n');
            b.append("OPTIONS quantum length for queue ").append(PyFormat.d(i, 2)).append(" is ").append(PyFormat.d(quantum[i], 3)).append('\n');
        }
        b.append("OPTIONS boost ").append(boost).append('\n');
        b.append("OPTIONS ioTime ").append(ioTime).append('\n');
        b.append("OPTIONS stayAfterIO ").append(stay ? "True" : "False").append('\n');
        b.append("OPTIONS iobump ").append(iobump ? "True" : "False").append('\n');
        b.append("\n\n");
        b.append("For each job, three defining characteristics are given:\n");
        b.append("  startTime : at what time does the job enter the system\n");
        b.append("  runTime   : the total CPU time needed by the job to finish\n");
        b.append("  ioFreq    : every ioFreq time units, the job issues an I/O\n");
        b.append("              (the I/O takes ioTime units to complete)\n\n");
        b.append("Job List:\n");
        for (int j = 0; j < runTime.length; j++) {
            b.append("  Job ").append(PyFormat.d(j, 2)).append(": startTime ").append(PyFormat.d(start[j], 3)).append(" - runTime ")
                    .append(PyFormat.d(runTime[j], 3)).append(" - ioFreq ").append(PyFormat.d(ioFreq[j], 3)).append('\n');
        }
        b.append('\n');
        if (!solve) {
            b.append("Compute the execution trace for the given workloads.\n");
            b.append("If you would like, also compute the response and turnaround\n");
            b.append("times for each of the jobs.\n");
            b.append('\n');
            b.append("Use the -c flag to get the exact results when you are finished.\n\n");
        }
        return b.toString();
    }

    /** Job j's phases: run ioFreq, io ioTime, ..., then the run that is left. */
    List<Phase> phases(int j) {
        List<Phase> p = new ArrayList<>();
        long done = 0;
        if (doesIo(j)) {
            while (runTime[j] - done > ioFreq[j]) {
                p.add(Phase.run(ioFreq[j] * UNIT_NS));
                p.add(Phase.io(ioTime * UNIT_NS));
                done += ioFreq[j];
            }
        }
        p.add(Phase.run((runTime[j] - done) * UNIT_NS));
        return p;
    }

    Workload workload() {
        List<TaskDef> tasks = new ArrayList<>();
        for (int j = 0; j < runTime.length; j++) {
            tasks.add(TaskDef.of("job" + j, phases(j)).withStart(start[j] * UNIT_NS));
        }
        return new Workload("ostep-mlfq", MACHINE, Workload.UNTIL_EXIT, tasks);
    }

    /** A quantum the run never reaches: longer than all the jobs' start, CPU and I/O time together. */
    private long horizon() {
        long h = 1;
        for (int j = 0; j < runTime.length; j++) {
            h += start[j] + runTime[j];
            if (doesIo(j)) h += (long) ((runTime[j] - 1) / ioFreq[j]) * ioTime;
        }
        return h;
    }

    /** The mlfq policy's parameters: quanta and allotments highest queue first, boost, stay, iobump. */
    Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder q = new StringBuilder();
        for (int i = top(); i >= 0; i--) {
            q.append(i == top() ? "" : ",").append(quantum[i] > 0 ? quantum[i] : horizon()).append("ms");
        }
        m.put("quanta", q.toString());
        if (allotmentList) {
            StringBuilder a = new StringBuilder();
            for (int i = top(); i >= 0; i--) a.append(i == top() ? "" : ",").append(Math.max(0, allotment[i]));
            m.put("allotments", a.toString());
        } else {
            m.put("allotment", Integer.toString(Math.max(0, allotment[0])));
        }
        m.put("boost", boost > 0 ? boost + "ms" : "0");
        m.put("stay", Boolean.toString(stay));
        m.put("iobump", Boolean.toString(iobump));
        return m;
    }

    @Override
    public RunSpec spec() {
        if (!solve) return null;
        return RunSpec.of(workload(), "mlfq").withParams(params()).withTimeline(true).withTrace(true);
    }

    @Override
    public String answer(RunResult result) {
        int n = runTime.length;
        RunView run = new RunView(result, n);
        List<String> problems = new ArrayList<>(run.problems);
        // the job that ran in each tick, -1 for none
        long last = 0;
        for (Stretch s : run.stretches) last = Math.max(last, s.endNs());
        int ticks = (int) RunView.wholeUnits(last, "the end of the last job's run");
        int[] ran = new int[ticks];
        Arrays.fill(ran, -1);
        for (Stretch s : run.stretches) {
            long from = RunView.wholeUnits(s.startNs(), "the start of a stretch of job " + s.job());
            long to = RunView.wholeUnits(s.endNs(), "the end of a stretch of job " + s.job());
            for (long t = from; t < to; t++) ran[(int) t] = s.job();
        }
        int[] pri = new int[n];
        int[] ticksLeft = new int[n];
        int[] allotLeft = new int[n];
        int[] timeLeft = runTime.clone();
        boolean[] doingIo = new boolean[n];
        boolean[] arrived = new boolean[n];
        for (int j = 0; j < n; j++) {
            pri[j] = top();
            ticksLeft[j] = quantum[top()];
            allotLeft[j] = allotment[top()];
        }
        TreeMap<Integer, List<Integer>> ioDone = new TreeMap<>();
        StringBuilder b = new StringBuilder("\nExecution Trace:\n\n");
        int finished = 0;
        for (int t = 0; finished < n; t++) {
            if (t > ticks + horizon()) {
                problems.add("the run's timeline ends at " + ticks + " with " + (n - finished) + " jobs unfinished");
                break;
            }
            if (boost > 0 && t != 0 && t % boost == 0) {
                b.append("[ time ").append(t).append(" ] BOOST ( every ").append(boost).append(" )\n");
                for (int j = 0; j < n; j++) {
                    if (timeLeft[j] > 0) {
                        pri[j] = top();
                        ticksLeft[j] = quantum[top()];
                        allotLeft[j] = allotment[top()];
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                if (start[j] == t) {
                    arrived[j] = true;
                    b.append("[ time ").append(t).append(" ] JOB BEGINS by JOB ").append(j).append('\n');
                }
            }
            List<Integer> done = ioDone.remove(t);
            if (done != null) {
                for (int j : done) {
                    doingIo[j] = false;
                    b.append("[ time ").append(t).append(" ] IO_DONE by JOB ").append(j).append('\n');
                }
            }
            int best = -1;
            for (int j = 0; j < n; j++) if (ready(j, arrived, timeLeft, doingIo) && (best < 0 || pri[j] > pri[best])) best = j;
            int j = t < ticks ? ran[t] : -1;
            if (j < 0) {
                if (best >= 0) problems.add("time " + t + ": the run left the CPU idle while job " + best + " was ready");
                b.append("[ time ").append(t).append(" ] IDLE\n");
                continue;
            }
            if (!ready(j, arrived, timeLeft, doingIo)) {
                problems.add("time " + t + ": the run ran job " + j + ", which was " + (timeLeft[j] <= 0 ? "finished" : doingIo[j] ? "doing I/O" : "not yet started"));
            } else if (pri[j] < pri[best]) {
                problems.add("time " + t + ": the run ran job " + j + " at priority " + pri[j] + " while job " + best + " at priority " + pri[best] + " was ready");
            }
            timeLeft[j]--;
            ticksLeft[j]--;
            b.append("[ time ").append(t).append(" ] Run JOB ").append(j).append(" at PRIORITY ").append(pri[j]).append(" [ TICKS ")
                    .append(ticksLeft[j]).append(" ALLOT ").append(allotLeft[j]).append(" TIME ").append(timeLeft[j]).append(" (of ")
                    .append(runTime[j]).append(") ]\n");
            int now = t + 1;
            if (timeLeft[j] == 0) {
                b.append("[ time ").append(now).append(" ] FINISHED JOB ").append(j).append('\n');
                finished++;
                if (run.exitNs(j) != now * UNIT_NS) problems.add("job " + j + " finished its work at " + now + " but exited at " + run.exitNs(j) + " ns");
                continue;
            }
            int ticksRead = ticksLeft[j];
            if (ioFreq[j] > 0 && (runTime[j] - timeLeft[j]) % ioFreq[j] == 0) {
                b.append("[ time ").append(now).append(" ] IO_START by JOB ").append(j).append('\n');
                b.append("IO DONE\n");
                doingIo[j] = true;
                if (stay) {
                    ticksLeft[j] = quantum[pri[j]];
                    allotLeft[j] = allotment[pri[j]];
                }
                ioDone.computeIfAbsent(now + ioTime, k -> new ArrayList<>()).add(j);
            }
            if (ticksRead == 0) {
                allotLeft[j]--;
                if (allotLeft[j] == 0) {
                    if (pri[j] > 0) pri[j]--;
                    ticksLeft[j] = quantum[pri[j]];
                    allotLeft[j] = allotment[pri[j]];
                } else {
                    ticksLeft[j] = quantum[pri[j]];
                }
            }
        }
        b.append('\n');
        b.append("Final statistics:\n");
        long responseSum = 0;
        long turnaroundSum = 0;
        for (int j = 0; j < n; j++) {
            long response = RunView.wholeUnits(run.firstRunNs(j) - run.task(j).startNs(), "job " + j + "'s response");
            long turnaround = RunView.wholeUnits(run.exitNs(j) - run.task(j).startNs(), "job " + j + "'s turnaround");
            b.append("  Job ").append(PyFormat.d(j, 2)).append(": startTime ").append(PyFormat.d(start[j], 3)).append(" - response ")
                    .append(PyFormat.d(response, 3)).append(" - turnaround ").append(PyFormat.d(turnaround, 3)).append('\n');
            responseSum += response;
            turnaroundSum += turnaround;
        }
        b.append("\n  Avg ").append(PyFormat.d(n - 1, 2)).append(": startTime n/a - response ").append(PyFormat.f2((double) responseSum / n))
                .append(" - turnaround ").append(PyFormat.f2((double) turnaroundSum / n)).append('\n');
        b.append("\n\n");
        b.append(Script.mismatches(problems));
        return b.toString();
    }

    private static boolean ready(int j, boolean[] arrived, int[] timeLeft, boolean[] doingIo) {
        return arrived[j] && timeLeft[j] > 0 && !doingIo[j];
    }
}
