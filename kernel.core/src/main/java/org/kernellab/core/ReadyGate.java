package org.kernellab.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The machine's readiness, in the manner of Felix's system-ready checks: the console's machine
 * resets and runs only once every component it is configured to wait for (the interrupt layer,
 * the softirq layer, the clock-event device and its driver, by default) is active again, and the
 * kernel component holds every service of theirs it references (the interrupt entry, the bottom
 * half, the machine listeners that re-arm devices on a reset).
 *
 * <p>A configuration change reboots the kernel, and DS then restarts everything that depends on
 * it one component after another. Without this gate a command that follows {@code kernel:config}
 * could run the machine before the timer driver had programmed the clock-event device again:
 * the same command line would then give another trace.
 *
 * <p>A listed component whose bundle is not active, or which is disabled, is not part of this
 * machine and is not waited for; one that failed to activate is reported and not waited for
 * either (a bad bundle never stops the kernel). Waiting is wall-clock synchronisation with the
 * framework, never simulated time. The answer is kept until the next service event, so a run
 * on a machine that is ready costs one volatile read.
 */
final class ReadyGate {
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Set<String> components;
    /**
     * The service ids the kernel has been handed (its bind methods have run) for an interface
     * it binds dynamically, or null for an interface it does not. DS binds those references on
     * its own thread after a part has become active, and SCR's DTOs count a service as bound
     * before the bind method has run, so only the kernel can say what it holds.
     */
    private final java.util.function.Function<String, Set<Long>> held;
    private final long timeoutMs;
    private final AtomicLong serviceEvents = new AtomicLong();
    private final ServiceListener listener;
    /** {@link #serviceEvents} when the components were last all seen active; -1: not known. */
    private volatile long readyAt = -1;
    /** Components already reported as failed, so each is named once. */
    private final Set<String> reportedFailed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.function.Consumer<String> log;

    ReadyGate(BundleContext context, ServiceComponentRuntime scr, java.util.function.Function<String, Set<Long>> held,
              Set<String> components, long timeoutMs, java.util.function.Consumer<String> log) {
        this.context = context;
        this.held = held;
        this.scr = scr;
        this.components = Set.copyOf(components);
        this.timeoutMs = timeoutMs;
        this.log = log;
        this.listener = e -> serviceEvents.incrementAndGet();
    }

    void open() {
        context.addServiceListener(listener);
    }

    void close() {
        try {
            context.removeServiceListener(listener);
        } catch (IllegalStateException frameworkStopping) {
            // nothing to remove
        }
    }

    /** Returns once every listed component is active; throws, naming what is missing, after the timeout. */
    void await(String what) {
        if (components.isEmpty()) return;
        long seen = serviceEvents.get();
        if (readyAt == seen) return;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (;;) {
            seen = serviceEvents.get();
            List<String> missing = missing();
            if (missing.isEmpty()) {
                readyAt = seen;
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the machine cannot " + what + ": after " + timeoutMs / 1000
                        + " s it is still waiting for " + String.join("; ", missing)
                        + " (kernel configuration key 'ready' lists what it waits for; see scr:info <component>)");
            }
            try {
                Thread.sleep(2); // framework progress on another thread, not simulated time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the machine waited for " + String.join("; ", missing), e);
            }
        }
    }

    /** What is not active yet, one phrase per component; empty when the machine is ready. */
    List<String> missing() {
        List<String> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!components.contains(d.name)) continue;
            Bundle b = context.getBundle(d.bundle.id);
            if (b == null || b.getState() != Bundle.ACTIVE || !scr.isComponentEnabled(d)) continue;
            String state = state(d);
            if (state != null) out.add(d.name + " (bundle " + d.bundle.symbolicName + ") " + state);
        }
        return out;
    }

    /** Bundle {@code b}'s enabled DS components, each with the ids of its configurations now. */
    Map<String, Set<Long>> componentsOf(Bundle b) {
        Map<String, Set<Long>> out = new HashMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (!scr.isComponentEnabled(d)) continue;
            Set<Long> ids = new HashSet<>();
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) ids.add(c.id);
            out.put(d.name, ids);
        }
        return out;
    }

    /**
     * What of bundle {@code b}'s components has no new configuration active and bound yet; empty
     * when all have. {@code before} holds the configuration ids its components had before it
     * stopped: DS sets a started bundle's components up on its own thread, and until it has, what
     * it reports may still be the old ones, so only a configuration with an id not among them
     * counts. The components waited for are those the bundle's current content declares, which
     * a new version may name differently from the old one.
     */
    List<String> missingIn(Bundle b, Map<String, Set<Long>> before) {
        if (b.getState() != Bundle.ACTIVE) return List.of("bundle " + b.getSymbolicName() + " to start");
        Set<Long> old = new HashSet<>();
        before.values().forEach(old::addAll);
        List<ComponentDescriptionDTO> loaded = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) if (scr.isComponentEnabled(d)) loaded.add(d);
        if (loaded.isEmpty()) return List.of("the components of " + b.getSymbolicName() + " to be loaded by DS");
        List<String> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : loaded) {
            boolean up = false;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                up |= !old.contains(c.id) && c.state == ComponentConfigurationDTO.ACTIVE && unboundByKernel(c) == null;
            }
            if (!up) out.add(d.name + " to be activated again");
        }
        return out;
    }

    /** Null when {@code d} is active and bound to the kernel (or will never be); else why it is not. */
    private String state(ComponentDescriptionDTO d) {
        var configs = scr.getComponentConfigurationDTOs(d);
        if (configs.isEmpty()) {
            // a component that requires a configuration and has none is not part of this machine;
            // any other without a configuration is one DS has not got to yet
            return "require".equals(d.configurationPolicy) ? null : "to be set up by DS";
        }
        for (ComponentConfigurationDTO c : configs) {
            switch (c.state) {
                case ComponentConfigurationDTO.ACTIVE: {
                    String unbound = unboundByKernel(c);
                    if (unbound != null) return "to be bound by the kernel as " + unbound;
                    continue;
                }
                case ComponentConfigurationDTO.FAILED_ACTIVATION:
                    if (reportedFailed.add(d.name)) {
                        log.accept("KernelLab: " + d.name + " (bundle " + d.bundle.symbolicName + ") failed to activate: "
                                + c.failure + "; the machine runs without it");
                    }
                    continue;
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: {
                    List<String> refs = new ArrayList<>();
                    for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) refs.add(u.name);
                    return "to bind " + String.join(", ", refs);
                }
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                    return "to get its configuration";
                default:
                    return "to activate";
            }
        }
        return null;
    }

    /** An interface the kernel references and {@code c} provides, whose service the kernel has not bound yet; else null. */
    private String unboundByKernel(ComponentConfigurationDTO c) {
        if (c.service == null) return null;
        Object classes = c.service.properties.get("objectClass");
        if (!(classes instanceof String[] names)) return null;
        for (String iface : names) {
            Set<Long> ids = held.apply(iface);
            if (ids != null && !ids.contains(c.service.id)) return iface;
        }
        return null;
    }
}
