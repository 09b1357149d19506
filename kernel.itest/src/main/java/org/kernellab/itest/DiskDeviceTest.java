package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.disk.DiskCommand;
import org.kernellab.api.hw.disk.DiskDevice;
import org.kernellab.api.hw.disk.DiskStatus;
import org.kernellab.api.hw.disk.dto.DiskCommandDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The disk model in the framework: behind the boundary, configured through ConfigAdmin, working
 * with no driver bound. The disk driver bundle is stopped for each test (these tests submit and
 * reap themselves; a bound driver would reap their completions) and started again afterwards.
 */
@ExtendWith(BundleContextExtension.class)
class DiskDeviceTest {
    static final String PID = "org.kernellab.device.disk";

    @InjectBundleContext
    BundleContext context;

    private Bundle driver() {
        return PolicyBundles.installed(context, "kernel.driver.disk");
    }

    @BeforeEach
    void unbindTheDriver() throws Exception {
        driver().stop();
    }

    @AfterEach
    void bindTheDriverAgain() throws Exception {
        driver().start();
    }

    private <T> T service(Class<T> type, String filter) {
        ServiceReference<?> ref = PolicyBundles.awaitValue(() -> {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences(type.getName(), filter);
                return refs == null ? null : refs[0];
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        }, type.getSimpleName() + " " + filter);
        assertEquals("checked", ref.getProperty("kernel.boundary"), "seen only behind the boundary");
        return type.cast(context.getService(ref));
    }

    @Test
    void diskModel_withDefaults_isBehindTheBoundary_andCreatesNoImageUntilUsed() {
        DiskDevice d = service(DiskDevice.class, "(kernel.provider=kernel.device.disk*)");
        assertEquals(DiskDevice.class.getName() + "Checked", d.getClass().getName(), "the boundary kernel.apt generated");
        assertEquals(FrameworkUtil.getBundle(DiskDevice.class), FrameworkUtil.getBundle(d.getClass()));
        assertEquals(32, d.queueDepth());
        Path image = Path.of(".kernel/disk0.img");
        boolean existed = Files.exists(image);
        Kernel kernel = PolicyBundles.tickingKernel(context);
        kernel.run(10_000_000L);
        assertEquals(existed, Files.exists(image), "an unused disk touches no file");
    }

    @Test
    void diskModel_configuredThroughConfigAdmin_completesAWriteWithNoDriver_intoItsImage() throws Exception {
        Path dir = Files.createTempDirectory("kernellab-disk");
        Path image = dir.resolve("sub/it.img");
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration config = cm.getConfiguration(PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("image", image.toString());
        props.put("model", "hdd");
        props.put("capacity.sectors", 4096L);
        props.put("irq", 15);
        config.update(props);
        try {
            DiskDevice d = service(DiskDevice.class, "(model=hdd)");
            assertEquals("hdd", d.latencyModel());
            assertEquals(4096L, d.capacitySectors());
            assertEquals(15, d.irq());
            Kernel kernel = PolicyBundles.tickingKernel(context);
            Machine machine = context.getService(context.getServiceReference(Machine.class));
            byte[] data = new byte[2 * DiskCommand.SECTOR_SIZE];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7 + 3);
            int[] rc = {Integer.MIN_VALUE};
            machine.at(machine.now(), now -> rc[0] = d.submit(DiskCommand.write(5, 40, 2, data, 77)));
            kernel.run(100_000_000L); // a rotating disk's single command: well under 100 ms
            assertEquals(0, rc[0]);
            @SuppressWarnings("unchecked")
            List<DiskCommandDTO>[] done = new List[1];
            machine.at(machine.now(), now -> done[0] = d.reap(32));
            kernel.run(1_000_000L);
            assertEquals(1, done[0].size(), "the completion waited, posted, with no driver bound");
            DiskCommandDTO c = done[0].get(0);
            assertEquals(77L, c.cookie);
            assertEquals(DiskStatus.OK, c.status);
            assertTrue(c.dueNs > c.submitNs);
            assertEquals(4096L * 512, Files.size(image), "created at the configured size");
            byte[] onDisk = Files.readAllBytes(image);
            assertArrayEquals(data, Arrays.copyOfRange(onDisk, 40 * 512, 42 * 512));
            assertFalse(Arrays.equals(new byte[512], Arrays.copyOfRange(onDisk, 40 * 512, 41 * 512)));
        } finally {
            config.delete();
            Files.deleteIfExists(image);
            Files.deleteIfExists(image.getParent());
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void secondDisk_asAFactoryConfiguration_getsItsOwnModelNamedAfterIt() throws Exception {
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration config = cm.getFactoryConfiguration(PID, "second", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "disk1");
        props.put("capacity.sectors", 64L);
        config.update(props);
        try {
            DiskDevice d = service(DiskDevice.class, "(name=disk1)");
            assertEquals("disk1", d.name());
            assertEquals(64L, d.capacitySectors());
        } finally {
            config.delete();
        }
    }
}
