package org.kernellab.console.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.dto.IrqLineDTO;
import org.kernellab.api.hw.ClockEventDevice;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.disk.DiskDevice;
import org.kernellab.api.irq.IrqController;
import org.kernellab.console.dto.DeviceDTO;
import org.kernellab.console.dto.DriverSwapDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code dev:} scope: the hardware models, the driver bundles bound to them, and swapping a
 * driver for a new version of itself.
 *
 * <p><b>What is a device, what is a driver.</b> A device is a kernel service (behind the kernel's
 * contract boundary, so registered again by the core with the property {@code kernel.provider})
 * whose providing bundle's {@code KernelLab-Role} is {@code device}. A driver is a bundle whose
 * {@code KernelLab-Role} is {@code driver}; it is bound to a device while it uses the device's
 * service, which its DS component does from activation (it references the device) to
 * deactivation. So the binding is read from the framework's service usage, whatever the device's
 * kind. The interrupt line's handlers come from the interrupt layer, read at a safe point.
 *
 * <p><b>Swapping.</b> {@code dev:swap} updates the bound driver bundle in place, as Karaf's
 * {@code bundle:update} does ({@link Bundle#update(InputStream)}: stop, new content, start), and
 * waits in wall time (this is console code, not simulation) until the new revision is active and
 * bound to the device again. If it is not, the old content, saved before the update, is put back
 * the same way and the command fails with the reason. The kernel core holds the machine across
 * each update ({@code docs/safe-points.md}, "A driver swap is one safe point").
 */
@Component(service = DevCommands.class, property = {
    "osgi.command.scope=dev",
    "osgi.command.function=list",
    "osgi.command.function=swap"
})
public class DevCommands {
    static final String DEVICE_ROLE = "device";
    static final String DRIVER_ROLE = "driver";
    /** The property the kernel's contract boundary puts on a service it republishes ("bsn version" of the provider). */
    static final String PROVIDER = "kernel.provider";
    /** The property marking a service behind the kernel's contract boundary. */
    static final String BOUNDARY = "kernel.boundary";
    static final String BOUND = "bound";
    static final String UNBOUND = "unbound";
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** How often dev:swap looks whether the new driver is bound (wall time). */
    static final long POLL_MS = 10;

    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile IrqController irqs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Machine machine;

    @Activate
    public DevCommands(BundleContext context) {
        this.context = context;
    }

    /** For tests outside the framework. */
    DevCommands(BundleContext context, IrqController irqs, Machine machine) {
        this.context = context;
        this.irqs = irqs;
        this.machine = machine;
    }

    // ---------------------------------------------------------------------------------

    @Descriptor("list the devices, the driver bundle bound to each (symbolic name and version) and its state, "
        + "then any driver bundle bound to no device")
    public DeviceDTO[] list(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("dev:list", surplus);
        return rows(devices()).toArray(DeviceDTO[]::new);
    }

    static final String SWAP_USAGE = "dev:swap [--timeout 10s] <device> <driver.jar|URL>   (dev:list names the devices)";

    @Descriptor("without arguments: say how to call dev:swap")
    public DriverSwapDTO swap() {
        throw BadArgument.usage("dev:swap needs a device and the new driver's jar", SWAP_USAGE);
    }

    @Descriptor("with only a device: say how to call dev:swap")
    public DriverSwapDTO swap(@Descriptor("the device") String device) {
        throw BadArgument.usage("dev:swap " + device + " needs the new driver's jar", SWAP_USAGE);
    }

    @Descriptor("update the driver bundle bound to a device from a jar, as bundle:update does, and wait until it binds "
        + "the device again; if it does not, the old driver is restored and the command fails")
    public DriverSwapDTO swap(CommandSession session,
        @Descriptor("how long, in wall time, the new driver may take to start and bind the device (default 10s)")
        @Parameter(names = {"-t", "--timeout"}, absentValue = "10s") String timeout,
        @Descriptor("the device, as dev:list names it, e.g. disk0") String device,
        @Descriptor("the new driver: a jar file (relative to the session's directory) or a URL") String jar)
        throws InterruptedException {
        long timeoutNs = Durations.parse(timeout, "timeout");
        if (timeoutNs <= 0) throw new BadArgument("timeout \"" + timeout + "\" must be longer than 0");
        Device dev = null;
        List<Device> all = devices();
        for (Device d : all) if (device.equals(d.name)) dev = d;
        if (dev == null) {
            throw new BadArgument("device \"" + device + "\" is unknown; devices: "
                + String.join(", ", all.stream().map(d -> d.name).sorted().toList()) + " (dev:list)");
        }
        Bundle driver = dev.drivers.stream().filter(b -> b.getState() == Bundle.ACTIVE).findFirst().orElse(null);
        if (driver == null) {
            throw new BadArgument("device \"" + device + "\" has no driver bound, so there is nothing to swap"
                + " (dev:list); start its driver bundle or install the new one");
        }
        byte[] next = readJar(session, jar);
        Manifest m = manifest(next);
        if (m == null) throw new BadArgument("jar \"" + jar + "\" is not a bundle: it has no " + MANIFEST);
        Attributes main = m.getMainAttributes();
        String role = main.getValue(KernelCommands.ROLE_HEADER);
        if (!DRIVER_ROLE.equals(role == null ? null : role.trim())) {
            throw new BadArgument("jar \"" + jar + "\" is not a driver bundle: "
                + (role == null ? "it has no " + KernelCommands.ROLE_HEADER + " header" : "its " + KernelCommands.ROLE_HEADER + " is \"" + role + "\"")
                + " (a driver's is \"" + DRIVER_ROLE + "\")");
        }
        String bsn = symbolicName(main.getValue(Constants.BUNDLE_SYMBOLICNAME));
        if (!driver.getSymbolicName().equals(bsn)) {
            throw new BadArgument("jar \"" + jar + "\" is bundle " + bsn + ", not " + driver.getSymbolicName()
                + ", the driver bound to " + device + "; dev:swap updates the bound driver with a version of itself");
        }
        String oldVersion = driver.getVersion().toString();
        String newVersion = version(main.getValue(Constants.BUNDLE_VERSION));
        byte[] old;
        try {
            old = content(driver);
        } catch (IOException | RuntimeException e) {
            throw new CommandFailure("dev:swap " + device + ": cannot save the content of " + driver.getSymbolicName()
                + " " + oldVersion + " to restore it if the new driver fails (" + e + "); nothing was changed", e);
        }

        String failure = update(driver, next);
        if (failure == null) failure = awaitBound(dev.ref, driver, timeoutNs);
        if (failure == null) {
            DriverSwapDTO out = new DriverSwapDTO();
            out.device = device;
            out.bundle = driver.getSymbolicName();
            out.bundleId = driver.getBundleId();
            out.oldVersion = oldVersion;
            out.newVersion = driver.getVersion().toString();
            out.jar = jar;
            return out;
        }
        String restored = update(driver, old);
        if (restored == null) restored = awaitBound(dev.ref, driver, timeoutNs);
        String what = "dev:swap " + device + ": the new driver " + bsn + " " + newVersion + " from \"" + jar + "\" " + failure;
        if (restored == null) {
            throw new CommandFailure(what + "; restored " + bsn + " " + oldVersion + ", which is bound to " + device + " again");
        }
        throw new CommandFailure(what + "; restoring " + bsn + " " + oldVersion + " failed too: it " + restored
            + "; " + device + " has no driver (dev:list, kernel:dmesg)");
    }

    // ---------------------------------------------------------------------------------

    /** A device found in the framework, with the driver bundles using its service. */
    static final class Device {
        final ServiceReference<?> ref;
        final Bundle model;
        final List<Bundle> drivers;
        String type;
        String name;
        int irq = -1;

        Device(ServiceReference<?> ref, Bundle model, List<Bundle> drivers) {
            this.ref = ref;
            this.model = model;
            this.drivers = drivers;
        }
    }

    /** Every device service, described at one safe point of the machine, with the lines' handlers. */
    List<Device> devices() {
        Map<String, Bundle> byProvider = new HashMap<>();
        for (Bundle b : context.getBundles()) byProvider.put(b.getSymbolicName() + " " + b.getVersion(), b);
        List<Device> found = new ArrayList<>();
        List<Object> services = new ArrayList<>();
        for (ServiceReference<?> ref : references()) {
            Object provider = ref.getProperty(PROVIDER);
            Bundle model = provider != null ? byProvider.get(provider.toString()) : ref.getBundle();
            if (model == null || !DEVICE_ROLE.equals(role(model))) continue;
            Object service = context.getService(ref);
            if (service == null) continue;
            List<Bundle> drivers = new ArrayList<>();
            Bundle[] using = ref.getUsingBundles();
            if (using != null) for (Bundle b : using) if (DRIVER_ROLE.equals(role(b))) drivers.add(b);
            drivers.sort(Comparator.comparingLong(Bundle::getBundleId));
            found.add(new Device(ref, model, drivers));
            services.add(service);
        }
        try {
            atSafePoint(() -> {
                for (int i = 0; i < found.size(); i++) describe(found.get(i), services.get(i));
                return null;
            });
        } finally {
            for (Device d : found) context.ungetService(d.ref);
        }
        found.sort(Comparator.comparing(d -> d.name));
        return found;
    }

    private ServiceReference<?>[] references() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + BOUNDARY + "=*)");
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** The kind, name and line of a device; the device kinds kernel.api defines are known by their interface. */
    private static void describe(Device d, Object service) {
        if (service instanceof DiskDevice disk) {
            d.type = "disk";
            d.name = disk.name();
            d.irq = disk.irq();
        } else if (service instanceof ClockEventDevice clock) {
            d.type = "clockevent";
            d.name = clock.name();
            d.irq = clock.irq();
        } else {
            String[] classes = (String[]) d.ref.getProperty(Constants.OBJECTCLASS);
            String simple = classes[0].substring(classes[0].lastIndexOf('.') + 1);
            d.type = simple.endsWith("Device") && simple.length() > 6 ? simple.substring(0, simple.length() - 6).toLowerCase() : simple;
            d.name = d.type + d.ref.getProperty(Constants.SERVICE_ID);
        }
    }

    /** The table rows: each device with each driver bound to it, then the driver bundles bound to none. */
    List<DeviceDTO> rows(List<Device> devices) {
        Map<Integer, String[]> handlers = handlers();
        List<DeviceDTO> rows = new ArrayList<>();
        Set<Long> bound = new HashSet<>();
        for (Device d : devices) {
            List<Bundle> drivers = d.drivers.isEmpty() ? java.util.Collections.singletonList(null) : d.drivers;
            for (Bundle b : drivers) {
                DeviceDTO row = new DeviceDTO();
                row.name = d.name;
                row.type = d.type;
                row.irq = d.irq;
                row.handlers = handlers.getOrDefault(d.irq, new String[0]);
                row.model = d.model.getSymbolicName();
                row.modelVersion = d.model.getVersion().toString();
                if (b == null) {
                    row.state = UNBOUND;
                } else {
                    bound.add(b.getBundleId());
                    driver(row, b);
                    row.state = b.getState() == Bundle.ACTIVE ? BOUND : KernelCommands.state(b.getState());
                }
                rows.add(row);
            }
        }
        Bundle[] bundles = context.getBundles().clone();
        Arrays.sort(bundles, Comparator.comparingLong(Bundle::getBundleId));
        for (Bundle b : bundles) {
            if (!DRIVER_ROLE.equals(role(b)) || bound.contains(b.getBundleId())) continue;
            DeviceDTO row = new DeviceDTO();
            driver(row, b);
            row.state = KernelCommands.state(b.getState());
            rows.add(row);
        }
        return rows;
    }

    private static void driver(DeviceDTO row, Bundle b) {
        row.driver = b.getSymbolicName();
        row.driverId = b.getBundleId();
        row.driverVersion = b.getVersion().toString();
    }

    /** Each interrupt line's handler names, read at a safe point; empty without an interrupt layer. */
    private Map<Integer, String[]> handlers() {
        IrqController c = irqs;
        Map<Integer, String[]> out = new HashMap<>();
        if (c == null) return out;
        List<IrqLineDTO> lines = atSafePoint(c::lines);
        for (IrqLineDTO l : lines) out.put(l.irq, l.actions == null ? new String[0] : l.actions);
        return out;
    }

    /** Reads simulated state at the machine's next safe point (docs/safe-points.md), or directly with no machine. */
    private <T> T atSafePoint(Supplier<T> read) {
        Machine m = machine;
        return m != null ? m.still(read) : read.get();
    }

    static String role(Bundle b) {
        String role = b.getHeaders().get(KernelCommands.ROLE_HEADER);
        return role == null ? null : role.trim();
    }

    // ---------------------------------------------------------------------------------

    /**
     * Bundle.update from {@code content}; null when the framework took it and restarted the
     * bundle, else why not. Felix throws the restart's failure from update (the specification
     * leaves it to a framework event); either way it is a start that failed, not an install.
     */
    private static String update(Bundle b, byte[] content) {
        try {
            b.update(new ByteArrayInputStream(content));
            return null;
        } catch (BundleException e) {
            boolean started = e.getType() == BundleException.RESOLVE_ERROR || e.getType() == BundleException.ACTIVATOR_ERROR;
            return (started ? "failed to start: " : "could not be installed: ") + e.getMessage();
        } catch (IllegalStateException e) {
            return "could not be installed: " + e.getMessage();
        }
    }

    /**
     * Waits (wall time, at most {@code timeoutNs}) until {@code b} is active and uses the device's
     * service; null when it does, else what went wrong. A revision the update left stopped (its
     * start failed, which the framework reports only as an event) is started here, so the
     * failure comes back as the exception.
     */
    static String awaitBound(ServiceReference<?> device, Bundle b, long timeoutNs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNs;
        for (;;) {
            int state = b.getState();
            if (state == Bundle.UNINSTALLED) return "was uninstalled";
            if (state == Bundle.INSTALLED || state == Bundle.RESOLVED) {
                try {
                    b.start();
                } catch (BundleException | IllegalStateException e) {
                    return "failed to start: " + e.getMessage();
                }
                continue;
            }
            if (state == Bundle.ACTIVE && uses(device, b)) return null;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return "started but did not bind the device within " + Durations.compact(timeoutNs)
                    + " (bundle " + KernelCommands.state(state) + "; its component may have failed to activate: scr:list, kernel:dmesg)";
            }
            // a wall-clock wait for the framework (DS activating the driver), not simulated time
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
        }
    }

    static boolean uses(ServiceReference<?> device, Bundle b) {
        Bundle[] using = device.getUsingBundles();
        if (using == null) return false;
        for (Bundle u : using) if (u.getBundleId() == b.getBundleId()) return true;
        return false;
    }

    // ---------------------------------------------------------------------------------

    /** The bytes of the jar named by {@code arg}: a URL (scheme:...), or a file path relative to the session's directory. */
    static byte[] readJar(CommandSession session, String arg) {
        if (arg == null || arg.isBlank()) throw new BadArgument("jar is missing; give a jar file or a URL");
        if (arg.matches("[A-Za-z][A-Za-z0-9+.-]+:.+")) {
            try (InputStream in = URI.create(arg).toURL().openStream()) {
                return in.readAllBytes();
            } catch (java.io.FileNotFoundException | NoSuchFileException e) {
                throw new BadArgument("jar \"" + arg + "\": no such file", e);
            } catch (IOException | IllegalArgumentException e) {
                throw new BadArgument("jar \"" + arg + "\" cannot be read: " + e.getMessage(), e);
            }
        }
        Path dir = session != null && session.currentDir() != null ? session.currentDir() : Path.of("").toAbsolutePath();
        Path p = dir.resolve(arg).normalize();
        if (!Files.isRegularFile(p)) throw new BadArgument("jar \"" + arg + "\": no such file (" + p + ")");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new BadArgument("jar \"" + arg + "\" cannot be read: " + e.getMessage(), e);
        }
    }

    /** The jar's manifest, wherever it sits among the entries; null if it has none or is no zip. */
    static Manifest manifest(byte[] jar) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equalsIgnoreCase(MANIFEST)) return new Manifest(in);
            }
            return null;
        } catch (IOException notAZip) {
            return null;
        }
    }

    /** The symbolic name without its directives ({@code ;singleton:=true}). */
    static String symbolicName(String header) {
        if (header == null) return null;
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim();
    }

    static String version(String header) {
        try {
            return Version.parseVersion(header == null ? null : header.trim()).toString();
        } catch (IllegalArgumentException e) {
            return header;
        }
    }

    /**
     * The bundle's current content as a jar: its manifest first, then every entry of the bundle
     * itself (not its fragments), read through the framework, so it is the content that runs
     * whatever has become of the file it was installed from.
     */
    static byte[] content(Bundle b) throws IOException {
        URL manifest = b.getEntry(MANIFEST);
        if (manifest == null) throw new IOException("bundle " + b.getSymbolicName() + " has no " + MANIFEST);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            jar.putNextEntry(new ZipEntry("META-INF/"));
            jar.closeEntry();
            copy(manifest, MANIFEST, jar);
            copyTree(b, "/", jar);
        }
        return bytes.toByteArray();
    }

    private static void copyTree(Bundle b, String dir, ZipOutputStream jar) throws IOException {
        Enumeration<String> paths = b.getEntryPaths(dir);
        if (paths == null) return;
        List<String> sorted = new ArrayList<>();
        while (paths.hasMoreElements()) sorted.add(paths.nextElement());
        sorted.sort(null);
        for (String p : sorted) {
            String name = p.startsWith("/") ? p.substring(1) : p;
            if (name.isEmpty() || name.equalsIgnoreCase(MANIFEST)) continue;
            if (name.endsWith("/")) {
                if (!name.equalsIgnoreCase("META-INF/")) {
                    jar.putNextEntry(new ZipEntry(name));
                    jar.closeEntry();
                }
                copyTree(b, name, jar);
            } else {
                URL url = b.getEntry(name);
                if (url != null) copy(url, name, jar);
            }
        }
    }

    private static void copy(URL from, String name, ZipOutputStream jar) throws IOException {
        jar.putNextEntry(new ZipEntry(name));
        try (InputStream in = from.openStream()) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }
}
