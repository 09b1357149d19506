package org.kernellab.core;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.hw.IrqEntry;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.TimeKeeping;
import org.kernellab.api.sched.core.SchedulerFactory;
import org.kernellab.api.softirq.BottomHalfEntry;
import org.kernellab.api.sync.Sync;
import org.kernellab.api.trace.Tracer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The kernel core as a DS component. It boots one machine from its configuration and
 * registers the kernel's services, each behind the contract boundary. Any configuration
 * change reboots the machine: DS deactivates this component and activates it with the new
 * values, and every component that depends on the kernel restarts with it.
 *
 * <p>The interrupt layer and the softirq layer are bound dynamically and applied by the
 * machine at its next safe point; the scheduler comes from the scheduler bundle's factory. After
 * a boot the machine resets and runs only once the components listed in {@link Config#ready()}
 * are active again ({@link ReadyGate}).
 */
@Component(immediate = true, service = {}, configurationPid = KernelComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = KernelComponent.Config.class)
public final class KernelComponent {
    public static final String PID = "org.kernellab.kernel";

    @ObjectClassDefinition(name = "KernelLab machine",
            description = "The simulated machine. Changing any value reboots it.")
    public @interface Config {
        @AttributeDefinition(description = "Number of simulated CPUs, 1..64.", min = "1", max = "64")
        int cpus() default 2;

        @AttributeDefinition(description = "Timer interrupt frequency (CONFIG_HZ): 100, 250, 300 or 1000 in Linux.", min = "10", max = "10000")
        int hz() default 250;

        @AttributeDefinition(description = "Seed of every random generator the machine hands out.")
        long seed() default 1;

        @AttributeDefinition(description = "What a broken context rule does.", options = {
                @Option(label = "warn: report (once per second) and go on, as Linux", value = "warn"),
                @Option(label = "fail: the offending call throws ContextViolationException", value = "fail"),
                @Option(label = "panic: halt the simulation with the report", value = "panic")})
        String policy() default "warn";

        @AttributeDefinition(description = "Preemption model (kernel/Kconfig.preempt).", options = {
                @Option(label = "none (no preempt count: spinlocks invisible to might_sleep)", value = "none"),
                @Option(label = "voluntary", value = "voluntary"),
                @Option(label = "full", value = "full")})
        String preempt() default "full";

        @AttributeDefinition(description = "preempt_count bit layout.", options = {
                @Option(label = "Linux 6.x", value = "linux-6"),
                @Option(label = "Linux 2.6 (12 HARDIRQ bits, PREEMPT_ACTIVE)", value = "linux-2.6")})
        String layout() default "linux-6";

        @AttributeDefinition(description = "NO_HZ idle (CONFIG_NO_HZ_IDLE, kernel/time/tick-sched.c): an idle CPU stops its periodic"
                + " tick and programs its clock-event for its next timer; false keeps the tick on idle CPUs (CONFIG_HZ_PERIODIC).")
        boolean nohz() default true;

        @AttributeDefinition(description = "Interrupt cost model: the virtual time of each interrupt's entry, handler, softirq action"
                + " and exit. none (free), typical (1 us, 2 us, 1 us, 0.5 us) or four ns figures entry,handler,softirq,exit.")
        String irqcost() default "typical";

        @AttributeDefinition(description = "DS components the machine waits for, after a boot, before it resets or runs"
                + " (in the manner of Felix's system-ready checks). A listed component whose bundle is not active is not"
                + " waited for; one that failed to activate is reported and not waited for.")
        String[] ready() default {"org.kernellab.irq.IrqLayer", "org.kernellab.softirq.impl.SoftirqLayer",
                "org.kernellab.device.timer.ClockEventModel", "org.kernellab.driver.timer.TimerDriver"};
    }

    /** How long a reset or run waits for the components in {@link Config#ready()}, in wall time. */
    static final long READY_TIMEOUT_MS = 30_000;

    private final KernelHost host;
    private final ServiceBoundary serviceBoundary;
    /** Safe unload's reports (issue 9 §5). */
    private final LeakLog leaks;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final ReadyGate ready;
    private final DriverSwaps swaps;
    /** Service ids the dynamic references below have been handed, by interface: what the machine holds. */
    private final java.util.Map<String, Set<Long>> held = java.util.Map.of(
            IrqEntry.class.getName(), java.util.concurrent.ConcurrentHashMap.newKeySet(),
            BottomHalfEntry.class.getName(), java.util.concurrent.ConcurrentHashMap.newKeySet(),
            org.kernellab.api.softirq.Softirqs.class.getName(), java.util.concurrent.ConcurrentHashMap.newKeySet(),
            org.kernellab.api.hw.MachineListener.class.getName(), java.util.concurrent.ConcurrentHashMap.newKeySet());

    /**
     * The scheduler is a static, mandatory reference: a machine cannot run without one, and a
     * new scheduler core means a new machine, so DS reboots the kernel when the scheduler
     * bundle is replaced, as it does for a configuration change.
     */
    @Activate
    public KernelComponent(BundleContext context, Config config, @Reference SchedulerFactory scheduler,
                           @Reference ServiceComponentRuntime scr) {
        this.host = new KernelHost(toMachineConfig(config), scheduler, "kernel");
        this.ready = new ReadyGate(context, scr, held::get, Set.of(config.ready()), READY_TIMEOUT_MS,
                line -> host.engine().log(org.kernellab.api.LogLevel.WARNING, line));
        ready.open();
        host.readiness(ready::await);
        this.swaps = new DriverSwaps(context, host, ready);
        swaps.open();
        // before anything that depends on the kernel can register a kernel service
        this.leaks = new LeakLog(line -> host.engine().log(org.kernellab.api.LogLevel.WARNING, line), () -> host.engine().now());
        this.serviceBoundary = new ServiceBoundary(context, () -> host.engine().contracts, () -> host.machine, leaks);
        serviceBoundary.open();
        MachineConfig mc = host.config();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("kernel.cpus", mc.cpus());
        props.put("kernel.hz", mc.hz());
        props.put("kernel.seed", mc.seed());
        props.put("kernel.policy", mc.policy().name().toLowerCase());
        props.put("kernel.preempt", mc.model().name().toLowerCase());
        props.put("kernel.layout", mc.layout().name);
        props.put("kernel.nohz", mc.nohz());
        props.put("kernel.irqcost", mc.irqCost().name());
        props.put("kernel.release", MachineConfig.RELEASE);
        registrations.add(context.registerService(Kernel.class, host.kernel, props));
        registrations.add(context.registerService(KernelContext.class, host.context, props));
        registrations.add(context.registerService(Sync.class, host.sync, props));
        registrations.add(context.registerService(Tracer.class, host.tracer, props));
        registrations.add(context.registerService(TimeKeeping.class, host.timeKeeping, props));
        registrations.add(context.registerService(Machine.class, host.machine, props));
        registrations.add(context.registerService(org.kernellab.api.ContractBoundary.class, host.boundary, props));
        // per bundle: what a bundle leaves armed when it stops is reported and deleted (docs/leaks.md)
        serviceBoundary.offer(org.kernellab.api.timer.Timers.class, new TimerService.PerBundleTimers<>(host::engine, org.kernellab.api.timer.Timers.class), props);
        serviceBoundary.offer(org.kernellab.api.timer.HrTimers.class, new TimerService.PerBundleTimers<>(host::engine, org.kernellab.api.timer.HrTimers.class), props);
        registrations.add(context.registerService(org.kernellab.api.leak.Leaks.class, leaks, props));
        // internal to this bundle: the runner hands the console a finished run's trace to show
        registrations.add(context.registerService(TraceShelf.class, host::showRun, props));
    }

    /** Validates the configuration; a bad value is refused with the key named. */
    static MachineConfig toMachineConfig(Config c) {
        return new MachineConfig(c.cpus(), c.hz(), c.seed(), ViolationPolicy.parse(c.policy()),
                PreemptModel.parse(c.preempt()), PreemptLayout.named(c.layout()))
                .withNohz(c.nohz()).withIrqCost(IrqCost.parse(c.irqcost()));
    }

    @Deactivate
    void deactivate() {
        serviceBoundary.withdrawOffered();
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        serviceBoundary.close();
        ready.close();
        swaps.close();
        host.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindIrqEntry")
    void bindIrqEntry(IrqEntry e, Map<String, Object> props) {
        host.irqEntry(e);
        hold(IrqEntry.class, props, true);
    }

    void unbindIrqEntry(IrqEntry e, Map<String, Object> props) {
        hold(IrqEntry.class, props, false);
        host.irqEntryGone(e);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindBottomHalf")
    void bindBottomHalf(BottomHalfEntry b, Map<String, Object> props) {
        host.bottomHalf(b);
        hold(BottomHalfEntry.class, props, true);
    }

    void unbindBottomHalf(BottomHalfEntry b, Map<String, Object> props) {
        hold(BottomHalfEntry.class, props, false);
        host.bottomHalfGone(b);
    }

    /**
     * The softirq service the timers expire through. The raw service (the core sees it; others see
     * the boundary's copy), so that its service id is the softirq layer's own and {@link ReadyGate}
     * waits for it as it waits for the bottom-half entry.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindSoftirqs",
            target = "(!(" + ServiceBoundary.CHECKED + "=*))")
    void bindSoftirqs(org.kernellab.api.softirq.Softirqs s, Map<String, Object> props) {
        host.softirqs(s);
        hold(org.kernellab.api.softirq.Softirqs.class, props, true);
    }

    void unbindSoftirqs(org.kernellab.api.softirq.Softirqs s, Map<String, Object> props) {
        hold(org.kernellab.api.softirq.Softirqs.class, props, false);
        host.softirqsGone(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeListener")
    void addListener(org.kernellab.api.hw.MachineListener l, Map<String, Object> props) {
        host.addListener(l);
        hold(org.kernellab.api.hw.MachineListener.class, props, true);
    }

    void removeListener(org.kernellab.api.hw.MachineListener l, Map<String, Object> props) {
        hold(org.kernellab.api.hw.MachineListener.class, props, false);
        host.removeListener(l);
    }

    /** Records, after the machine has been handed it, that the service with these properties is held (or no longer). */
    private void hold(Class<?> iface, Map<String, Object> props, boolean bound) {
        Object id = props.get(org.osgi.framework.Constants.SERVICE_ID);
        if (!(id instanceof Long sid)) return;
        if (bound) held.get(iface.getName()).add(sid);
        else held.get(iface.getName()).remove(sid);
    }
}
