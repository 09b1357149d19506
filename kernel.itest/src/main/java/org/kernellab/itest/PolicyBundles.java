package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.kernellab.api.Kernel;
import org.kernellab.api.sched.PolicyProvider;
import org.kernellab.api.sched.SchedulerControl;
import org.kernellab.api.sched.dto.PolicyInfoDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The test policy bundles (policies/test/*), embedded in this bundle as {@code policies/<x>.jar}
 * and installed at run time, never part of the test framework's -runbundles. Remembers what it
 * installed so that a test can remove it all afterwards.
 */
final class PolicyBundles {
    /** How long a DS service may take to come or go after a bundle event (wall clock; Felix's SCR is synchronous in practice). */
    static final long SERVICE_WAIT_MS = 10_000;

    private final BundleContext context;
    private final List<Bundle> installed = new ArrayList<>();

    PolicyBundles(BundleContext context) {
        this.context = context;
    }

    /** The jar of test policy bundle {@code x} (good, throws, nopick, badpick, loops), as embedded here. */
    static InputStream jar(String x) {
        InputStream in = PolicyBundles.class.getResourceAsStream("/policies/" + x + ".jar");
        assertNotNull(in, "policies/" + x + ".jar is not embedded in kernel.itest (see its bnd.bnd -includeresource)");
        return in;
    }

    /** Installs and starts test bundle {@code x}, and waits until the scheduler knows {@code policy}. */
    Bundle start(String x, String policy, SchedulerControl control) throws BundleException {
        Bundle b = context.installBundle("test:policies/" + x, jar(x));
        installed.add(b);
        b.start();
        await(() -> find(control, policy) != null, "policy \"" + policy + "\" of bundle " + b.getSymbolicName() + " to be listed by sched:list");
        return b;
    }

    /** The provider service of {@code policy}, or null. */
    ServiceReference<PolicyProvider> provider(String policy) {
        try {
            var refs = context.getServiceReferences(PolicyProvider.class, "(sched.policy=" + policy + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Uninstalls every bundle this helper installed that is still there. */
    void uninstallAll() throws BundleException {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) b.uninstall();
        }
        installed.clear();
    }

    static PolicyInfoDTO find(SchedulerControl control, String policy) {
        for (PolicyInfoDTO p : control.policies()) if (p.name.equals(policy)) return p;
        return null;
    }

    /**
     * {@code kernel.reset()}, once the timer ticks on it: after a reboot (a configuration change)
     * the timer driver binds to the new kernel asynchronously, and a machine without its tick
     * never preempts. A bounded wall-clock wait for that bind, then a fresh machine at time 0.
     */
    static void resetTicking(Kernel kernel) {
        await(() -> {
            kernel.reset();
            kernel.run(10_000_000L);
            return kernel.jiffies() > 0;
        }, "the timer to tick on the kernel (kernel.driver.timer bound)");
        kernel.reset();
    }

    /**
     * The Kernel registered now, reset, once the timer ticks on it. A configuration change
     * reboots the kernel asynchronously (ConfigAdmin delivers it on its own thread): a Kernel
     * injected before the reboot finished is the old machine's, and the timer driver binds to the
     * new one later still. Each attempt takes the registration anew.
     */
    static Kernel tickingKernel(org.osgi.framework.BundleContext context) {
        Kernel[] k = new Kernel[1];
        await(() -> {
            org.osgi.framework.ServiceReference<Kernel> ref = context.getServiceReference(Kernel.class);
            if (ref == null) return false;
            k[0] = context.getService(ref);
            k[0].reset();
            k[0].run(10_000_000L);
            return k[0].jiffies() > 0;
        }, "the timer to tick on the registered kernel (kernel.driver.timer bound after a reboot)");
        k[0].reset();
        return k[0];
    }

    /** The installed bundle named {@code bsn}; fails listing every bundle (name, location, state) if there is none. */
    static org.osgi.framework.Bundle installed(org.osgi.framework.BundleContext context, String bsn) {
        return java.util.Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
            .orElseThrow(() -> new AssertionError(bsn + " is not installed; bundles: " + java.util.Arrays.stream(context.getBundles())
                .map(b -> b.getSymbolicName() + "@" + b.getLocation() + "/" + b.getState())
                .collect(java.util.stream.Collectors.joining(", "))));
    }

    /** A bounded wall-clock wait for a framework event (a DS service coming or going); never for simulated time. */
    static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + SERVICE_WAIT_MS * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("gave up after " + SERVICE_WAIT_MS + " ms waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    static <T> T awaitValue(Supplier<T> value, String what) {
        Object[] box = new Object[1];
        await(() -> (box[0] = value.get()) != null, what);
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    /** Waits until a disk driver has attached {@code disk} to the block layer; returns the block layer (the service behind the boundary). */
    static org.kernellab.api.block.BlockLayer awaitDisk(BundleContext context, String disk) {
        return awaitValue(() -> {
            ServiceReference<org.kernellab.api.block.BlockLayer> ref = context.getServiceReference(org.kernellab.api.block.BlockLayer.class);
            org.kernellab.api.block.BlockLayer b = ref == null ? null : context.getService(ref);
            return b != null && b.disks().contains(disk) ? b : null;
        }, "the disk driver to attach " + disk + " to the block layer");
    }
}
