package org.kernellab.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import org.kernellab.api.sched.ExitInfo;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedTask;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.core.SchedMachine;
import org.kernellab.api.sched.core.Scheduler;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.kernellab.api.sched.dto.SchedStatusDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The scheduler bundle's service: it makes a {@link Core} for every machine, keeps the policy
 * bundles that arrive on the whiteboard, and remembers what the user chose and what was
 * ejected, across machine resets. Every change reaches a machine as an action posted to it and
 * applied at its next safe point. Usable without OSGi (unit tests, benchmarks): construct it and
 * call {@link #addProvider}.
 *
 * <p>Threads: framework and console threads call in; the maps are concurrent and the fields
 * volatile; nothing here touches simulated state except through {@link SchedMachine#post}.
 */
@Component(service = {SchedulerFactory.class, SchedulerControl.class}, configurationPid = SchedulerService.PID)
@Designate(ocd = SchedulerService.Config.class)
public final class SchedulerService implements SchedulerFactory, SchedulerControl {
    public static final String PID = "org.kernellab.sched";

    @ObjectClassDefinition(name = "KernelLab scheduler core", description = "The class stack and the host of swappable policies.")
    public @interface Config {
        /** The ConfigAdmin property is watchdog.timeout.ms (DS maps each '_' of the name to '.'). */
        @AttributeDefinition(description = "The watchdog: a policy that leaves a runnable task waiting this long (ms of virtual time) is ejected (sched_ext's default is 30 s).", min = "1")
        long watchdog_timeout_ms() default 30_000;
    }

    /** The user's choice: a policy and its parameters; absent means the built-in fair class. */
    private record Choice(String name, Map<String, String> params) {}

    private final long watchdogNs;
    private final Map<String, PolicyProvider> providers = new ConcurrentHashMap<>();
    private final Map<String, String> ejected = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> ejections = new ConcurrentLinkedDeque<>();
    private final List<Core> cores = new CopyOnWriteArrayList<>();
    private volatile Choice choice;

    @Activate
    public SchedulerService(Config config) {
        this(config.watchdog_timeout_ms() * 1_000_000L);
    }

    /** Outside OSGi, with sched_ext's 30 s watchdog. */
    public SchedulerService() {
        this(DEFAULT_WATCHDOG_NS);
    }

    public SchedulerService(long watchdogNs) {
        if (watchdogNs <= 0) {
            // a bad configuration must not take the kernel down with the scheduler: keep sched_ext's default, and say so
            configWarning = "sched: watchdog.timeout.ms=" + watchdogNs / 1_000_000L
                    + " is out of range (at least 1); the watchdog keeps sched_ext's 30000 ms";
            watchdogNs = DEFAULT_WATCHDOG_NS;
        }
        this.watchdogNs = watchdogNs;
    }

    static final long DEFAULT_WATCHDOG_NS = 30_000_000_000L;
    /** A configuration problem, printed into every machine's log when it boots. */
    private String configWarning;

    // =====================================================================================
    // SchedulerFactory
    // =====================================================================================

    @Override
    public Scheduler create(SchedMachine machine) {
        Core core = new Core(machine, this, watchdogNs);
        cores.add(core);
        if (configWarning != null) machine.log(org.kernellab.api.LogLevel.WARNING, configWarning);
        Choice c = choice;
        if (c != null) {
            PolicyProvider p = providers.get(c.name());
            if (p != null && !ejected.containsKey(c.name())) core.ext.enable(p, c.params());
        }
        return core;
    }

    void machineGone(Core core) {
        cores.remove(core);
    }

    // =====================================================================================
    // The whiteboard
    // =====================================================================================

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeProvider")
    public void addProvider(PolicyProvider p) {
        String n = p.name();
        if (n == null || n.isBlank() || n.equals("fair") || !n.equals(n.toLowerCase()) || n.contains(" ")) {
            // a name sched:use cannot take; the provider is ignored rather than shadow the built-in class
            return;
        }
        providers.put(n, p);
        Choice c = choice;
        if (c != null && c.name().equals(n) && !ejected.containsKey(n)) {
            // the chosen policy's bundle came back (an update): enable the new version
            for (Core core : cores) core.m.post(() -> {
                if (!core.ext.active() || !n.equals(core.ext.policyName())) core.ext.enable(p, c.params());
            });
        }
    }

    public void removeProvider(PolicyProvider p) {
        String n = p.name();
        if (!providers.remove(n, p)) return;
        for (Core core : cores) core.m.post(() -> {
            if (core.ext.provider() == p) {
                core.ext.disable(new ExitInfo(ExitInfo.Kind.UNREGISTERED, "unregistered from user space",
                        origin(p) + " stopped; the machine runs on the fair class"));
            }
        });
    }

    // =====================================================================================
    // SchedulerControl
    // =====================================================================================

    @Override
    public void use(String name, Map<String, String> params) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("policy name must not be empty; " + known());
        Map<String, String> ps = params == null ? Map.of() : Map.copyOf(params);
        if (name.equals("fair")) {
            if (!ps.isEmpty()) throw new IllegalArgumentException("policy fair: the built-in class takes no parameters");
            choice = null;
            for (Core core : cores) core.m.post(() -> core.ext.disable(
                    new ExitInfo(ExitInfo.Kind.SWAPPED, "unregistered from user space", "the user chose the fair class")));
            return;
        }
        PolicyProvider p = providers.get(name);
        if (p == null) throw new IllegalArgumentException("policy \"" + name + "\" is unknown; " + known());
        // refuse bad parameters now, before any machine changes: make one instance against a dry host
        p.create(new DryHost(cores.isEmpty() ? 1 : cores.get(0).rqs.length), ps);
        ejected.remove(name);
        choice = new Choice(name, ps);
        for (Core core : cores) core.m.post(() -> core.ext.enable(p, ps));
    }

    @Override
    public SchedulerFactory factory(String name, Map<String, String> params) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("policy name must not be empty; " + known());
        Map<String, String> ps = params == null ? Map.of() : Map.copyOf(params);
        if (name.equals("fair")) {
            if (!ps.isEmpty()) throw new IllegalArgumentException("policy fair: the built-in class takes no parameters");
            return machine -> new Core(machine, this, watchdogNs, false);
        }
        PolicyProvider p = providers.get(name);
        if (p == null) throw new IllegalArgumentException("policy \"" + name + "\" is unknown; " + known());
        p.create(new DryHost(1), ps);
        return machine -> {
            Core core = new Core(machine, this, watchdogNs, false);
            core.ext.enable(p, ps);
            return core;
        };
    }

    private String known() {
        List<String> names = new ArrayList<>(new TreeMap<>(providers).keySet());
        names.add(0, "fair");
        return "the policies are: " + String.join(", ", names);
    }

    @Override
    public List<PolicyInfoDTO> policies() {
        List<PolicyInfoDTO> out = new ArrayList<>();
        Choice c = choice;
        Core main = mainCore();
        String active = main != null && main.ext.active() ? main.ext.policyName() : null;
        PolicyInfoDTO fair = new PolicyInfoDTO();
        fair.name = "fair";
        fair.description = "the built-in fair class: EEVDF as in Linux 6.6";
        Bundle own = bundleOf(SchedulerService.class);
        fair.bundle = own != null ? own.getSymbolicName() : "kernel.sched";
        fair.version = own != null ? own.getVersion().toString() : "";
        fair.state = active == null ? "active" : "available";
        fair.parameters = List.of();
        out.add(fair);
        for (PolicyProvider p : new TreeMap<>(providers).values()) {
            PolicyInfoDTO d = new PolicyInfoDTO();
            d.name = p.name();
            d.description = p.description();
            Bundle b = bundleOf(p.getClass());
            d.bundle = b != null ? b.getSymbolicName() : "(not in a bundle)";
            d.version = b != null ? b.getVersion().toString() : "";
            d.reason = ejected.get(p.name());
            d.state = d.reason != null ? "ejected" : p.name().equals(active) ? "active" : "available";
            d.parameters = p.parameters();
            out.add(d);
        }
        if (c != null && !providers.containsKey(c.name())) {
            PolicyInfoDTO d = new PolicyInfoDTO();
            d.name = c.name();
            d.description = "chosen, but its bundle is not present";
            d.state = "absent";
            d.parameters = List.of();
            out.add(d);
        }
        return out;
    }

    @Override
    public SchedStatusDTO status() {
        Core core = mainCore();
        SchedStatusDTO s = new SchedStatusDTO();
        Choice c = choice;
        s.ejections = new ArrayList<>(ejections);
        if (core == null) {
            s.active = "fair";
            s.params = Map.of();
            s.tasksPerClass = Map.of();
            s.policyCalls = Map.of();
            return s;
        }
        java.util.concurrent.CompletableFuture<SchedStatusDTO> done = new java.util.concurrent.CompletableFuture<>();
        core.m.post(() -> done.complete(fill(core, c, s)));
        try {
            // posted: read at the machine's next safe point, at once when it is stopped
            return done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the scheduler's status");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the machine did not reach a safe point to report its scheduler's status: " + e);
        }
    }

    private static SchedStatusDTO fill(Core core, Choice c, SchedStatusDTO s) {
        {
            s.active = core.ext.active() ? core.ext.policyName() : "fair";
            s.params = core.ext.active() ? new TreeMap<>(core.ext.params()) : Map.of();
            s.sinceNs = core.ext.active() ? core.ext.sinceNs() : 0;
            s.desired = c == null ? null : c.name().equals(s.active) ? null : c.name();
            s.tasksPerClass = core.tasksPerClass();
            Map<String, Long> calls = new LinkedHashMap<>();
            long[] n = core.ext.calls();
            for (PolicySlot.Op op : PolicySlot.Op.values()) if (n[op.ordinal()] > 0) calls.put(op.opName, n[op.ordinal()]);
            s.policyCalls = calls;
            s.cpus = core.rqs.length;
            s.nowNs = core.m.now();
            return s;
        }
    }

    /** The framework's machine (label "kernel"), else the newest one. */
    private Core mainCore() {
        Core last = null;
        for (Core c : cores) {
            if ("kernel".equals(c.m.label())) return c;
            last = c;
        }
        return last;
    }

    // =====================================================================================

    void ejected(String policy, String reason, long atNs) {
        ejected.put(policy, reason);
        ejections.addLast(String.format("[%5d.%06d] %s: %s", atNs / 1_000_000_000L, (atNs % 1_000_000_000L) / 1000, policy, reason));
        while (ejections.size() > 8) ejections.pollFirst();
    }

    static Bundle bundleOf(Class<?> c) {
        try {
            return FrameworkUtil.getBundle(c);
        } catch (NoClassDefFoundError outsideOsgi) {
            return null;
        }
    }

    /** "bundle kernel.policy.cfs 0.1.0.SNAPSHOT", for reports. */
    static String origin(PolicyProvider p) {
        if (p == null) return "(unknown bundle)";
        Bundle b = bundleOf(p.getClass());
        return b != null ? "bundle " + b.getSymbolicName() + " " + b.getVersion() : "(not in a bundle: " + p.getClass().getName() + ")";
    }

    /** What a policy sees while {@link #use} checks its parameters: a machine with no tasks. */
    private record DryHost(int nrCpus) implements PolicyHost {
        @Override public long now() { return 0; }
        @Override public long clock(int cpu) { return 0; }
        @Override public long tickNs() { return 4_000_000L; }
        @Override public boolean isIdle(int cpu) { return true; }
        @Override public SchedTask current(int cpu) { return null; }
        @Override public void kick(int cpu) {}
        @Override public void preemptAfter(int cpu, long ns) {}
        @Override public java.util.SplittableRandom random() { return new java.util.SplittableRandom(0); }
        @Override public void log(String message) {}
    }
}
