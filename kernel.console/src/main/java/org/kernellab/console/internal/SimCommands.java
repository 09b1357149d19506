package org.kernellab.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.trace.Tracer;
import org.kernellab.console.dto.ConfigEntryDTO;
import org.kernellab.console.dto.DemoDTO;
import org.kernellab.console.dto.DemoRunDTO;
import org.kernellab.console.dto.TimeDTO;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The simulation commands of the {@code kernel:} scope: tasks, run control, virtual time,
 * tracing, configuration and the teaching demos. Each returns DTOs; {@link ConsoleConverter}
 * formats them.
 */
@Component(service = SimCommands.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=ps",
    "osgi.command.function=run",
    "osgi.command.function=step",
    "osgi.command.function=time",
    "osgi.command.function=trace",
    "osgi.command.function=config",
    "osgi.command.function=reset",
    "osgi.command.function=demo"
})
public class SimCommands {
    /** The kernel core's configuration PID (org.kernellab.core.KernelComponent.PID). */
    static final String KERNEL_PID = "org.kernellab.kernel";
    /** How long {@code kernel:config} waits for the machine to reboot with the new value, in wall time. */
    static final long REBOOT_WAIT_MS = 10_000;

    /** The configuration keys, their service property and meaning, in listing order. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();
    static {
        KEYS.put("cpus", "number of simulated CPUs, 1..64");
        KEYS.put("hz", "timer interrupt frequency (CONFIG_HZ): 100, 250, 300 or 1000");
        KEYS.put("seed", "seed of every random generator of the machine");
        KEYS.put("policy", "what a broken context rule does: warn, fail or panic");
        KEYS.put("preempt", "preemption model: none, voluntary or full");
        KEYS.put("layout", "preempt_count layout: linux-6 or linux-2.6");
        KEYS.put("nohz", "NO_HZ idle: an idle CPU stops its tick (true, the default) or keeps it (false)");
        KEYS.put("irqcost", "interrupt cost model: none, typical (entry 1us, handler 2us, softirq 1us, exit 0.5us) or entry,handler,softirq,exit in ns");
    }

    private final BundleContext context;
    private final List<ServiceReference<Demo>> demos = new CopyOnWriteArrayList<>();
    /** Signalled when a demo is registered ({@link #awaitKernel} waits for them to come back); no monitor in bundle code. */
    private final java.util.concurrent.locks.ReentrantLock demosLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition demosChanged = demosLock.newCondition();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Kernel kernel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Tracer tracer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    /** What the console put into the machine, and the breakpoints: for kernel:back and kernel:break. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Journal journal;

    @Activate
    public SimCommands(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = Demo.class,
        unbind = "removeDemo")
    void addDemo(ServiceReference<Demo> ref) {
        demosLock.lock();
        try {
            demos.add(ref);
            demosChanged.signalAll();
        } finally {
            demosLock.unlock();
        }
    }

    void removeDemo(ServiceReference<Demo> ref) {
        demos.remove(ref);
    }

    private List<String> demoNames() {
        List<String> names = new ArrayList<>();
        for (ServiceReference<Demo> r : demos) names.add(String.valueOf(r.getProperty("demo.name")));
        names.sort(null);
        return names;
    }

    private Kernel kernel() {
        Kernel k = kernel;
        if (k == null) throw new CommandFailure("no kernel core is running: is the kernel.core bundle active? (kernel:lsmod)");
        return k;
    }

    private Tracer tracer() {
        Tracer t = tracer;
        if (t == null) throw new CommandFailure("no tracer: is the kernel.core bundle active? (kernel:lsmod)");
        return t;
    }

    // ---------------------------------------------------------------------------------

    @Descriptor("list the tasks: pid, comm, state, cpu, nice, utime, stime and context switches")
    public TaskDTO[] ps(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("kernel:ps", surplus);
        return kernel().ps().toArray(TaskDTO[]::new);
    }

    static final String RUN_USAGE = "kernel:run [-i] [--until <condition>] <duration>   (virtual time: a number and a unit, ns, us, ms, s, m or h: 500us, 10ms, 1.5s, 1h;"
        + " conditions: violation, irq=<line>, switch=<pid>, state=<pid>:<R|S|D|X>, time=<t>, event=<n>)";
    static final String TRACE_USAGE = "kernel:trace start | stop | clear | show [--cpu <n,...>] [--task <pid|comm>] [--event <name,...>]"
        + " | digest | status | export <file.json>";
    static final String CONFIG_USAGE = "kernel:config [<key> <value>]   (keys: cpus, hz, seed, policy, preempt, layout, nohz, irqcost; kernel:config lists them)";

    @Descriptor("run the machine for a duration of virtual time, or with -i until it is idle; Ctrl-C stops it at its next event")
    public RunResultDTO run(CommandSession session,
        @Descriptor("stop as soon as every CPU is idle; the duration is then the most to run")
        @Parameter(names = {"-i", "--until-idle"}, presentValue = "true", absentValue = "false") boolean untilIdle,
        @Descriptor("stop after the step where this holds (and at every kernel:break condition): violation, irq=<line>, switch=<pid>,"
            + " state=<pid>:<R|S|D|X>, time=<t>, event=<n>; several separated by commas")
        @Parameter(names = {"-u", "--until"}, absentValue = "") String until,
        @Descriptor("virtual time, with a unit (ns, us, ms, s, m, h): 500us, 10ms, 2s, 1h") String... duration) {
        if (duration.length == 0) throw BadArgument.usage("kernel:run needs a duration", RUN_USAGE);
        if (duration.length > 1) {
            throw BadArgument.usage("kernel:run takes one duration, not " + duration.length + ": " + String.join(" ", duration), RUN_USAGE);
        }
        long ns = Durations.parse(duration[0], "duration");
        Kernel k = kernel();
        Journal j = journal;
        String condition = j == null ? until : j.condition(until);
        if (condition.isEmpty()) return checked(watched(session, watch -> k.run(ns, untilIdle, watch)));
        if (untilIdle) throw BadArgument.usage("kernel:run stops either when idle (-i) or at a condition (--until, kernel:break), not both", RUN_USAGE);
        return checked(watched(session, watch -> k.runUntil(condition, ns, watch)));
    }

    /**
     * Runs the machine under a {@link RunWatch}: Ctrl-C stops the run at its next step and the
     * command returns where it stopped; a long run in a real terminal prints its progress meanwhile.
     */
    private static RunResultDTO watched(CommandSession session, java.util.function.Function<RunWatch, RunResultDTO> run) {
        RunWatch watch = new RunWatch(null, System::nanoTime);
        try (ConsoleTerminal term = ConsoleTerminal.during(session, watch::ctrlC)) {
            if (term != null && term.interactive()) watch.printTo(term::println);
            return run.apply(watch);
        }
    }

    @Descriptor("make one step of the machine: a hardware event or a CPU resuming its task (kernel:back 1 undoes it)")
    public RunResultDTO step() {
        return step("1");
    }

    @Descriptor("make n steps of the machine: hardware events and CPUs resuming their tasks (kernel:back n undoes them)")
    public RunResultDTO step(@Descriptor("how many steps") String steps) {
        long n = SchedArgs.whole(steps, "kernel:step: n");
        if (n < 1) throw BadArgument.usage("kernel:step: n must be 1 or more, not " + n, "kernel:step [<n>]");
        Kernel k = kernel();
        // no time limit: a machine with nothing left to happen stops where it is ("idle")
        return checked(k.runUntil("event=" + (k.eventCount() + n), Long.MAX_VALUE, org.kernellab.api.run.RunMonitor.NONE));
    }

    @Descriptor("show the virtual time, jiffies, HZ and the number of CPUs")
    public TimeDTO time(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("kernel:time", surplus);
        Kernel k = kernel();
        TimeDTO t = new TimeDTO();
        t.nowNs = k.now();
        t.jiffies = k.jiffies();
        t.hz = k.hz();
        t.cpus = k.nrCpus();
        return t;
    }

    @Descriptor("reset the machine: discard every task and event and start again at time 0")
    public String reset(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("kernel:reset", surplus);
        kernel().reset();
        Journal j = journal;
        if (j != null) j.reset();
        return "machine reset: virtual time 0, no tasks";
    }

    @Descriptor("control the trace: start, stop, clear, show (filtered with --cpu, --task, --event), digest, or export <file> (Chrome/Perfetto JSON)")
    public String trace(
        @Descriptor("start | stop | clear | show | digest | status | export <file>") String... args) {
        if (args.length == 0) throw BadArgument.usage("kernel:trace needs an action", TRACE_USAGE);
        String action = args[0];
        String[] file = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (!action.equals("export") && !action.equals("show") && file.length > 0) {
            throw BadArgument.usage("kernel:trace " + action + " takes no argument, not " + String.join(" ", file), TRACE_USAGE);
        }
        if (!List.of("start", "stop", "clear", "show", "digest", "status", "export").contains(action)) {
            throw BadArgument.usage("trace action \"" + action + "\" is unknown", TRACE_USAGE);
        }
        TraceFilter filter = action.equals("show") ? TraceFilter.parse(file) : null;
        if (action.equals("export") && file.length != 1) {
            throw BadArgument.usage("kernel:trace export needs one file name, e.g. run.json", TRACE_USAGE);
        }
        Tracer t = tracer();
        switch (action) {
            case "start" -> {
                t.start();
                return "tracing on";
            }
            case "stop" -> {
                t.stop();
                return "tracing off (" + t.size() + " records kept)";
            }
            case "clear" -> {
                t.clear();
                return "trace cleared";
            }
            case "show" -> {
                String text = filter.apply(t.text());
                if (!t.recording() && t.size() == 0) text += "# tracing is off: kernel:trace start records the events of the runs that follow\n";
                return text;
            }
            case "digest" -> {
                return t.digest();
            }
            case "status" -> {
                return (t.recording() ? "tracing on" : "tracing off") + ", " + t.size() + " records, digest " + t.digest();
            }
            case "export" -> {
                Path p = exportPath(file[0]);
                try {
                    Files.writeString(p, t.chromeJson(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CommandFailure("trace export: cannot write \"" + file[0] + "\": " + e, e);
                }
                return "wrote " + p + " (open it in ui.perfetto.dev or chrome://tracing)";
            }
            default -> throw BadArgument.usage("trace action \"" + action + "\" is unknown", TRACE_USAGE);
        }
    }

    /** The file {@code kernel:trace export} writes: its folder must exist (and be a folder). */
    static Path exportPath(String name) {
        Path p;
        try {
            p = Path.of(name).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadArgument("trace export: \"" + name + "\" is not a file name: " + e.getReason());
        }
        Path dir = p.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new BadArgument("trace export: the folder " + dir + (Files.exists(dir) ? " is not a folder" : " does not exist")
                + "; give a file in an existing folder, e.g. run.json");
        }
        if (Files.isDirectory(p)) throw new BadArgument("trace export: " + p + " is a folder; give a file name, e.g. " + p.resolve("run.json"));
        return p;
    }

    // ---------------------------------------------------------------------------------

    @Descriptor("list the machine configuration, or set a key (the machine reboots with the new value)")
    public ConfigEntryDTO[] config(
        @Descriptor("nothing to list; or a key (cpus, hz, seed, policy, preempt, layout, nohz, irqcost) and its new value") String... args)
        throws IOException, InterruptedException {
        if (args.length == 0) return list();
        if (args.length == 1) {
            String key = args[0];
            if (!KEYS.containsKey(key)) validate(key, "");
            String now = "-";
            for (ConfigEntryDTO c : list()) if (c.key.equals(key)) now = c.value;
            throw BadArgument.usage("kernel:config " + key + " needs a value (" + KEYS.get(key) + "; now " + now + ")",
                "kernel:config " + key + " <value>");
        }
        if (args.length > 2) {
            throw BadArgument.usage("kernel:config takes a key and one value, not " + String.join(" ", args), CONFIG_USAGE);
        }
        return set(args[0], args[1]);
    }

    private ConfigEntryDTO[] list() {
        ServiceReference<Kernel> ref = context == null ? null : context.getServiceReference(Kernel.class);
        List<ConfigEntryDTO> out = new ArrayList<>();
        for (Map.Entry<String, String> e : KEYS.entrySet()) {
            ConfigEntryDTO c = new ConfigEntryDTO();
            c.key = e.getKey();
            Object v = ref == null ? null : ref.getProperty("kernel." + e.getKey());
            c.value = v == null ? "-" : v.toString();
            c.description = e.getValue();
            out.add(c);
        }
        return out.toArray(ConfigEntryDTO[]::new);
    }

    private ConfigEntryDTO[] set(String key, String value) throws IOException, InterruptedException {
        String normal = validate(key, value);
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) throw new CommandFailure("ConfigurationAdmin is not running; cannot change \"" + key + "\"");
        Configuration cfg = ca.getConfiguration(KERNEL_PID, "?");
        Dictionary<String, Object> props = cfg.getProperties();
        if (props == null) props = new Hashtable<>();
        props.put(key, key.equals("cpus") || key.equals("hz") ? (Object) Integer.valueOf(normal)
            : key.equals("seed") ? (Object) Long.valueOf(normal) : key.equals("nohz") ? (Object) Boolean.valueOf(normal) : normal);
        awaitKernel("(kernel." + key + "=" + normal + ")", cfg, props);
        Journal j = journal;
        if (j != null) j.reset(); // a fresh machine at time 0: what follows can be replayed
        return list();
    }

    /** Checks a key and value the way the kernel will; returns the value as the kernel reports it. */
    static String validate(String key, String value) {
        if (!KEYS.containsKey(key)) {
            throw new BadArgument("config key \"" + key + "\" is unknown; keys: " + String.join(", ", KEYS.keySet()));
        }
        try {
            return switch (key) {
                case "cpus" -> {
                    int n = Integer.parseInt(value);
                    if (n < 1 || n > 64) throw new BadArgument("cpus \"" + value + "\" is out of range 1..64");
                    yield Integer.toString(n);
                }
                case "hz" -> {
                    int hz = Integer.parseInt(value);
                    if (!org.kernellab.api.workload.Machine.validHz(hz)) {
                        throw new BadArgument("hz \"" + value + "\" is out of range 10..10000 (Linux uses 100, 250, 300 or 1000)");
                    }
                    yield Integer.toString(hz);
                }
                case "seed" -> Long.toString(Long.parseLong(value));
                case "policy" -> ViolationPolicy.parse(value).name().toLowerCase();
                case "preempt" -> PreemptModel.parse(value).name().toLowerCase();
                case "nohz" -> switch (value.toLowerCase()) {
                    case "true", "on", "1", "y" -> "true";
                    case "false", "off", "0", "n" -> "false";
                    default -> throw new BadArgument("nohz \"" + value + "\" is not true or false (on or off)");
                };
                case "irqcost" -> irqCost(value);
                default -> PreemptLayout.named(value).name;
            };
        } catch (NumberFormatException e) {
            throw new BadArgument(key + " \"" + value + "\" is not a whole number");
        }
    }

    /** The kernel core's check of an interrupt cost model (org.kernellab.core.IrqCost.parse), for a message before the reboot. */
    private static String irqCost(String value) {
        String v = value.trim().toLowerCase();
        if (v.equals("none") || v.equals("typical")) return v;
        String[] f = v.split(",");
        if (f.length == 4) {
            boolean ok = true;
            StringBuilder normal = new StringBuilder();
            for (String x : f) {
                try {
                    long ns = Long.parseLong(x.trim());
                    ok &= ns >= 0;
                    normal.append(normal.length() == 0 ? "" : ",").append(ns);
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (ok) {
                String n = normal.toString();
                return n.equals("0,0,0,0") ? "none" : n.equals("1000,2000,1000,500") ? "typical" : n;
            }
        }
        throw new BadArgument("irqcost \"" + value + "\" is not none, typical or four ns figures entry,handler,softirq,exit (e.g. 1000,2000,1000,500)");
    }

    /**
     * Applies the configuration and waits until the rebooted kernel reports the new value and
     * every demo that was registered before has come back: the demos depend on the kernel's
     * services, which DS re-registers one after another on ConfigAdmin's thread, so a command
     * that follows {@code kernel:config} in the same script must not see them half-way.
     */
    private void awaitKernel(String filter, Configuration cfg, Dictionary<String, Object> props)
        throws IOException, InterruptedException {
        List<String> before = demoNames();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REBOOT_WAIT_MS);
        CountDownLatch up = new CountDownLatch(1);
        String full = "(&(objectClass=" + Kernel.class.getName() + ")" + filter + ")";
        ServiceListener l = e -> {
            if (e.getType() == ServiceEvent.REGISTERED) up.countDown();
        };
        try {
            context.addServiceListener(l, full);
        } catch (InvalidSyntaxException e) {
            throw new BadArgument("value makes an invalid filter: " + filter, e);
        }
        try {
            cfg.update(props);
            ServiceReference<?>[] now = context.getServiceReferences(Kernel.class.getName(), filter);
            if (now == null && !up.await(REBOOT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new CommandFailure("the kernel did not come back with " + filter + " within "
                    + REBOOT_WAIT_MS / 1000 + " s; see kernel:dmesg and lsmod");
            }
            demosLock.lock();
            try {
                while (!demoNames().containsAll(before)) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        List<String> missing = new ArrayList<>(before);
                        missing.removeAll(demoNames());
                        throw new CommandFailure("the kernel rebooted with " + filter + " but demos " + missing
                            + " did not come back within " + REBOOT_WAIT_MS / 1000 + " s; see kernel:lsmod and scr:list");
                    }
                    demosChanged.await(left, TimeUnit.MILLISECONDS);
                }
            } finally {
                demosLock.unlock();
            }
        } catch (InvalidSyntaxException e) {
            throw new BadArgument("value makes an invalid filter: " + filter, e);
        } finally {
            context.removeServiceListener(l);
        }
    }

    // ---------------------------------------------------------------------------------

    @Descriptor("list the teaching demos")
    public DemoDTO[] demo() {
        List<DemoDTO> out = new ArrayList<>();
        for (ServiceReference<Demo> ref : demos) {
            Demo d = context.getService(ref);
            if (d == null) continue;
            try {
                DemoDTO dto = new DemoDTO();
                dto.name = d.name();
                dto.description = d.description();
                dto.bundle = ref.getBundle().getSymbolicName();
                out.add(dto);
            } finally {
                context.ungetService(ref);
            }
        }
        out.sort((a, b) -> a.name.compareTo(b.name));
        return out.toArray(DemoDTO[]::new);
    }

    @Descriptor("run a teaching demo on a freshly reset machine and show its kernel log and trace")
    public DemoRunDTO demo(CommandSession session,
        @Descriptor("the demo's name; kernel:demo alone lists them") String name,
        @Descriptor("nothing: a demo takes no arguments") String... more) {
        if (more.length > 0) {
            throw BadArgument.usage("kernel:demo runs one demo, not " + name + " " + String.join(" ", more), "kernel:demo [<name>]");
        }
        ServiceReference<Demo> ref = null;
        for (ServiceReference<Demo> r : demos) if (name.equals(r.getProperty("demo.name"))) ref = r;
        if (ref == null) {
            throw new BadArgument("demo \"" + name + "\" is unknown; demos: " + String.join(", ", demoNames()));
        }
        Kernel k = kernel();
        Tracer t = tracer();
        Demo d = context.getService(ref);
        if (d == null) throw new CommandFailure("demo \"" + name + "\" is registered but could not be activated; see kernel:dmesg");
        Journal j = journal;
        if (j != null) {
            j.unreplayable("kernel:demo " + name + " ran tasks of its own (Java code the console cannot put in again);"
                + " kernel:reset starts a run that kernel:back can replay");
        }
        try {
            k.reset();
            t.clear();
            t.start();
            long from = lastSeq(k) + 1;
            RunResultDTO r;
            try {
                long length = d.setup();
                r = watched(session, watch -> k.run(length, d.stopWhenIdle(), watch));
            } finally {
                if (!k.panicked()) d.teardown();
                t.stop();
            }
            DemoRunDTO out = new DemoRunDTO();
            out.name = d.name();
            out.description = d.description();
            out.run = r;
            out.log = k.dmesg().stream().filter(l -> l.seq >= from).toArray(LogLineDTO[]::new);
            out.trace = t.text();
            out.showTrace = d.showTrace();
            out.digest = t.digest();
            if ("panic".equals(r.stoppedBy)) {
                // show what happened, then fail the command: the halt is the demo's outcome
                if (session != null && session.getConsole() != null) session.getConsole().println(SimFormat.demoRun(out));
                throw new CommandFailure("kernel panic: the simulation halted in demo " + name
                    + " (policy panic); kernel:reset starts again");
            }
            return out;
        } finally {
            context.ungetService(ref);
        }
    }

    private static long lastSeq(Kernel k) {
        List<LogLineDTO> log = k.dmesg();
        return log.isEmpty() ? -1 : log.get(log.size() - 1).seq;
    }

    /** A run that ended in a panic fails the command, so scripts and -c exit non-zero. */
    private static RunResultDTO checked(RunResultDTO r) {
        if ("panic".equals(r.stoppedBy)) {
            throw new CommandFailure("kernel panic: " + r.panic.lines().findFirst().orElse("")
                + "; the machine is halted until kernel:reset");
        }
        return r;
    }
}
