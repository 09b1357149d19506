package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.dto.IrqLineDTO;
import org.kernellab.api.hw.ClockEventDevice;
import org.kernellab.api.hw.disk.DiskDevice;
import org.kernellab.api.irq.IrqController;
import org.kernellab.console.dto.DeviceDTO;
import org.kernellab.console.dto.DriverSwapDTO;
import org.kernellab.console.internal.DevFakes.FakeBundle;
import org.kernellab.console.internal.DevFakes.FakeMachine;
import org.kernellab.console.internal.DevFakes.FakeService;
import org.osgi.framework.Bundle;

class DevCommandsTest {
    static final String DISK_DRIVER = "kernel.driver.disk";

    @TempDir
    Path dir;

    final List<FakeBundle> bundles = new ArrayList<>();
    final List<FakeService> services = new ArrayList<>();
    final FakeMachine machine = new FakeMachine();
    FakeBundle diskModel, timerModel, diskDriver, timerDriver, block;
    byte[] driverV1;

    static <T> T device(Class<T> type, String name, int irq) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> switch (m.getName()) {
            case "name" -> name;
            case "irq" -> irq;
            default -> throw new UnsupportedOperationException(m.getName());
        }));
    }

    static IrqController irqs(Map<Integer, String[]> actions) {
        return (IrqController) Proxy.newProxyInstance(IrqController.class.getClassLoader(), new Class<?>[] {IrqController.class},
            (p, m, a) -> {
                if (!m.getName().equals("lines")) throw new UnsupportedOperationException(m.getName());
                List<IrqLineDTO> lines = new ArrayList<>();
                actions.forEach((irq, names) -> {
                    IrqLineDTO l = new IrqLineDTO();
                    l.irq = irq;
                    l.actions = names;
                    lines.add(l);
                });
                return lines;
            });
    }

    private static List<Bundle> ifBinds(FakeBundle b) {
        return b.binds() ? List.of(b.bundle()) : List.of();
    }

    @BeforeEach
    void machineWithADiskAndATimer() throws IOException {
        bundles.add(new FakeBundle(3, "kernel.core", "0.1.0.SNAPSHOT", "core"));
        bundles.add(diskModel = new FakeBundle(7, "kernel.device.disk", "0.1.0.SNAPSHOT", "device"));
        bundles.add(timerModel = new FakeBundle(8, "kernel.device.timer", "0.1.0.SNAPSHOT", "device"));
        bundles.add(block = new FakeBundle(9, "kernel.block", "0.1.0.SNAPSHOT", "block"));
        bundles.add(timerDriver = new FakeBundle(10, "kernel.driver.timer", "0.1.0.SNAPSHOT", "driver"));
        bundles.add(diskDriver = new FakeBundle(12, DISK_DRIVER, "1.0.0", "driver"));
        Map<String, byte[]> classes = new TreeMap<>();
        classes.put("org/kernellab/driver/disk/DiskDriver.class", "v1 code".getBytes(StandardCharsets.UTF_8));
        classes.put("OSGI-INF/org.kernellab.driver.disk.DiskDriver.xml", "<component/>".getBytes(StandardCharsets.UTF_8));
        driverV1 = DevFakes.jar(DevFakes.driverHeaders(DISK_DRIVER, "1.0.0", null), classes);
        diskDriver.content(driverV1);
        services.add(new FakeService(40, DiskDevice.class.getName(), "kernel.device.disk 0.1.0.SNAPSHOT",
            device(DiskDevice.class, "disk0", 14), () -> ifBinds(diskDriver)));
        services.add(new FakeService(41, ClockEventDevice.class.getName(), "kernel.device.timer 0.1.0.SNAPSHOT",
            device(ClockEventDevice.class, "lapic", 0), () -> ifBinds(timerDriver)));
        // a kernel service that is no device: the block layer's, used by the disk driver
        services.add(new FakeService(42, "org.kernellab.api.block.BlockLayer", "kernel.block 0.1.0.SNAPSHOT",
            new Object(), () -> List.of(diskDriver.bundle())));
    }

    private DevCommands commands() {
        Map<Integer, String[]> lines = new TreeMap<>();
        lines.put(0, new String[] {"timer"});
        lines.put(14, diskDriver.binds() ? new String[] {"disk0"} : new String[0]);
        return new DevCommands(DevFakes.context(bundles, services), irqs(lines), machine.machine());
    }

    /** A jar's files as text, comparable with equals. */
    private static Map<String, String> text(byte[] jar) throws IOException {
        Map<String, String> out = new TreeMap<>();
        DevFakes.files(jar).forEach((k, v) -> out.put(k, new String(v, StandardCharsets.ISO_8859_1)));
        return out;
    }

    private Path write(String name, byte[] jar) throws IOException {
        return Files.write(dir.resolve(name), jar);
    }

    private byte[] driverJar(String version, String fake) throws IOException {
        return DevFakes.jar(DevFakes.driverHeaders(DISK_DRIVER, version, fake), Map.of("org/kernellab/driver/disk/DiskDriver.class",
            ("code " + version).getBytes(StandardCharsets.UTF_8)));
    }

    // ---- dev:list ---------------------------------------------------------------------

    @Test
    void list_diskAndTimerBound_rowPerDeviceWithDriverVersionHandlersAndState() {
        DeviceDTO[] rows = commands().list();
        assertEquals(2, rows.length, "the block layer's service is no device");
        DeviceDTO disk = rows[0];
        assertEquals("disk0", disk.name);
        assertEquals("disk", disk.type);
        assertEquals(14, disk.irq);
        assertArrayEquals(new String[] {"disk0"}, disk.handlers);
        assertEquals("kernel.device.disk", disk.model);
        assertEquals(DISK_DRIVER, disk.driver);
        assertEquals(12, disk.driverId);
        assertEquals("1.0.0", disk.driverVersion);
        assertEquals("bound", disk.state);
        DeviceDTO timer = rows[1];
        assertEquals("lapic", timer.name);
        assertEquals("clockevent", timer.type);
        assertEquals("kernel.driver.timer", timer.driver);
        assertEquals("bound", timer.state);
        assertTrue(machine.stills >= 2, "the devices and the lines are read at safe points: " + machine.stills);
        for (FakeService s : services) assertEquals(s.gets, s.ungets, "every service got is released");
    }

    @Test
    void list_driverStopped_deviceUnbound_andTheDriverListedAloneWithItsState() {
        diskDriver.state = Bundle.RESOLVED;
        DeviceDTO[] rows = commands().list();
        assertEquals(3, rows.length);
        assertEquals("disk0", rows[0].name);
        assertNull(rows[0].driver);
        assertEquals("unbound", rows[0].state);
        assertEquals(0, rows[0].handlers.length);
        assertNull(rows[2].name, "a driver bound to no device");
        assertEquals(DISK_DRIVER, rows[2].driver);
        assertEquals("RESOLVED", rows[2].state);
    }

    @Test
    void listTable_aligned_dashesWhereNothing() {
        diskDriver.state = Bundle.RESOLVED;
        String table = DevFormat.devices(commands().list());
        List<String> lines = table.lines().toList();
        assertEquals(4, lines.size(), table);
        assertTrue(lines.get(0).startsWith("Device  Type        IRQ  Handlers  Model"), table);
        int driverCol = lines.get(0).indexOf("Driver");
        int stateCol = lines.get(0).indexOf("State");
        assertEquals("lapic", lines.get(2).substring(0, 5));
        assertTrue(lines.get(2).substring(driverCol).startsWith("kernel.driver.timer  10  0.1.0.SNAPSHOT  bound"), table);
        assertTrue(lines.get(1).substring(driverCol).startsWith("-"), table);
        assertEquals("unbound", lines.get(1).substring(stateCol));
        assertTrue(lines.get(3).startsWith("-       -           -    -         -"), table);
        assertEquals("RESOLVED", lines.get(3).substring(stateCol));
    }

    // ---- dev:swap -----------------------------------------------------------------------

    @Test
    void swap_newVersion_updatesTheBoundDriver_andReportsBothVersions() throws Exception {
        Path jar = write("v2.jar", driverJar("2.0.0", null));
        DriverSwapDTO s = commands().swap(null, "1s", "disk0", jar.toString());
        assertEquals("disk0", s.device);
        assertEquals(DISK_DRIVER, s.bundle);
        assertEquals(12, s.bundleId);
        assertEquals("1.0.0", s.oldVersion);
        assertEquals("2.0.0", s.newVersion);
        assertEquals(1, diskDriver.updates.size(), "one update, no rollback");
        assertArrayEquals(Files.readAllBytes(jar), diskDriver.updates.get(0));
        assertEquals("disk0: kernel.driver.disk (bundle 12) updated from 1.0.0 to 2.0.0 from \"" + jar
            + "\", and bound to disk0 again", DevFormat.swap(s));
    }

    @Test
    void swap_byUrl_readsTheUrl() throws Exception {
        Path jar = write("same.jar", driverV1);
        DriverSwapDTO s = commands().swap(null, "1s", "disk0", jar.toUri().toString());
        assertEquals("1.0.0", s.newVersion);
    }

    @Test
    void swap_newDriverFailsToStart_oldContentRestored_andTheFailureNamed() throws Exception {
        Path jar = write("broken.jar", driverJar("1.0.1", "start-fails"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> commands().swap(null, "1s", "disk0", jar.toString()));
        assertTrue(e.getMessage().startsWith("dev:swap disk0: the new driver kernel.driver.disk 1.0.1 from \"" + jar
            + "\" failed to start: Unable to resolve kernel.driver.disk"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; restored kernel.driver.disk 1.0.0, which is bound to disk0 again"), e.getMessage());
        assertEquals(2, diskDriver.updates.size(), "the update and the rollback");
        assertEquals(text(driverV1), text(diskDriver.updates.get(1)), "the old content, file for file");
        assertEquals("1.0.0", diskDriver.bundle().getVersion().toString());
        assertEquals(Bundle.ACTIVE, diskDriver.state, "started again after the rollback");
        assertTrue(diskDriver.binds());
    }

    @Test
    void swap_newDriverNeverBinds_timesOutAndRestores() throws Exception {
        Path jar = write("nobind.jar", driverJar("1.0.2", "no-bind"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> commands().swap(null, "50ms", "disk0", jar.toString()));
        assertTrue(e.getMessage().contains("1.0.2 from \"" + jar + "\" started but did not bind the device within 50ms"), e.getMessage());
        assertTrue(e.getMessage().endsWith("restored kernel.driver.disk 1.0.0, which is bound to disk0 again"), e.getMessage());
        assertEquals("1.0.0", diskDriver.version.toString());
    }

    @Test
    void swap_badArguments_eachErrorNamesTheArgument() throws Exception {
        DevCommands c = commands();
        Path good = write("good.jar", driverJar("2.0.0", null));
        assertEquals("device \"sdz\" is unknown; devices: disk0, lapic (dev:list)",
            assertThrows(IllegalArgumentException.class, () -> c.swap(null, "1s", "sdz", good.toString())).getMessage());
        Path missing = dir.resolve("nope.jar");
        assertEquals("jar \"" + missing + "\": no such file (" + missing + ")",
            assertThrows(IllegalArgumentException.class, () -> c.swap(null, "1s", "disk0", missing.toString())).getMessage());
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertEquals("jar \"" + text + "\" is not a bundle: it has no META-INF/MANIFEST.MF",
            assertThrows(IllegalArgumentException.class, () -> c.swap(null, "1s", "disk0", text.toString())).getMessage());
        Map<String, String> device = DevFakes.driverHeaders(DISK_DRIVER, "2.0.0", null);
        device.put(KernelCommands.ROLE_HEADER, "device");
        Path notDriver = write("device.jar", DevFakes.jar(device, Map.of()));
        assertEquals("jar \"" + notDriver + "\" is not a driver bundle: its KernelLab-Role is \"device\" (a driver's is \"driver\")",
            assertThrows(IllegalArgumentException.class, () -> c.swap(null, "1s", "disk0", notDriver.toString())).getMessage());
        Path other = write("other.jar", DevFakes.jar(DevFakes.driverHeaders("kernel.driver.net", "1.0.0", null), Map.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.swap(null, "1s", "disk0", other.toString())).getMessage()
            .startsWith("jar \"" + other + "\" is bundle kernel.driver.net, not kernel.driver.disk, the driver bound to disk0"));
        assertEquals("timeout \"soon\" needs a unit: ns, us, ms, s, m or h (e.g. 10ms, 1h)",
            assertThrows(IllegalArgumentException.class, () -> c.swap(null, "soon", "disk0", good.toString())).getMessage());
        assertEquals(0, diskDriver.updates.size(), "nothing was updated");
    }

    @Test
    void swap_deviceWithNoDriver_refused() throws Exception {
        diskDriver.state = Bundle.RESOLVED;
        Path jar = write("v2.jar", driverJar("2.0.0", null));
        assertEquals("device \"disk0\" has no driver bound, so there is nothing to swap (dev:list); start its driver bundle or install the new one",
            assertThrows(IllegalArgumentException.class, () -> commands().swap(null, "1s", "disk0", jar.toString())).getMessage());
    }

    @Test
    void content_ofABundle_isAJarOfItsEntries_manifestFirst() throws Exception {
        byte[] saved = DevCommands.content(diskDriver.bundle());
        assertEquals(text(driverV1), text(saved));
        try (var in = new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(saved))) {
            assertEquals(DISK_DRIVER, in.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"), "readable as a jar");
        }
    }
}
