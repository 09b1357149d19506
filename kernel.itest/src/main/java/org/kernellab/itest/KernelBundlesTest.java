package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** The framework holds every KernelLab bundle, started, each naming its role. */
@ExtendWith(BundleContextExtension.class)
class KernelBundlesTest {

    static final List<String> KERNEL_BUNDLES = List.of("kernel.api", "kernel.core", "kernel.sched", "kernel.irq",
        "kernel.softirq", "kernel.mm", "kernel.proc", "kernel.device.timer", "kernel.driver.timer", "kernel.device.disk", "kernel.block", "kernel.driver.disk", "kernel.demos", "kernel.console", "kernel.shell");

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyKernelBundle_afterLaunch_isActive() {
        Map<String, Bundle> bundles = Arrays.stream(context.getBundles())
            .filter(b -> b.getSymbolicName() != null)
            .collect(Collectors.toMap(Bundle::getSymbolicName, Function.identity(), (a, b) -> a));
        for (String bsn : KERNEL_BUNDLES) {
            Bundle b = bundles.get(bsn);
            assertNotNull(b, "bundle " + bsn + " is not installed; installed: " + bundles.keySet());
            assertEquals(Bundle.ACTIVE, b.getState(), "bundle " + bsn + " has state " + b.getState() + ", not ACTIVE");
        }
    }

    @Test
    void everyKernelBundle_manifest_carriesKernelLabRole() {
        for (Bundle b : context.getBundles()) {
            if (KERNEL_BUNDLES.contains(b.getSymbolicName())) {
                String role = b.getHeaders().get("KernelLab-Role");
                assertTrue(role != null && !role.isBlank(), "bundle " + b.getSymbolicName() + " has no KernelLab-Role header");
            }
        }
    }

    @Test
    void consoleAndShell_manifest_declareTheirRoles() {
        assertEquals("console", role("kernel.console"));
        assertEquals("shell", role("kernel.shell"));
    }

    @Test
    void gogoJline_aboveTheBeginningStartLevel_isNeverStarted() {
        Bundle jline = Arrays.stream(context.getBundles())
            .filter(b -> "org.apache.felix.gogo.jline".equals(b.getSymbolicName()))
            .findFirst().orElseThrow(() -> new AssertionError("org.apache.felix.gogo.jline is not installed"));
        assertEquals(Bundle.RESOLVED, jline.getState(),
            "gogo.jline's activator would start a second shell on stdin; it must stay RESOLVED");
    }

    @Test
    void framework_launchedByBndTesting_runsOnJdk21WithTheKernelVmArguments() {
        assertTrue(Runtime.version().feature() >= 21, "the test framework runs on Java " + Runtime.version());
        assertEquals("1", System.getProperty("jdk.virtualThreadScheduler.parallelism"),
            "itest.bndrun's -runvm should pass the root pom's kernellab.vm.args");
    }

    private String role(String bsn) {
        return Arrays.stream(context.getBundles())
            .filter(b -> bsn.equals(b.getSymbolicName()))
            .map(b -> b.getHeaders().get("KernelLab-Role"))
            .findFirst().orElse(null);
    }
}
