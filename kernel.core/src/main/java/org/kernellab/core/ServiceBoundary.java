package org.kernellab.core;

import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.kernellab.api.KernelService;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Enforces the contract boundary for every bundle's kernel services. A service registered
 * under an interface annotated {@link KernelService} by any bundle but the core is "raw": the
 * service hooks hide it from every other bundle, and the core registers a checked boundary for
 * it (the interface's generated {@code XxxChecked}, or the reflective proxy for an interface
 * built without kernel.apt) under the same interface and properties. Providers register plainly with DS; there is
 * nothing for them to forget.
 *
 * <p>A raw service registered with {@link PerBundle#PROPERTY}{@code =true} is republished as a
 * service factory instead: each using bundle gets a boundary of its own, whose target is the
 * object the provider's {@link PerBundle#open} makes for that bundle, fetched on the first call
 * as the shared boundary fetches its target. The check path is the same generated class; the
 * provider's per-bundle object adds one call. When the bundle releases the service (on its stop,
 * or when its components deactivate), the provider is asked at one safe point what the object
 * still holds, which {@link LeakLog} reports, and releases it (safe unload, issue 9 §5).
 *
 * <p>Hooks run on framework threads; the maps here are concurrent.
 */
final class ServiceBoundary implements FindHook, EventListenerHook, ServiceListener {
    /** Marks a registration that is already behind the boundary. */
    static final String CHECKED = "kernel.boundary";

    private final BundleContext core;
    private final Supplier<Contracts> contracts;
    /** objectClass name -> the kernel service interface, or empty if the name is not one. */
    private final Map<String, java.util.Optional<Class<?>>> kernelServiceNames = new ConcurrentHashMap<>();
    private final Map<ServiceReference<?>, ServiceRegistration<?>> proxies = new ConcurrentHashMap<>();
    private final Map<ServiceReference<?>, Lazy> factories = new ConcurrentHashMap<>();
    private final Map<ServiceReference<?>, PerBundleFactory> perBundle = new ConcurrentHashMap<>();
    private final List<ServiceRegistration<?>> hooks = new java.util.ArrayList<>();
    /** The core's own per-bundle services ({@link #offer}). */
    private final Map<PerBundleFactory, ServiceRegistration<?>> offered = new ConcurrentHashMap<>();
    private final Supplier<Machine> machine;
    private final LeakLog leaks;

    ServiceBoundary(BundleContext core, Supplier<Contracts> contracts, Supplier<Machine> machine, LeakLog leaks) {
        this.core = core;
        this.contracts = contracts;
        this.machine = machine;
        this.leaks = leaks;
    }

    void open() {
        hooks.add(core.registerService(new String[] {FindHook.class.getName(), EventListenerHook.class.getName()}, this, null));
        core.addServiceListener(this);
        try {
            ServiceReference<?>[] existing = core.getAllServiceReferences(null, null);
            if (existing != null) for (ServiceReference<?> r : existing) if (isRaw(r)) publish(r);
        } catch (org.osgi.framework.InvalidSyntaxException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Unregisters the core's own per-bundle services, their objects unreported: the kernel is stopping. */
    void withdrawOffered() {
        for (Map.Entry<PerBundleFactory, ServiceRegistration<?>> o : offered.entrySet()) {
            o.getKey().withdrawn = true;
            unregister(o.getValue());
        }
        offered.clear();
    }

    void close() {
        withdrawOffered();
        core.removeServiceListener(this);
        for (ServiceRegistration<?> h : hooks) unregister(h);
        for (ServiceReference<?> r : proxies.keySet()) withdraw(r);
    }

    /** A kernel service registered by another bundle and not yet behind the boundary. */
    boolean isRaw(ServiceReference<?> r) {
        Bundle b = r.getBundle();
        if (b == null || b.getBundleId() == core.getBundle().getBundleId()) return false;
        if (r.getProperty(CHECKED) != null) return false;
        for (String name : (String[]) r.getProperty(Constants.OBJECTCLASS)) {
            if (kernelServiceName(b, name) != null) return true;
        }
        return false;
    }

    private Class<?> kernelServiceName(Bundle b, String name) {
        java.util.Optional<Class<?>> known = kernelServiceNames.get(name);
        if (known != null) return known.orElse(null);
        try {
            Class<?> c = b.loadClass(name);
            boolean ks = c.isInterface() && c.isAnnotationPresent(KernelService.class);
            kernelServiceNames.put(name, ks ? java.util.Optional.of(c) : java.util.Optional.empty());
            return ks ? c : null;
        } catch (ClassNotFoundException | IllegalStateException e) {
            return null;
        }
    }

    /** Who may see raw services: the framework itself and the core. */
    private boolean privileged(BundleContext ctx) {
        long id = ctx.getBundle().getBundleId();
        return id == 0 || id == core.getBundle().getBundleId();
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
                     Collection<ServiceReference<?>> references) {
        if (privileged(context)) return;
        references.removeIf(this::isRaw);
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        if (!isRaw(event.getServiceReference())) return;
        for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext();) {
            if (!privileged(it.next())) it.remove();
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        ServiceReference<?> r = event.getServiceReference();
        switch (event.getType()) {
            case ServiceEvent.REGISTERED -> {
                if (isRaw(r)) publish(r);
            }
            case ServiceEvent.UNREGISTERING -> withdraw(r);
            default -> {
                // property changes of raw services are not mirrored
            }
        }
    }

    /**
     * Republishes a raw kernel service behind the boundary. The boundary fetches the raw service on
     * its first call: fetching it while its REGISTERED event is still being delivered would catch
     * DS in the middle of registering it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object wrapLazy(Class<?> iface, Supplier<Object> lazy) {
        return Contracts.wrapLazy((Class) iface, (Supplier) lazy, contracts);
    }

    private void publish(ServiceReference<?> raw) {
        Bundle b = raw.getBundle();
        if (b == null || proxies.containsKey(raw)) return;
        List<String> names = new java.util.ArrayList<>();
        Class<?> iface = null;
        for (String name : (String[]) raw.getProperty(Constants.OBJECTCLASS)) {
            Class<?> c = kernelServiceName(b, name);
            if (c != null) {
                names.add(name);
                iface = c;
            }
        }
        if (names.size() != 1) {
            // one boundary object implements one interface: the service stays hidden, and the provider is told why
            contracts.get().pluginFailed("bundle " + b.getSymbolicName(), "registering " + names,
                    new IllegalArgumentException("a service may offer one kernel service interface; register each as its own service"));
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        for (String key : raw.getPropertyKeys()) {
            if (!key.equals(Constants.OBJECTCLASS) && !key.equals(Constants.SERVICE_ID) && !key.equals(Constants.SERVICE_PID)
                    && !key.equals(Constants.SERVICE_BUNDLEID) && !key.equals(Constants.SERVICE_SCOPE)) {
                props.put(key, raw.getProperty(key));
            }
        }
        props.put(CHECKED, "checked");
        props.put("kernel.provider", b.getSymbolicName() + " " + b.getVersion());
        if (isPerBundle(raw)) {
            try {
                // wires the core to the interface's package (DynamicImport-Package): the framework offers a
                // service factory only to bundles wired to the same package as the one that registered it
                core.getBundle().loadClass(names.get(0));
            } catch (ClassNotFoundException e) {
                contracts.get().pluginFailed("bundle " + b.getSymbolicName(), "registering " + names,
                        new IllegalStateException("the kernel core cannot see " + names.get(0) + " to offer it per bundle", e));
                return;
            }
            PerBundleFactory f = new PerBundleFactory(iface, raw, null);
            perBundle.put(raw, f);
            proxies.put(raw, core.registerService(names.get(0), f, props));
            return;
        }
        Lazy lazy = new Lazy(raw);
        factories.put(raw, lazy);
        proxies.put(raw, core.registerService(names.get(0), wrapLazy(iface, lazy), props));
    }

    /** Gets the raw service on first call through the boundary, and releases it with the registration. */
    private final class Lazy implements Supplier<Object> {
        private final ServiceReference<?> raw;
        /** Guards {@link #got} (a lock, not a monitor: no {@code synchronized} in bundle code). */
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private boolean got;

        Lazy(ServiceReference<?> raw) {
            this.raw = raw;
        }

        @Override
        public Object get() {
            lock.lock();
            try {
                Object o = core.getService(raw);
                got |= o != null;
                return o;
            } finally {
                lock.unlock();
            }
        }

        void release() {
            lock.lock();
            try {
                if (!got) return;
                got = false;
                core.ungetService(raw);
            } catch (IllegalStateException gone) {
                // the core is stopping
            } finally {
                lock.unlock();
            }
        }
    }

    private void withdraw(ServiceReference<?> raw) {
        ServiceRegistration<?> reg = proxies.remove(raw);
        Lazy factory = factories.remove(raw);
        PerBundleFactory pb = perBundle.remove(raw);
        // the provider goes, and everything its objects hold goes with it: no report
        if (pb != null) pb.withdrawn = true;
        if (reg != null) unregister(reg);
        if (factory != null) factory.release();
    }

    /**
     * Registers one of the core's own kernel services per bundle: each using bundle gets a
     * boundary over {@code provider}'s object for it, reported and released as a raw per-bundle
     * service's are. {@link #close} unregisters it; the objects go with it, unreported.
     */
    @SuppressWarnings("unchecked")
    <S> void offer(Class<S> iface, PerBundle<S> provider, Dictionary<String, ?> props) {
        PerBundleFactory f = new PerBundleFactory(iface, null, (PerBundle<Object>) provider);
        offered.put(f, core.registerService(iface.getName(), f, props));
    }

    private static boolean isPerBundle(ServiceReference<?> raw) {
        Object v = raw.getProperty(PerBundle.PROPERTY);
        return v instanceof Boolean bool ? bool : v != null && Boolean.parseBoolean(v.toString());
    }

    /**
     * The service factory of a per-bundle kernel service: a boundary per using bundle over the
     * provider's {@link PerBundle#open} object, and on release the leak report and the release,
     * at one safe point. Framework threads call it; the map is concurrent.
     */
    private final class PerBundleFactory implements ServiceFactory<Object> {
        private final Class<?> iface;
        /** The raw service of another bundle, got and ungot per using bundle; null for one of the core's own. */
        private final ServiceReference<?> raw;
        /** The core's own provider ({@link #offer}); null for a raw service. */
        private final PerBundle<Object> own;
        private final Map<Long, Opened> byBundle = new ConcurrentHashMap<>();
        /** The provider is unregistering: its objects are dropped with it, unreported. */
        volatile boolean withdrawn;

        PerBundleFactory(Class<?> iface, ServiceReference<?> raw, PerBundle<Object> own) {
            this.iface = iface;
            this.raw = raw;
            this.own = own;
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
            Opened o = byBundle.remove(bundle.getBundleId());
            if (o != null) o.close();
        }

        /** The provider, for one more using bundle; null if it is gone. */
        Object acquire() {
            return own != null ? (withdrawn ? null : own) : core.getService(raw);
        }

        /** Gives back what {@link #acquire} got. */
        void unacquire() {
            if (raw == null) return;
            try {
                core.ungetService(raw);
            } catch (IllegalStateException gone) {
                // the core is stopping
            }
        }

        @Override
        public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
            Opened o = new Opened(this, new Holder(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString()));
            byBundle.put(bundle.getBundleId(), o);
            return wrapLazy(iface, o);
        }

    }

    /** One bundle's object of a per-bundle service: opened on the first call through its boundary. */
    private final class Opened implements Supplier<Object> {
        private final PerBundleFactory factory;
        private final Holder holder;
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private PerBundle<Object> provider;
        private Object object;
        private boolean closed;

        Opened(PerBundleFactory factory, Holder holder) {
            this.factory = factory;
            this.holder = holder;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object get() {
            lock.lock();
            try {
                if (object != null || closed) return object;
                Object p = factory.acquire();
                if (p == null) return null;
                if (!(p instanceof PerBundle<?> pb)) {
                    factory.unacquire();
                    throw new IllegalStateException(factory.iface.getName() + " from " + factory.raw.getBundle()
                            + " is registered with " + PerBundle.PROPERTY + "=true but does not implement " + PerBundle.class.getName());
                }
                provider = (PerBundle<Object>) pb;
                object = provider.open(holder);
                return object;
            } finally {
                lock.unlock();
            }
        }

        /** The bundle released the service: report what it still holds and release it, at one safe point. */
        void close() {
            PerBundle<Object> p;
            Object o;
            lock.lock();
            try {
                closed = true;
                p = provider;
                o = object;
            } finally {
                lock.unlock();
            }
            if (p == null) return; // never used: nothing taken
            try {
                if (!factory.withdrawn) {
                    machine.get().still(() -> {
                        List<LeakDTO> found = p.held(o);
                        if (!found.isEmpty()) leaks.report(holder, factory.iface, found);
                        p.release(o);
                        return null;
                    });
                }
            } catch (IllegalStateException machineGone) {
                // the kernel is shutting down under the bundle: there is nothing left to release into
            } finally {
                factory.unacquire();
            }
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException gone) {
            // already unregistered
        }
    }
}
