package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.console.dto.BlkStatDTO;
import org.kernellab.console.dto.DeviceDTO;
import org.kernellab.console.dto.DriverSwapDTO;
import org.kernellab.console.dto.IostatDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The dev: and blk: commands through a real Gogo session, on the framework's disk, block layer
 * and drivers: dev:list, blk:scheduler switching, blk:stat after I/O, and dev:swap of
 * kernel.driver.disk with its own jar, with version 2 and back, and with broken jars (which are
 * rolled back).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DevBlkConsoleTest {
    static final String DRIVER = "kernel.driver.disk";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    private GogoSession session;
    private Path dir;

    @BeforeEach
    void open() throws IOException {
        session = new GogoSession(processor);
        dir = Files.createTempDirectory("kernellab-devswap");
        block(); // disk0 has a queue: the driver is bound
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
        if (driver().getState() != Bundle.ACTIVE) driver().start();
    }

    private Bundle driver() {
        return PolicyBundles.installed(context, DRIVER);
    }

    private BlockLayer block() {
        return PolicyBundles.awaitDisk(context, "disk0");
    }

    private DeviceDTO row(DeviceDTO[] rows, String device) {
        return Arrays.stream(rows).filter(r -> device.equals(r.name)).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + device + " in dev:list"));
    }

    /** Writes and reads back 8 sectors {@code times} times from {@code sector} on (below BlockStackTest's 2 000 000), through the whole stack. */
    private void writeAndReadBack(Kernel kernel, BlockLayer block, long sector, int times) {
        byte[] data = new byte[8 * 512];
        byte[] back = new byte[8 * 512];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 13 + sector);
        BlkStatus[] st = new BlkStatus[2 * times];
        kernel.spawn(TaskSpec.process("devitest"), k -> {
            for (int i = 0; i < times; i++) {
                st[2 * i] = block.submitBioWait(Bio.write("disk0", sector + 8L * i, data, null));
                st[2 * i + 1] = block.submitBioWait(Bio.read("disk0", sector + 8L * i, back, null));
            }
        });
        kernel.runUntilIdle(2_000_000_000L);
        for (BlkStatus s : st) assertEquals(BlkStatus.OK, s, Arrays.toString(st));
        assertTrue(Arrays.equals(data, back), "the data read back is the data written");
    }

    @Test
    void devList_inSession_diskAndTimerWithTheirBoundDrivers() throws Exception {
        Object value = session.execute("dev:list");
        DeviceDTO[] rows = assertInstanceOf(DeviceDTO[].class, value);
        DeviceDTO disk = row(rows, "disk0");
        assertEquals("disk", disk.type);
        assertEquals("kernel.device.disk", disk.model);
        assertEquals(DRIVER, disk.driver);
        assertEquals(driver().getVersion().toString(), disk.driverVersion);
        assertEquals(driver().getBundleId(), disk.driverId);
        assertEquals("bound", disk.state);
        assertTrue(Arrays.asList(disk.handlers).contains("disk0"), "the driver's handler on the disk's line " + disk.irq);
        DeviceDTO timer = Arrays.stream(rows).filter(r -> "clockevent".equals(r.type)).findFirst().orElseThrow();
        assertEquals("kernel.driver.timer", timer.driver);
        assertEquals("bound", timer.state);
        assertTrue(Arrays.asList(timer.handlers).contains("timer"));
        String text = session.format(value);
        assertTrue(text.startsWith("Device "), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("disk0 ") && l.contains(" " + DRIVER + " ") && l.endsWith("bound")), text);
    }

    @Test
    void blkScheduler_inSession_showsAsSysfs_switches_andNamesTheChoices() throws Exception {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        String before = assertInstanceOf(String.class, session.execute("blk:scheduler disk0"));
        assertTrue(before.equals("none [mq-deadline]") || before.equals("[none] mq-deadline"), before);
        try {
            assertEquals("[none] mq-deadline", session.execute("blk:scheduler disk0 none"));
            assertEquals("disk0: [none] mq-deadline", session.execute("blk:scheduler"));
            assertTrue(kernel.dmesg().stream().anyMatch(l -> l.text.equals("disk0: I/O scheduler switched from mq-deadline to none")),
                "the switch is logged");
            assertEquals("none [mq-deadline]", session.execute("blk:scheduler disk0 mq-deadline"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute("blk:scheduler disk0 kyber"));
            assertEquals("I/O scheduler \"kyber\" is unknown; choices for disk0: none, mq-deadline", e.getMessage());
        } finally {
            session.execute("blk:scheduler disk0 " + (before.startsWith("[none]") ? "none" : "mq-deadline"));
        }
    }

    @Test
    void blkStat_afterIo_countsIt_sinceBoot_thenOverTheNextInterval() throws Exception {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        writeAndReadBack(kernel, block(), 1_800_000, 4);
        BlkStatDTO boot = assertInstanceOf(BlkStatDTO.class, session.execute("blk:stat -b disk0"));
        assertTrue(boot.sinceBoot);
        assertEquals(kernel.now(), boot.toNs);
        double secs = (boot.toNs - boot.fromNs) / 1e9;
        IostatDTO d = boot.disks[0];
        assertEquals("disk0", d.device);
        assertEquals(4.0, d.wPerSec * secs, 1e-6, "four writes");
        assertEquals(4.0, d.rPerSec * secs, 1e-6, "four reads");
        assertEquals(16.0, d.wkBPerSec * secs, 1e-6, "4 KiB each");
        assertEquals(4.0, d.wareqSz, 1e-9);
        assertTrue(d.util >= 0 && d.util <= 100, "busy part of the time: " + d.util);
        String text = session.format(boot);
        assertTrue(text.contains("\nDevice            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s"), text);

        kernel.run(100_000_000L);
        BlkStatDTO next = assertInstanceOf(BlkStatDTO.class, session.execute("blk:stat"));
        assertTrue(!next.sinceBoot, "the second report covers the time since the first");
        assertEquals(100_000_000L, next.toNs - next.fromNs);
        assertEquals(0.0, next.disks[0].wPerSec, 0, "no I/O in that interval");
    }

    /** The disk driver's jar embedded in this bundle, as built. */
    private byte[] ownJar() throws IOException {
        return embedded("drivers/disk.jar");
    }

    private static byte[] embedded(String path) throws IOException {
        try (InputStream in = DevBlkConsoleTest.class.getResourceAsStream("/" + path)) {
            assertNotNull(in, path + " is not embedded in kernel.itest (see its bnd.bnd -includeresource)");
            return in.readAllBytes();
        }
    }

    /** The jar with its manifest changed by {@code edit}. */
    private static byte[] withManifest(byte[] jar, java.util.function.Consumer<Manifest> edit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            edit.accept(m);
            try (JarOutputStream j = new JarOutputStream(out, m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    j.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(j);
                    j.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void devSwap_ownJar_version2AndBack_thenBrokenJarsRolledBack_andTheDiskWorksThroughout() throws Exception {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        BlockLayer block = block();
        String version = driver().getVersion().toString();
        long id = driver().getBundleId();

        Path own = Files.write(dir.resolve("kernel.driver.disk.jar"), ownJar());
        DriverSwapDTO s = assertInstanceOf(DriverSwapDTO.class, session.execute("dev:swap disk0 " + own));
        assertEquals(DRIVER, s.bundle);
        assertEquals(id, s.bundleId);
        assertEquals(version, s.oldVersion);
        assertEquals(version, s.newVersion);
        assertEquals("bound", row(assertInstanceOf(DeviceDTO[].class, session.execute("dev:list")), "disk0").state);
        writeAndReadBack(kernel, block, 1_801_000, 2);

        // version 2 (the same bundle, interrupt coalescing) and back to version 1
        Path v2 = Files.write(dir.resolve("kernel.driver.disk.v2.jar"), embedded("drivers/disk-v2.jar"));
        s = assertInstanceOf(DriverSwapDTO.class, session.execute("dev:swap disk0 " + v2));
        assertEquals(version, s.oldVersion);
        assertEquals("2.0.0", s.newVersion);
        assertEquals(id, s.bundleId, "updated in place");
        DeviceDTO onV2 = row(assertInstanceOf(DeviceDTO[].class, session.execute("dev:list")), "disk0");
        assertEquals("2.0.0", onV2.driverVersion);
        assertEquals("bound", onV2.state);
        writeAndReadBack(kernel, block, 1_801_100, 2);
        s = assertInstanceOf(DriverSwapDTO.class, session.execute("dev:swap disk0 " + own));
        assertEquals("2.0.0", s.oldVersion);
        assertEquals(version, s.newVersion);
        writeAndReadBack(kernel, block, 1_801_200, 2);

        // a new version that cannot resolve: its start fails, the old content comes back
        Path unresolvable = Files.write(dir.resolve("unresolvable.jar"), withManifest(ownJar(), m -> {
            m.getMainAttributes().putValue("Bundle-Version", "1.0.1");
            String imports = m.getMainAttributes().getValue("Import-Package");
            m.getMainAttributes().putValue("Import-Package", imports + ",org.kernellab.itest.nosuchpackage");
        }));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.execute("dev:swap disk0 " + unresolvable));
        assertTrue(e.getMessage().startsWith("dev:swap disk0: the new driver kernel.driver.disk 1.0.1 from \"" + unresolvable
            + "\" failed to start: "), e.getMessage());
        assertTrue(e.getMessage().contains("org.kernellab.itest.nosuchpackage"), "the reason names the missing package: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("; restored kernel.driver.disk " + version + ", which is bound to disk0 again"), e.getMessage());
        assertEquals(version, driver().getVersion().toString());
        assertEquals(Bundle.ACTIVE, driver().getState());
        DeviceDTO after = row(assertInstanceOf(DeviceDTO[].class, session.execute("dev:list")), "disk0");
        assertEquals("bound", after.state);
        assertEquals(version, after.driverVersion);
        writeAndReadBack(kernel, block, 1_802_000, 2);

        // a new version with no component: it starts, but never binds the disk
        Path inert = Files.write(dir.resolve("inert.jar"), withManifest(ownJar(), m -> {
            m.getMainAttributes().putValue("Bundle-Version", "1.0.2");
            m.getMainAttributes().remove(new java.util.jar.Attributes.Name("Service-Component"));
        }));
        e = assertThrows(IllegalStateException.class, () -> session.execute("dev:swap -t 1s disk0 " + inert));
        assertTrue(e.getMessage().contains("1.0.2 from \"" + inert + "\" started but did not bind the device within 1s"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; restored kernel.driver.disk " + version + ", which is bound to disk0 again"), e.getMessage());
        assertEquals("bound", row(assertInstanceOf(DeviceDTO[].class, session.execute("dev:list")), "disk0").state);
        writeAndReadBack(kernel, block, 1_803_000, 2);

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> session.execute("dev:swap disk9 " + own));
        assertTrue(bad.getMessage().startsWith("device \"disk9\" is unknown; devices: "), bad.getMessage());
    }
}
