package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;

/**
 * The core's own per-bundle services ({@code ServiceBoundary.offer}, the Timers each bundle gets):
 * a bundle that lets its service go with a timer still pending is reported and its timer deleted;
 * when the kernel itself withdraws the service (it is stopping), the registration goes and the
 * objects go with it, unreported. The framework is a small fake that does what Felix does on
 * unregistration: it ungets the service of every bundle that got it.
 */
class OfferedServicesTest {
    private final List<String> leakLines = new ArrayList<>();
    private final List<Runnable> ungets = new ArrayList<>();
    private ServiceFactory<Object> factory;
    private boolean unregistered;

    private final Bundle driver = Fakes.of(Bundle.class, (name, args) -> switch (name) {
        case "getBundleId" -> 7L;
        case "getSymbolicName" -> "org.example.drv";
        case "getVersion" -> new Version(1, 2, 0);
        default -> null;
    });

    @SuppressWarnings("unchecked")
    private final ServiceRegistration<Object> registration = Fakes.of(ServiceRegistration.class, (name, args) -> {
        if (name.equals("unregister")) {
            unregistered = true;
            ungets.forEach(Runnable::run);
        }
        return null;
    });

    @SuppressWarnings("unchecked")
    private final BundleContext core = Fakes.of(BundleContext.class, (name, args) -> {
        if (name.equals("registerService")) {
            factory = (ServiceFactory<Object>) args[1];
            return registration;
        }
        return null;
    });

    /** The driver gets its Timers, arms a timer far out, and keeps it. */
    private Timers armATimer(TestMachine m, ServiceBoundary boundary) {
        boundary.offer(Timers.class, new TimerService.PerBundleTimers<>(m.host::engine, Timers.class), new Hashtable<>());
        Timers mine = (Timers) factory.getService(driver, registration);
        ungets.add(() -> factory.ungetService(driver, registration, mine));
        m.host.kernel.spawn(TaskSpec.process("probe"), k -> {
            TimerList t = mine.setup(this, "drv_poll", timer -> { }, 0);
            mine.modTimer(t, 1_000_000);
        });
        m.host.kernel.run(1_000_000);
        return mine;
    }

    private ServiceBoundary boundary(TestMachine m) {
        LeakLog leaks = new LeakLog(leakLines::add, () -> m.host.kernel.now());
        return new ServiceBoundary(core, () -> m.host.engine().contracts, () -> m.host.machine, leaks);
    }

    @Test
    void aBundleLettingItsTimersGoIsReported() {
        try (TestMachine m = new TestMachine().withTick()) {
            armATimer(m, boundary(m));
            factory.ungetService(driver, registration, null); // the driver stops: the framework ungets its service
            assertTrue(leakLines.stream().anyMatch(l -> l.contains("org.example.drv") && l.contains("drv_poll")), leakLines.toString());
            assertFalse(unregistered);
        }
    }

    @Test
    void theKernelWithdrawingItsOfferedServicesUnregistersThemUnreported() {
        try (TestMachine m = new TestMachine().withTick()) {
            ServiceBoundary boundary = boundary(m);
            armATimer(m, boundary);
            boundary.withdrawOffered();
            assertTrue(unregistered, "the per-bundle Timers service is unregistered");
            assertEquals(List.of(), leakLines, "the kernel is going: what the bundles held goes with it, unreported");
            Timers late = (Timers) factory.getService(driver, registration);
            assertEquals("the service behind this boundary is gone", probe(m, late), "a withdrawn service gives a bundle no provider any more");
        }
    }

    /** What a call through {@code t} from a task says: "a provider answered", or why it could not. */
    private static String probe(TestMachine m, Timers t) {
        String[] out = {"never ran"};
        m.host.kernel.spawn(TaskSpec.process("late"), k -> {
            try {
                t.setup(out, "late", timer -> { }, 0);
                out[0] = "a provider answered";
            } catch (RuntimeException gone) {
                out[0] = gone.getMessage();
            }
        });
        m.host.kernel.runUntilIdle(1_000_000_000L);
        return out[0];
    }
}
