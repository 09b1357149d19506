package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * A driver's start that fails while a swap holds the machine: Felix's passing "Unable to acquire
 * global lock" is retried while the machine keeps holding, any other failure ends the hold at
 * once, and a start that keeps failing ends it after the retries. The framework's objects are
 * small fakes: the rules are DriverSwaps' own.
 */
class DriverSwapsTest {
    private static final String LOCK = "Unable to acquire global lock for resolve.";

    private final TestMachine m = new TestMachine();
    private final FakeDriver driver = new FakeDriver();
    private final DriverSwaps swaps = new DriverSwaps(driver.context(), m.host, new ReadyGate(driver.context(), driver.scr(),
            iface -> null, Set.of(), 1_000, line -> { }));

    @AfterEach
    void close() {
        swaps.close();
        m.close();
    }

    /** Stops the driver transiently, as FileInstall does before it starts it again: the machine holds. */
    private void stopTransiently() {
        driver.state = Bundle.STOPPING;
        swaps.bundleChanged(new BundleEvent(BundleEvent.STOPPING, driver.bundle));
        driver.state = Bundle.RESOLVED;
        swaps.bundleChanged(new BundleEvent(BundleEvent.STOPPED, driver.bundle));
        assertEquals(1, m.host.holdCount(), "a stopping driver holds the machine");
    }

    private void failToStart(String why) {
        swaps.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, driver.bundle, new BundleException(why)));
    }

    /** Waits (wall time: the retries are framework work on a thread of their own) until {@code done}. */
    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aStartRefusedForTheGlobalLockIsTriedAgainWhileTheMachineHolds() throws InterruptedException {
        stopTransiently();
        driver.failures.set(1); // the first try again meets the lock once more
        failToStart(LOCK);
        assertEquals(1, m.host.holdCount(), "the machine still holds while the start is tried again");
        await(() -> driver.state == Bundle.ACTIVE, "the driver to be started again");
        assertEquals(2, driver.starts.get(), "one refused try, then the start");
        assertEquals(1, m.host.holdCount(), "started, but its components are not checked yet");

        swaps.bundleChanged(new BundleEvent(BundleEvent.STARTED, driver.bundle));
        swaps.poll();
        assertEquals(0, m.host.holdCount(), "its components are up: the hold ends");
        String log = m.dmesg();
        assertTrue(log.contains("KernelLab: driver test.driver failed to start again (org.osgi.framework.BundleException: "
                + LOCK + "); the machine holds while it is started again"), log);
        assertTrue(log.contains("KernelLab: driver test.driver 1.0.0 is running: the machine goes on"), log);
    }

    @Test
    void anyOtherStartFailureEndsTheHoldAtOnce() {
        stopTransiently();
        failToStart("Unresolved requirement: Import-Package: org.example.missing");
        assertEquals(0, m.host.holdCount(), "a broken driver does not keep the machine standing");
        assertEquals(0, driver.starts.get(), "and it is not tried again");
        assertTrue(m.dmesg().contains("KernelLab: driver test.driver failed to start again (org.osgi.framework.BundleException: "
                + "Unresolved requirement: Import-Package: org.example.missing); the machine goes on without it"), m.dmesg());
    }

    @Test
    void aStartThatKeepsMeetingTheLockEndsTheHoldAfterTheRetries() throws InterruptedException {
        stopTransiently();
        driver.failures.set(Integer.MAX_VALUE);
        failToStart(LOCK);
        await(() -> m.host.holdCount() == 0, "the hold to end");
        assertEquals(DriverSwaps.START_RETRIES, driver.starts.get());
        assertTrue(m.dmesg().contains("KernelLab: driver test.driver did not start after " + DriverSwaps.START_RETRIES
                + " tries (org.osgi.framework.BundleException: " + LOCK + "); the machine goes on without it"), m.dmesg());
    }

    @Test
    void aDriverNoLongerMeantToRunIsNotStartedAgain() {
        stopTransiently();
        driver.persistentlyStarted = false; // someone stopped it for good meanwhile
        failToStart(LOCK);
        assertEquals(0, m.host.holdCount());
        assertEquals(0, driver.starts.get());
    }

    /** One driver bundle with one DS component, whose start may fail a given number of times. */
    private static final class FakeDriver {
        volatile int state = Bundle.ACTIVE;
        volatile boolean persistentlyStarted = true;
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        /** The id of the component's configuration now: a new one each start, as DS gives. */
        final AtomicLong configId = new AtomicLong(1);
        final Bundle bundle = Fakes.of(Bundle.class, (name, args) -> switch (name) {
            case "getBundleId" -> 42L;
            case "getSymbolicName" -> "test.driver";
            case "getVersion" -> new Version(1, 0, 0);
            case "getState" -> state;
            case "getHeaders" -> new Hashtable<>(Map.of(DriverSwaps.ROLE_HEADER, "driver"));
            case "adapt" -> args[0] == BundleStartLevel.class
                    ? Fakes.of(BundleStartLevel.class, (n, a) -> n.equals("isPersistentlyStarted") ? persistentlyStarted : null) : null;
            case "start" -> {
                starts.incrementAndGet();
                if (failures.getAndDecrement() > 0) throw new BundleException(LOCK);
                configId.incrementAndGet();
                state = Bundle.ACTIVE;
                yield null;
            }
            default -> null;
        });

        BundleContext context() {
            return Fakes.of(BundleContext.class, (name, args) -> switch (name) {
                case "getBundle" -> args != null && args.length == 1 && args[0] instanceof Long id && id == 42L ? bundle : null;
                case "getBundles" -> new Bundle[] {bundle};
                default -> null;
            });
        }

        ServiceComponentRuntime scr() {
            ComponentDescriptionDTO d = new ComponentDescriptionDTO();
            d.name = "test.driver.Component";
            d.bundle = new BundleDTO();
            d.bundle.id = 42L;
            d.bundle.symbolicName = "test.driver";
            return Fakes.of(ServiceComponentRuntime.class, (name, args) -> switch (name) {
                case "getComponentDescriptionDTOs" -> List.of(d);
                case "isComponentEnabled" -> true;
                case "getComponentConfigurationDTOs" -> {
                    List<ComponentConfigurationDTO> out = new ArrayList<>();
                    if (state == Bundle.ACTIVE) {
                        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
                        c.id = configId.get();
                        c.state = ComponentConfigurationDTO.ACTIVE;
                        out.add(c);
                    }
                    yield out;
                }
                default -> null;
            });
        }
    }
}
