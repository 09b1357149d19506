package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.sync.Sync;
import org.kernellab.console.dto.DemoRunDTO;
import org.kernellab.demos.io.IoLedger;
import org.kernellab.demos.io.SwapSchedule;
import org.kernellab.demos.io.VerifyingWriters;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The disk driver swapped under load, both ways a user swaps a bundle, each ending with a clean
 * request ledger: by direct bundle update (kernel:demo driver-swap, ten updates from version 1 to
 * 2 and back) and through FileInstall (the jar in the watched folder overwritten by the other
 * version while the verifying workload runs).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DriverSwapUnderLoadTest {
    static final String DRIVER = "kernel.driver.disk";
    static final String CLEAN = "ledger: lost 0, duplicated 0, reordered 0, checksum errors 0, I/O errors 0";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private Bundle driver() {
        return PolicyBundles.installed(context, DRIVER);
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        assertNotNull(ref, type.getSimpleName() + " is registered");
        return context.getService(ref);
    }

    /** Until {@code b}'s driver component is active (it registers its MachineListener). */
    private void awaitBound(Bundle b) {
        PolicyBundles.await(() -> {
            try {
                var refs = context.getServiceReferences(MachineListener.class, null);
                return b.getState() == Bundle.ACTIVE && refs.stream().anyMatch(r -> r.getBundle() == b);
            } catch (Exception e) {
                return false;
            }
        }, "bundle " + b.getLocation() + " to bind disk0");
    }

    private static List<String> demoLines(DemoRunDTO run) {
        return Arrays.stream(run.log).map(l -> l.text).filter(t -> t.startsWith("driver-swap: ")).toList();
    }

    @Test
    void demo_tenDirectUpdatesUnderLoad_ledgerClean_repeatable_andTheDriverIsVersion1Again() throws Exception {
        PolicyBundles.tickingKernel(context);
        awaitBound(driver());
        try (GogoSession session = new GogoSession(processor)) {
            DemoRunDTO run = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo driver-swap"));
            List<String> lines = demoLines(run);
            String all = String.join("\n", lines);
            assertTrue(lines.stream().anyMatch(l -> l.equals("driver-swap: " + CLEAN + " (768 reads verified)")), all);
            assertTrue(lines.stream().anyMatch(l -> l.equals("driver-swap: ledger: submitted 1536, completed 1536")), all);
            assertTrue(lines.contains("driver-swap: ledger: clean: nothing lost, duplicated, reordered or corrupted"), all);
            assertEquals(10, lines.stream().filter(l -> l.matches("driver-swap: swap \\d+ \\(kernel\\.driver\\.disk [12] -> [12]\\) at .*")).count(), all);
            assertTrue(lines.stream().noneMatch(l -> l.contains("swap failed") || l.contains("did not finish")), all);
            String log = Arrays.stream(run.log).map(l -> l.text).collect(Collectors.joining("\n"));
            assertEquals(5, log.lines().filter(l -> l.startsWith("disk0: kernel.driver.disk 2 bound")).count(), log);
            assertTrue(log.contains("adopted"), "a new driver adopts the commands in flight:\n" + log);
            assertEquals(1, driver().getVersion().getMajor(), "ten updates end at version 1");
            assertEquals(Bundle.ACTIVE, driver().getState());
            assertTrue(session.format(run).contains("-- trace: "), "the long trace is left to kernel:trace show");

            DemoRunDTO again = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo driver-swap"));
            assertEquals(run.digest, again.digest, "the swaps happen at the same virtual instants: the same trace");
            assertEquals(lines, demoLines(again));
        }
    }

    @Test
    void fileInstall_jarOverwrittenInTheWatchedFolderUnderLoad_swapsTheDriver_ledgerClean() throws Exception {
        String dirProp = context.getProperty("felix.fileinstall.dir");
        assertNotNull(dirProp, "itest.bndrun sets felix.fileinstall.dir");
        Path load = Path.of(dirProp);
        Files.createDirectories(load);
        Path jar = load.resolve("disk-driver.jar");
        Bundle original = driver();
        String originalLocation = original.getLocation();
        original.uninstall();
        try {
            copy("disk.jar", jar);
            Bundle fromLoad = PolicyBundles.awaitValue(() -> Arrays.stream(context.getBundles())
                .filter(b -> DRIVER.equals(b.getSymbolicName()) && b.getLocation().contains("disk-driver.jar")).findFirst().orElse(null),
                "FileInstall to install " + jar);
            awaitBound(fromLoad);
            Kernel kernel = PolicyBundles.tickingKernel(context);
            Machine machine = service(Machine.class);
            BlockLayer block = service(BlockLayer.class);
            IoLedger ledger = new IoLedger(machine::now);
            VerifyingWriters.Plan plan = new VerifyingWriters.Plan("disk0", 1_500_000, 4, 32, 8, 2);
            VerifyingWriters writers = new VerifyingWriters(kernel, block, service(Sync.class), ledger, plan);
            SwapSchedule schedule = new SwapSchedule(machine, ledger, plan.totalIos(), 4, n -> {
                int want = n % 2 == 1 ? 2 : 1;
                copy(want == 2 ? "disk-v2.jar" : "disk.jar", jar);
                // FileInstall sees the new jar at its next poll and updates the bundle in place; the
                // kernel holds the machine from the bundle's stop until the new driver is bound
                PolicyBundles.await(() -> fromLoad.getVersion().getMajor() == want && fromLoad.getState() == Bundle.ACTIVE,
                    "FileInstall to update " + DRIVER + " to version " + want);
            }, n -> "load/ " + n);
            writers.spawn("verify");
            kernel.runUntilIdle(5_000_000_000L);
            assertEquals(List.of(), schedule.awaitSwaps(60_000));
            IoLedger.Totals t = ledger.totals();
            String log = kernel.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
            assertTrue(writers.finished(), ledger.report() + "\n" + log);
            assertTrue(t.clean(), ledger.report().toString());
            assertEquals(plan.totalIos(), t.completed());
            assertEquals(4, t.swaps());
            assertEquals(1, fromLoad.getVersion().getMajor());
            assertTrue(log.contains("disk0: kernel.driver.disk 2 bound"), log);
        } finally {
            Files.deleteIfExists(jar);
            PolicyBundles.await(() -> Arrays.stream(context.getBundles()).noneMatch(b -> DRIVER.equals(b.getSymbolicName())),
                "FileInstall to uninstall the driver it installed");
            try (InputStream in = PolicyBundles.class.getResourceAsStream("/drivers/disk.jar")) {
                // with the framework's own context: bundles installed through the injected one are
                // uninstalled when the test ends (osgi-test's BundleContextExtension)
                Bundle back = FrameworkUtil.getBundle(DriverSwapUnderLoadTest.class).getBundleContext().installBundle(originalLocation, in);
                back.start();
                awaitBound(back);
            }
        }
    }

    /** Puts embedded jar {@code name} at {@code to} in one step, as a copy onto the folder would end. */
    private static void copy(String name, Path to) throws Exception {
        Path tmp = to.getParent().resolveSibling(to.getFileName() + ".part"); // outside the watched folder
        try (InputStream in = PolicyBundles.class.getResourceAsStream("/drivers/" + name)) {
            assertNotNull(in, "drivers/" + name + " is embedded in kernel.itest");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
