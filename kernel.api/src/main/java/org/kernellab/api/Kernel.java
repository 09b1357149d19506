package org.kernellab.api;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.CONTROL;
import static org.kernellab.api.Ctx.MAY_SLEEP;
import static org.kernellab.api.Ctx.SCHEDULES;
import static org.kernellab.api.Ctx.TASK_ONLY;

import java.util.List;

import org.kernellab.api.dto.CpuStatDTO;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel: tasks, CPU time, sleeping and waking, printk and run control. Implemented only
 * by the kernel core. Every method states the context it may be called from; the kernel
 * checks it at the service boundary.
 */
@ProviderType
@KernelService
public interface Kernel {

    // ---- tasks -------------------------------------------------------------------------

    /** Creates a task (kthread_run or fork+exec) and makes it runnable. Any context, like wake_up_new_task. */
    @Contract(ATOMIC_SAFE)
    Task spawn(TaskSpec spec, TaskBody body);

    /** find_task_by_vpid(): the live task with this pid (idle tasks are pid 0 and not found), or null. */
    @Contract(ATOMIC_SAFE)
    Task task(int pid);

    /** {@code current}. In interrupt context it names the interrupted task, and means nothing there. */
    @Contract(ATOMIC_SAFE)
    Task current();

    /** smp_processor_id(). */
    @Contract(ATOMIC_SAFE)
    int smpProcessorId();

    /**
     * Uses {@code ns} of CPU time. Interrupts due inside the burst arrive at their exact virtual
     * instant; the burst is split, the handler runs, and the rest continues or is preempted.
     * Any context: a handler's own running time is spent the same way.
     */
    @Contract(ATOMIC_SAFE)
    void compute(long ns);

    /** schedule(): gives up the CPU; the current task sleeps if its state is not RUNNING. */
    @Contract(value = SCHEDULES, fix = "do not call schedule() with a lock held or from an interrupt handler; defer the work to a workqueue")
    void schedule();

    /** sched_yield(). */
    @Contract(SCHEDULES)
    void yieldCpu();

    /** cond_resched(): a voluntary preemption point. */
    @Contract(MAY_SLEEP)
    void condResched();

    /** msleep(): sleeps at least {@code ms} milliseconds, uninterruptibly (kernel/time/sleep_timeout.c). */
    @Contract(value = MAY_SLEEP, fix = "use mdelay()/udelay() to busy-wait, or move the sleep into a threaded IRQ handler or a workqueue")
    void msleep(long ms);

    /** mdelay(): busy-waits {@code ms} milliseconds of CPU time. Any context. */
    @Contract(ATOMIC_SAFE)
    void mdelay(long ms);

    /**
     * schedule_timeout(): sleeps until woken or until {@code timeoutJiffies} pass; returns the
     * jiffies left (0 when it timed out). Set the task state first, as in Linux.
     */
    @Contract(SCHEDULES)
    long scheduleTimeout(long timeoutJiffies);

    /** set_current_state(). */
    @Contract(ATOMIC_SAFE)
    void setCurrentState(TaskState state);

    /** wake_up_process(): true if the task was woken (it was sleeping). Any context. */
    @Contract(ATOMIC_SAFE)
    boolean wakeUpProcess(Task task);

    /**
     * Sends SIGKILL to {@code task}, as mm/oom_kill.c __oom_kill_process() does with
     * do_send_sig_info(SIGKILL, SEND_SIG_PRIV, …) (kernel/signal.c): from now on
     * {@link #fatalSignalPending} is true for it, an INTERRUPTIBLE sleep is woken
     * (signal_wake_up(t, 1); an UNINTERRUPTIBLE one is not), and the task dies, as if its body
     * threw {@code TaskDeath.signal(SIGKILL)}, at its next safe point: its next {@code compute()}
     * in process context with a zero preemption count and interrupts enabled (where Linux
     * delivers it: on the way back to user mode). Returns false and does nothing for a task that
     * is dead, an idle task or a kernel thread (kthreads ignore signals they do not allow). Any
     * context. Since 1.5.0.
     */
    @Contract(ATOMIC_SAFE)
    boolean sendSigkill(Task task);

    /** fatal_signal_pending(task) (include/linux/sched/signal.h): SIGKILL was sent and the task has not died yet. Any context. Since 1.5.0. */
    @Contract(ATOMIC_SAFE)
    boolean fatalSignalPending(Task task);

    /**
     * Adds {@code hook}, called in do_exit() for every task that ends (see {@link TaskExitHook}),
     * until {@link #removeExitHook}; hooks outlive {@code kernel:reset}. Any context. Since 1.5.0.
     */
    @Contract(ATOMIC_SAFE)
    void addExitHook(TaskExitHook hook);

    /** Removes a hook {@link #addExitHook} added; nothing if it is not there. Any context. Since 1.5.0. */
    @Contract(ATOMIC_SAFE)
    void removeExitHook(TaskExitHook hook);

    /** set_user_nice(): -20..19. */
    @Contract(ATOMIC_SAFE)
    void setNice(Task task, int nice);

    /**
     * sched_setattr() (kernel/sched/syscalls.c): 0, -EINVAL for attributes this machine cannot
     * take, -EBUSY when SCHED_DEADLINE admission control refuses the bandwidth. Not from
     * interrupt context (__sched_setscheduler has BUG_ON(in_interrupt())).
     */
    @Contract(TASK_ONLY)
    int schedSetattr(Task task, SchedAttr attr);

    /** sched_setaffinity(): 0, or -EINVAL when the mask holds no CPU of this machine. */
    @Contract(TASK_ONLY)
    int schedSetaffinity(Task task, long mask);

    /**
     * might_sleep() for services outside the core that sleep conditionally (GFP_KERNEL, user
     * copies). The report names the code that called the service, not the service. Returns
     * whether the service should go on: false when the policy is warn and the caller is in
     * interrupt context, where the call is skipped. Throws in fail mode.
     */
    @Contract(ATOMIC_SAFE)
    boolean mightSleep(Ctx rule, String what, String fix);

    // ---- time and log ------------------------------------------------------------------

    /** Virtual time of the running CPU, in nanoseconds. */
    @Contract(ATOMIC_SAFE)
    long now();

    @Contract(ATOMIC_SAFE)
    long jiffies();

    @Contract(ATOMIC_SAFE)
    int hz();

    @Contract(ATOMIC_SAFE)
    int nrCpus();

    /** printk(): appends a line to the ring buffer with a virtual timestamp. */
    @Contract(ATOMIC_SAFE)
    void printk(LogLevel level, String message);

    @Contract(ATOMIC_SAFE)
    List<LogLineDTO> dmesg();

    @Contract(ATOMIC_SAFE)
    List<TaskDTO> ps();

    /** Each CPU's runqueue statistics (struct rq's schedstat fields, kernel/sched/sched.h), CPU 0 first. */
    @Contract(ATOMIC_SAFE)
    List<CpuStatDTO> cpuStats();

    /** What each CPU is doing now (task, context, preempt_count, irqs, runqueue), read at a safe point, CPU 0 first. */
    @Contract(ATOMIC_SAFE)
    List<org.kernellab.api.dto.CpuStateDTO> cpuStates();

    /** Context queries and preemption/interrupt control of the running CPU. */
    @Contract(ATOMIC_SAFE)
    KernelContext context();

    // ---- run control (outside the simulation only) ----------------------------------------

    /**
     * Runs for {@code ns} of virtual time. Any thread may call it, one run at a time; interrupting
     * the calling thread stops the run at its next step with {@code stoppedBy} {@code "interrupt"},
     * and the thread stays interrupted.
     */
    @Contract(CONTROL)
    RunResultDTO run(long ns);

    /** Runs until every CPU is idle with nothing pending but periodic ticks, or {@code limitNs} passes. */
    @Contract(CONTROL)
    RunResultDTO runUntilIdle(long limitNs);

    /**
     * Puts a workload's tasks into this machine (the user's own tasks, beside whatever runs): each
     * task of {@code w} (every instance) is created at its {@code start} counted from now, and runs
     * its phases as it would in a workload run. The workload's {@code machine} and {@code stop} are
     * not applied: this machine keeps its configuration, and {@link #run} decides how long it runs.
     * Returns the number of tasks it will create.
     */
    @Contract(CONTROL)
    int load(org.kernellab.api.workload.Workload w);

    /**
     * Runs for {@code ns} of virtual time (with {@code untilIdle}, at most that long, until every
     * CPU is idle) under a monitor: {@link RunMonitor#cancelled()} is asked before every event and
     * {@link RunMonitor#progress} told every {@value #PROGRESS_EVENTS} steps of the machine (hardware
     * events and CPU resumptions), both between two steps
     * and on whichever thread then runs the machine, never from simulated code. A cancelled run
     * stops at its next safe point, as a run whose time is up does, and returns with
     * {@code stoppedBy} {@code "interrupt"}: the machine is consistent and the next run goes on
     * from there. The console's Ctrl-C cancels a run this way.
     */
    @Contract(CONTROL)
    RunResultDTO run(long ns, boolean untilIdle, org.kernellab.api.run.RunMonitor monitor);

    /**
     * Runs, at most {@code limitNs} of virtual time, until {@code condition} holds, under
     * {@code monitor} as {@link #run(long, boolean, RunMonitor)} does. The condition is one or more
     * clauses separated by commas, any of which stops the run after the step of the machine in which
     * it held: {@code violation}, {@code irq=<line>}, {@code switch=<pid>},
     * {@code state=<pid>:<R|S|D|X>}, {@code time=<duration>} (absolute virtual time) and
     * {@code event=<n>} (the machine's step count, {@link #eventCount()}). The result's
     * {@code stoppedBy} is {@code "until"} and its {@code until} says what held. A bad condition is
     * refused with IllegalArgumentException naming the clause.
     */
    @Contract(CONTROL)
    RunResultDTO runUntil(String condition, long limitNs, org.kernellab.api.run.RunMonitor monitor);

    /** The steps the machine has made since it booted or was reset (hardware events and CPU resumptions; what a run's {@code events} counts). */
    @Contract(ATOMIC_SAFE)
    long eventCount();

    /** How many steps of the machine pass between two calls of {@link org.kernellab.api.run.RunMonitor#progress} in a monitored run. */
    int PROGRESS_EVENTS = 4096;

    /** Processes exactly one event. */
    @Contract(CONTROL)
    RunResultDTO step();

    /** Discards every task and event and boots a fresh machine with the current configuration. */
    @Contract(CONTROL)
    void reset();

    /** True once a violation halted the simulation in panic mode; cleared by {@link #reset()}. */
    @Contract(ATOMIC_SAFE)
    boolean panicked();

}
