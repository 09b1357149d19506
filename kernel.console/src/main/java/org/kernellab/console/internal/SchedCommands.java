package org.kernellab.console.internal;

import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.kernellab.console.dto.SchedChangeDTO;
import org.kernellab.console.dto.SchedUseDTO;
import org.kernellab.console.dto.TaskSchedDTO;
import org.kernellab.console.internal.SchedArgs.SetattrOptions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code sched:} scope: the swappable scheduling policy (list, use, status) and each
 * task's scheduling attributes (setattr like chrt, nice like renice, affinity like taskset).
 * Each command returns DTOs; {@link ConsoleConverter} formats them with {@link SchedFormat}.
 * The scheduler's controls and the kernel core are optional, dynamic dependencies: the
 * commands say which bundle is missing instead of failing to register.
 * <p>
 * A command that misses arguments fails with its usage: the no-argument overloads exist for
 * that, and {@code setattr} takes its positional arguments as one array so that Gogo never
 * answers "Cannot coerce".
 */
@Component(service = SchedCommands.class, property = {
    "osgi.command.scope=sched",
    "osgi.command.function=list",
    "osgi.command.function=use",
    "osgi.command.function=status",
    "osgi.command.function=setattr",
    "osgi.command.function=nice",
    "osgi.command.function=affinity"
})
public class SchedCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile SchedulerControl control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Kernel kernel;

    /** For DS, which injects both references into the fields. */
    public SchedCommands() {
    }

    /** For unit tests: fixed services, either may be null. */
    SchedCommands(Kernel kernel, SchedulerControl control) {
        this.kernel = kernel;
        this.control = control;
    }

    private SchedulerControl control() {
        SchedulerControl c = control;
        if (c == null) {
            throw new CommandFailure("no scheduler is running (no " + SchedulerControl.class.getSimpleName()
                + " service): is the kernel.sched bundle active? (kernel:lsmod)");
        }
        return c;
    }

    private Kernel kernel() {
        Kernel k = kernel;
        if (k == null) throw new CommandFailure("no kernel core is running: is the kernel.core bundle active? (kernel:lsmod)");
        return k;
    }

    // ---- the policy ------------------------------------------------------------------

    @Descriptor("list the scheduling policies: name, state (active, available, ejected), bundle, version, parameters; an ejected one with the reason")
    public PolicyInfoDTO[] list(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("sched:list", surplus);
        return control().policies().toArray(PolicyInfoDTO[]::new);
    }

    @Descriptor("show the scheduler: the active policy and its parameters, since when, the desired one if it differs, tasks per class, calls into the policy, the last ejections")
    public SchedStatusDTO status(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("sched:status", surplus);
        return control().status();
    }

    @Descriptor("without arguments: say how to call sched:use, and name the policies")
    public void use() {
        throw new BadArgument(SchedArgs.USE_USAGE + policyNames());
    }

    @Descriptor("switch every machine to a scheduling policy now, with its parameters; 'sched:use fair' goes back to the built-in class")
    public SchedUseDTO use(
        @Descriptor("the policy's name, as sched:list shows it") String name,
        @Descriptor("the policy's parameters, each key=value (sched:list shows their names), e.g. slice=3ms") String... params) {
        Map<String, String> p = SchedArgs.params(params);
        SchedulerControl c = control();
        String previous = c.status().active;
        // an unknown name or parameter: its IllegalArgumentException names it and lists the choices
        CommandException.run(() -> c.use(name, p));
        SchedUseDTO out = new SchedUseDTO();
        out.name = name;
        out.params = p;
        out.previous = previous;
        out.status = c.status();
        return out;
    }

    /** "; policies: fair, cfs" when the scheduler is there to ask. */
    private String policyNames() {
        SchedulerControl c = control;
        if (c == null) return "; no scheduler is running (is the kernel.sched bundle active?)";
        try {
            return "; policies: " + String.join(", ", c.policies().stream().map(p -> p.name).toList());
        } catch (RuntimeException e) {
            return "; the policy names are unavailable: " + e.getMessage();
        }
    }

    // ---- one task ----------------------------------------------------------------------

    @Descriptor("set a task's scheduling policy and attributes, as chrt does (sched_setattr); with a pid alone, show them")
    public Object setattr(
        @Descriptor("SCHED_DEADLINE's runtime per period, with a unit: 10ms")
        @Parameter(names = "--runtime", absentValue = "") String runtime,
        @Descriptor("SCHED_DEADLINE's relative deadline; for a normal, batch or idle task the deadline hint of edf and rm")
        @Parameter(names = "--deadline", absentValue = "") String deadline,
        @Descriptor("SCHED_DEADLINE's period (default: the deadline); for a normal, batch or idle task the period hint of edf and rm")
        @Parameter(names = "--period", absentValue = "") String period,
        @Descriptor("the nice value -20..19 of a normal, batch or idle task (default: the task keeps its own)")
        @Parameter(names = "--nice", absentValue = "") String nice,
        @Descriptor("the expected run length, a hint for sjf and stcf: 30ms")
        @Parameter(names = "--expected", absentValue = "") String expected,
        @Descriptor("lottery and stride tickets (default 100)")
        @Parameter(names = "--tickets", absentValue = "") String tickets,
        @Descriptor("<pid> <policy> [priority]: policy normal, batch, idle, fifo, rr or deadline; fifo and rr need a priority 1..99")
        String... args) {
        List<String> positional = SchedArgs.positional(args);
        if (positional.isEmpty()) throw new BadArgument(SchedArgs.SETATTR_USAGE);
        int pid = SchedArgs.pid(positional.get(0));
        SetattrOptions options = new SetattrOptions(runtime, deadline, period, nice, expected, tickets);
        Kernel k = kernel();
        Task t = task(k, pid);
        if (positional.size() == 1) {
            if (!options.equals(SetattrOptions.NONE)) throw new BadArgument("the policy is missing; " + SchedArgs.SETATTR_USAGE);
            return snapshot(t, k.nrCpus());
        }
        SchedAttr attr = SchedArgs.attr(positional.subList(1, positional.size()), options, t.attr().nice);
        TaskSchedDTO before = snapshot(t, k.nrCpus());
        int rc = k.schedSetattr(t, attr);
        if (rc < 0) throw setattrRefused(before, attr, rc);
        return change("attr", before, snapshot(t, k.nrCpus()));
    }

    @Descriptor("without arguments: say how to call sched:nice")
    public void nice() {
        throw new BadArgument(SchedArgs.NICE_USAGE);
    }

    @Descriptor("show a task's scheduling attributes")
    public TaskSchedDTO nice(@Descriptor("the task's pid (kernel:ps lists them)") String pid) {
        return show(pid);
    }

    @Descriptor("set a task's nice value, as renice does (set_user_nice)")
    public SchedChangeDTO nice(
        @Descriptor("the task's pid (kernel:ps lists them)") String pid,
        @Descriptor("the new nice value, -20 (most CPU) to 19 (least)") String value) {
        int p = SchedArgs.pid(pid);
        int n = SchedArgs.nice(value, "nice");
        Kernel k = kernel();
        Task t = task(k, p);
        TaskSchedDTO before = snapshot(t, k.nrCpus());
        k.setNice(t, n);
        return change("attr", before, snapshot(t, k.nrCpus()));
    }

    @Descriptor("without arguments: say how to call sched:affinity")
    public void affinity() {
        throw new BadArgument(SchedArgs.AFFINITY_USAGE);
    }

    @Descriptor("show a task's scheduling attributes and the CPUs it may run on")
    public TaskSchedDTO affinity(@Descriptor("the task's pid (kernel:ps lists them)") String pid) {
        return show(pid);
    }

    @Descriptor("set the CPUs a task may run on, as taskset -c does (sched_setaffinity)")
    public SchedChangeDTO affinity(
        @Descriptor("the task's pid (kernel:ps lists them)") String pid,
        @Descriptor("CPU numbers and ranges, e.g. 0,2-3") String cpus) {
        int p = SchedArgs.pid(pid);
        long mask = CpuLists.parse(cpus);
        Kernel k = kernel();
        Task t = task(k, p);
        TaskSchedDTO before = snapshot(t, k.nrCpus());
        int rc = k.schedSetaffinity(t, mask);
        if (rc < 0) throw affinityRefused(before, mask, rc);
        return change("affinity", before, snapshot(t, k.nrCpus()));
    }

    // ---------------------------------------------------------------------------------

    private TaskSchedDTO show(String pid) {
        int p = SchedArgs.pid(pid);
        Kernel k = kernel();
        return snapshot(task(k, p), k.nrCpus());
    }

    private static Task task(Kernel k, int pid) {
        Task t = k.task(pid);
        if (t == null) throw new BadArgument("no task with pid " + pid + "; kernel:ps lists the tasks");
        return t;
    }

    static TaskSchedDTO snapshot(Task t, int machineCpus) {
        TaskSchedDTO d = attr(t.attr());
        d.pid = t.pid();
        d.comm = t.comm();
        d.affinity = t.affinity();
        d.machineCpus = machineCpus;
        return d;
    }

    /** The attribute fields of a TaskSchedDTO, from {@code a}. */
    static TaskSchedDTO attr(SchedAttr a) {
        TaskSchedDTO d = new TaskSchedDTO();
        d.policy = a.policy.name();
        d.nice = a.nice;
        d.rtPriority = a.rtPriority;
        d.runtimeNs = a.runtimeNs;
        d.deadlineNs = a.deadlineNs;
        d.periodNs = a.periodNs;
        d.expectedRunNs = a.expectedRunNs;
        d.tickets = a.tickets;
        d.prio = a.prio();
        return d;
    }

    private static SchedChangeDTO change(String what, TaskSchedDTO before, TaskSchedDTO after) {
        SchedChangeDTO c = new SchedChangeDTO();
        c.change = what;
        c.before = before;
        c.after = after;
        return c;
    }

    /** sched_setattr()'s failure, said in words: what was refused and why. */
    static RuntimeException setattrRefused(TaskSchedDTO t, SchedAttr a, int rc) {
        String who = "pid " + t.pid + " (" + t.comm + "): ";
        String what = SchedFormat.attr(attr(a));
        String errno = " (sched_setattr returned " + Errnos.name(rc) + ", " + Errnos.meaning(rc) + ")";
        if (rc == -Errno.EBUSY) {
            String share = a.periodNs > 0 ? String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * a.runtimeNs / a.periodNs) : "?";
            return new CommandFailure(who + "SCHED_DEADLINE admission control refused runtime "
                + Durations.compact(a.runtimeNs) + " per period " + Durations.compact(a.periodNs) + " (" + share
                + " of a CPU): the machine's deadline bandwidth would exceed 95% per CPU" + errno);
        }
        if (rc == -Errno.EINVAL) {
            return new BadArgument(who + "the kernel refused " + what + ": this machine cannot take these attributes" + errno);
        }
        return new CommandFailure(who + "the kernel refused " + what + errno);
    }

    /** sched_setaffinity()'s failure, said in words. */
    static RuntimeException affinityRefused(TaskSchedDTO t, long mask, int rc) {
        String who = "pid " + t.pid + " (" + t.comm + "): ";
        String errno = " (sched_setaffinity returned " + Errnos.name(rc) + ", " + Errnos.meaning(rc) + ")";
        String cpus = "cpus " + CpuLists.format(mask);
        if (rc == -Errno.EINVAL) {
            return new BadArgument(who + "the kernel refused " + cpus + ": the list holds no CPU of this machine (CPUs "
                + CpuLists.format(CpuLists.all(t.machineCpus)) + ")" + errno);
        }
        return new CommandFailure(who + "the kernel refused " + cpus + errno);
    }
}
