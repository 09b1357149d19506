package org.kernellab.core;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.Ctx;
import org.kernellab.api.Errno;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.LogLevel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.CpuStatDTO;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;

/** The {@link Kernel} service over one machine. Contracts are checked by the boundary around it. */
final class KernelImpl implements Kernel {
    private final Host host;

    /** Where the current engine lives: it is replaced on reset, the service object is not. */
    interface Host {
        Engine engine();
        KernelContext context();
        /** Kernel.addExitHook's hooks, which outlive a reset. */
        java.util.List<org.kernellab.api.TaskExitHook> exitHooks();
        String originOfCaller();
        void reset();
        /** The console drives this machine again: a workload run's trace shown in its place goes away. */
        default void consoleRuns() {}
        /** Returns once the machine may {@code what} (reset, run): everything it is configured with is bound. */
        default void awaitReady(String what) {}
    }

    KernelImpl(Host host) {
        this.host = host;
    }

    private Engine e() { return host.engine(); }

    @Override
    public Task spawn(TaskSpec spec, TaskBody body) {
        if (spec == null) throw new IllegalArgumentException("spec must not be null");
        if (body == null) throw new IllegalArgumentException("body must not be null");
        return e().spawn(spec, body, host.originOfCaller());
    }

    @Override
    public Task task(int pid) {
        Engine e = e();
        return e.rc.still(() -> e.tasks().get(pid));
    }

    @Override
    public int schedSetattr(Task task, SchedAttr attr) {
        TaskImpl t = taskImpl(task);
        if (attr == null) throw new IllegalArgumentException("attr must not be null");
        if (t.idle) return -Errno.EINVAL;
        Engine e = e();
        return e.rc.still(() -> t.state == TaskState.DEAD ? -Errno.ESRCH : e.sched.setAttr(t, attr));
    }

    @Override
    public int schedSetaffinity(Task task, long mask) {
        TaskImpl t = taskImpl(task);
        Engine e = e();
        if (t.idle || e.validCpus(mask) == 0) return -Errno.EINVAL;
        return e.rc.still(() -> t.state == TaskState.DEAD ? -Errno.ESRCH : e.sched.setAffinity(t, mask));
    }

    private static TaskImpl taskImpl(Task task) {
        if (!(task instanceof TaskImpl t)) throw new IllegalArgumentException("task " + task + " is not a KernelLab task");
        return t;
    }

    @Override
    public Task current() {
        Cpu c = e().cpu("current");
        return c.current;
    }

    @Override public int smpProcessorId() { return e().cpu("smp_processor_id()").id; }
    @Override public void compute(long ns) { e().compute(ns); }
    @Override public void schedule() { e().sw.schedule(); }

    @Override
    public void yieldCpu() {
        e().sw.yieldCpu();
    }

    @Override
    public void condResched() {
        Engine e = e();
        e.sw.condResched(e.cpu("cond_resched()"));
    }

    @Override public void msleep(long ms) {
        if (ms < 0) throw new IllegalArgumentException("msleep: ms " + ms + " is negative");
        e().time.msleep(ms);
    }

    @Override
    public void mdelay(long ms) {
        if (ms < 0) throw new IllegalArgumentException("mdelay: ms " + ms + " is negative");
        e().compute(ms * 1_000_000L);
    }

    @Override public long scheduleTimeout(long timeoutJiffies) { return e().time.scheduleTimeout(timeoutJiffies); }

    @Override
    public void setCurrentState(TaskState state) {
        if (state == null || state == TaskState.DEAD) {
            throw new IllegalArgumentException("state " + state + " cannot be set; use RUNNING, INTERRUPTIBLE or UNINTERRUPTIBLE");
        }
        e().cpu("set_current_state()").current.state = state;
    }

    @Override
    public boolean wakeUpProcess(Task task) {
        TaskImpl t = taskImpl(task);
        Engine e = e();
        return e.rc.still(() -> e.sw.wakeUp(t));
    }

    @Override
    public boolean sendSigkill(Task task) {
        TaskImpl t = taskImpl(task);
        Engine e = e();
        return e.rc.still(() -> {
            // kernel/signal.c: kthreads ignore SIGKILL unless they allow it; a dead task has no one to signal
            if (t.state == TaskState.DEAD || t.idle || t.kernelThread) return false;
            t.fatalSignal = true;
            // signal_wake_up(t, 1): TASK_WAKEKILL wakes an interruptible (or killable) sleep, never a D sleep
            if (t.state == TaskState.INTERRUPTIBLE) e.sw.wakeUp(t);
            return true;
        });
    }

    @Override
    public boolean fatalSignalPending(Task task) {
        return taskImpl(task).fatalSignal;
    }

    @Override
    public void addExitHook(org.kernellab.api.TaskExitHook hook) {
        if (hook == null) throw new IllegalArgumentException("exit hook must not be null");
        host.exitHooks().add(hook);
    }

    @Override
    public void removeExitHook(org.kernellab.api.TaskExitHook hook) {
        host.exitHooks().remove(hook);
    }

    @Override
    public void setNice(Task task, int nice) {
        e().sw.setNice(taskImpl(task), nice);
    }

    @Override
    public boolean mightSleep(Ctx rule, String what, String fix) {
        // A conditional sleep (GFP flags, a user copy) has no fixed contract for the boundary to
        // read, so the service that knows the condition asks for the same check here. The allowed
        // path is the machine's fast pass, as a generated boundary reads it, or else the few field
        // reads that grant it, small enough to inline into the service; everything else is in
        // mightSleepChecked.
        Contracts k = e().contracts;
        if (Contracts.sleeps(rule) && (k.fastPass.admits(Thread.currentThread()) || k.maySleepHere())) return true;
        return mightSleepChecked(k, rule, what, fix);
    }

    private static boolean mightSleepChecked(Contracts k, Ctx rule, String what, String fix) {
        if (rule == null || rule == Ctx.CONTROL) throw new IllegalArgumentException("might_sleep: rule " + rule + " is not a context rule");
        return k.check(new Contracts.Rule(rule, fix == null ? "" : fix, what == null ? "might_sleep()" : what, 1));
    }

    @Override public long now() { return e().now(); }
    @Override public long jiffies() { return e().time.jiffiesNow(); }
    @Override public int hz() { return e().config.hz(); }
    @Override public int nrCpus() { return e().nrCpus; }

    @Override
    public void printk(LogLevel level, String message) {
        if (level == null) throw new IllegalArgumentException("level must not be null");
        e().log(level, String.valueOf(message));
    }

    @Override public List<LogLineDTO> dmesg() { return e().printk.since(0); }

    @Override
    public List<TaskDTO> ps() {
        Engine e = e();
        return e.rc.still(() -> ps(e));
    }

    @Override
    public List<CpuStatDTO> cpuStats() {
        Engine e = e();
        return e.rc.still(() -> {
            List<CpuStatDTO> out = new ArrayList<>();
            for (Cpu c : e.cpus) {
                CpuStatDTO d = new CpuStatDTO();
                d.cpu = c.id;
                d.yldCount = c.yldCount;
                d.schedCount = c.schedCount;
                d.schedGoidle = c.schedGoidle;
                d.ttwuCount = c.ttwuCount;
                d.ttwuLocal = c.ttwuLocal;
                d.rqCpuTimeNs = c.rqCpuTimeNs;
                d.runDelayNs = c.rqRunDelayNs;
                d.pcount = c.rqPcount;
                out.add(d);
            }
            return out;
        });
    }

    @Override public KernelContext context() { return host.context(); }

    @Override
    public RunResultDTO run(long ns) {
        if (ns < 0) throw new IllegalArgumentException("run: duration " + ns + " ns is negative");
        return drive("run", ns, false, false);
    }

    @Override
    public RunResultDTO runUntilIdle(long limitNs) {
        if (limitNs < 0) throw new IllegalArgumentException("run: limit " + limitNs + " ns is negative");
        return drive("run", limitNs, true, false);
    }

    @Override
    public RunResultDTO run(long ns, boolean untilIdle, org.kernellab.api.run.RunMonitor monitor) {
        if (ns < 0) throw new IllegalArgumentException("run: duration " + ns + " ns is negative");
        if (monitor == null) throw new IllegalArgumentException("run: monitor must not be null (RunMonitor.NONE watches nothing)");
        host.awaitReady("run");
        host.consoleRuns();
        return e().rc.run(ns, untilIdle, false, monitor);
    }

    @Override
    public RunResultDTO step() {
        return drive("step", Engine.NEVER, false, true);
    }
    /** The console drives this machine: once it is whole, a run, a run until idle or one step. */
    @Override
    public RunResultDTO runUntil(String condition, long limitNs, org.kernellab.api.run.RunMonitor monitor) {
        if (limitNs < 0) throw new IllegalArgumentException("run: limit " + limitNs + " ns is negative");
        if (monitor == null) throw new IllegalArgumentException("run: monitor must not be null (RunMonitor.NONE watches nothing)");
        Until until = Until.parse(condition);
        host.awaitReady("run");
        host.consoleRuns();
        return e().rc.run(limitNs, false, false, monitor, until);
    }

    @Override
    public long eventCount() {
        Engine e = e();
        return e.rc.still(e::steps);
    }

    private RunResultDTO drive(String what, long ns, boolean untilIdle, boolean step) {
        host.awaitReady(what);
        host.consoleRuns();
        return e().rc.run(ns, untilIdle, step);
    }

    @Override
    public void reset() {
        host.awaitReady("reset");
        host.reset();
    }
    @Override public boolean panicked() { return e().panicReport != null; }

    /** The rows of kernel:ps: the idle tasks, then every live task in pid order. */
    @Override
    public int load(org.kernellab.api.workload.Workload w) {
        if (w == null) throw new IllegalArgumentException("load: the workload must not be null");
        Engine e = e();
        // each task is created at its start counted from now, as a workload run creates it from 0
        return e.rc.still(() -> ScriptTask.plan(e, w, e.now(), s -> s.spawnThreaded(s.spec())).size());
    }

    @Override
    public List<org.kernellab.api.dto.CpuStateDTO> cpuStates() {
        Engine e = e();
        return e.rc.still(() -> {
            List<org.kernellab.api.dto.CpuStateDTO> out = new ArrayList<>();
            org.kernellab.api.PreemptLayout l = e.layout;
            for (Cpu c : e.cpus) {
                var d = new org.kernellab.api.dto.CpuStateDTO();
                int pc = c.preemptCount;
                d.cpu = c.id;
                d.currentPid = c.current.pid;
                d.currentComm = c.current.comm;
                // include/linux/preempt.h interrupt_context_level(): NMI, then hardirq, then a served softirq
                d.context = l.inNmi(pc) ? "nmi" : l.inHardirq(pc) ? "hardirq" : l.inServingSoftirq(pc) ? "softirq" : "task";
                d.preemptCount = pc;
                d.layout = l.name;
                d.preemptDepth = (pc & l.preemptMask) / l.preemptOffset;
                d.softirqCount = (pc & l.softirqMask) / l.softirqOffset;
                d.hardirqCount = (pc & l.hardirqMask) / l.hardirqOffset;
                d.nmiCount = l.nmiMask == 0 ? 0 : (pc & l.nmiMask) / l.nmiOffset;
                d.preemptActive = l.preemptActive != 0 && (pc & l.preemptActive) != 0;
                d.needResched = c.needResched;
                d.irqsDisabled = c.irqsDisabled;
                d.runnable = new ArrayList<>();
                for (TaskImpl t : e.tasks().values()) {
                    if (t.cpu == c.id && t != c.current && t.state.letter() == 'R') d.runnable.add(t.pid);
                }
                out.add(d);
            }
            return out;
        });
    }

    private static List<TaskDTO> ps(Engine e) {
        List<TaskDTO> out = new ArrayList<>();
        for (Cpu c : e.cpus) out.add(dto(e, c.idle, c));
        for (TaskImpl t : e.tasks().values()) out.add(dto(e, t, null));
        return out;
    }

    private static TaskDTO dto(Engine e, TaskImpl t, Cpu idleCpu) {
        TaskDTO d = new TaskDTO();
        d.pid = t.pid;
        d.comm = t.comm;
        d.state = String.valueOf(t.state.letter());
        d.cpu = t.cpu;
        d.nice = t.attr.nice;
        d.policy = t.attr.policy.name();
        d.prio = t.prio();
        d.schedClass = e.sched.className(t);
        d.migrations = t.migrations;
        d.utimeNs = t.utimeNs;
        d.stimeNs = idleCpu != null ? e.time.idleNs(idleCpu) : t.stimeNs;
        d.voluntarySwitches = t.nvcsw;
        d.involuntarySwitches = t.nivcsw;
        d.kernelThread = t.kernelThread;
        d.running = e.cpus[t.cpu].current == t;
        d.rtPriority = t.attr.rtPriority;
        d.startNs = t.startNs;
        d.execStartNs = t.execStartNs;
        d.runDelayNs = t.runDelayNs;
        d.pcount = t.pcount;
        return d;
    }
}
