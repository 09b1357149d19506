package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.console.dto.ModuleDTO;
import org.kernellab.console.dto.VersionDTO;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code kernel:} scope. Each command returns DTOs; {@link ConsoleConverter} formats them.
 * The kernel core is an optional, dynamic dependency, so the commands work before it exists
 * and follow it when it is swapped.
 */
@Component(service = KernelCommands.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=version",
    "osgi.command.function=lsmod",
    "osgi.command.function=dmesg"
})
public class KernelCommands {

    /** The Linux release whose semantics KernelLab models; {@code uname -r} puts ours after it. */
    static final String LINUX_BASE = "6.6.0";
    /** The manifest header, set from {@code kernellab.role} in each module's bnd.bnd. */
    static final String ROLE_HEADER = "KernelLab-Role";
    static final String KERNEL_PREFIX = "kernel.";

    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Kernel kernel;

    @Activate
    public KernelCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the kernel release, the OSGi framework, the JDK and its JIT")
    public VersionDTO version(@Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("kernel:version", surplus);
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        VersionDTO v = new VersionDTO();
        v.release = release(context.getBundle().getVersion());
        v.framework = frameworkName(framework.getSymbolicName());
        v.frameworkVersion = framework.getVersion().toString();
        v.javaVersion = Runtime.version().toString();
        v.javaVendor = System.getProperty("java.vendor");
        v.javaVm = System.getProperty("java.vm.name");
        v.jit = jit(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        return v;
    }

    /** "quick" when the JVM was told to stop below C2 ({@code -XX:TieredStopAtLevel=1..3}, the last one given wins), else "full". */
    static String jit(List<String> jvmArguments) {
        String jit = "full";
        for (String a : jvmArguments) {
            if (a.startsWith("-XX:TieredStopAtLevel=")) {
                jit = a.endsWith("=4") ? "full" : "quick";
            } else if (a.equals("-XX:-TieredCompilation")) {
                jit = "full";
            }
        }
        return jit;
    }

    @Descriptor("list the KernelLab bundles (symbolic name kernel.*) with role, version and state")
    public ModuleDTO[] lsmod(
        @Descriptor("list every bundle in the framework, not only KernelLab's")
        @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false") boolean all,
        @Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("kernel:lsmod [-a]", surplus);
        List<ModuleDTO> modules = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null && (all || bsn.startsWith(KERNEL_PREFIX))) {
                modules.add(module(b));
            }
        }
        modules.sort(Comparator.comparingLong(m -> m.id));
        return modules.toArray(new ModuleDTO[0]);
    }

    @Descriptor("print the kernel ring buffer (printk log) with virtual timestamps")
    public LogLineDTO[] dmesg(
        @Descriptor("only these levels, comma separated: emerg,alert,crit,err,warn,notice,info,debug or 0-7")
        @Parameter(names = {"-l", "--level"}, absentValue = "") String levels,
        @Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("kernel:dmesg [--level <levels>]", surplus);
        Set<LogLevel> wanted = LogLevels.parse(levels);
        Kernel k = kernel;
        List<LogLineDTO> lines = k != null ? k.dmesg() : frameworkBootLog();
        return lines.stream()
            .filter(l -> l.level < 0 || l.level >= LogLevel.values().length || wanted.contains(LogLevel.values()[l.level]))
            .toArray(LogLineDTO[]::new);
    }

    /**
     * The boot log the console can give without a kernel core: what the framework did, all at
     * virtual time 0, since no simulated time has passed.
     */
    List<LogLineDTO> frameworkBootLog() {
        List<LogLineDTO> lines = new ArrayList<>();
        VersionDTO v = version();
        add(lines, LogLevel.NOTICE, "KernelLab version " + v.release + " (" + v.framework + " " + v.frameworkVersion
            + ", Java " + v.javaVersion + ")");
        add(lines, LogLevel.WARNING, "kernel.console: no kernel core (" + Kernel.class.getName()
            + ") is registered; this log shows the framework's boot only");
        ModuleDTO[] modules = lsmod(false);
        for (ModuleDTO m : modules) {
            add(lines, LogLevel.INFO, "OSGi: " + ConsoleFormat.moduleLine(m));
        }
        long active = Arrays.stream(modules).filter(m -> "ACTIVE".equals(m.state)).count();
        add(lines, LogLevel.INFO, "OSGi: " + active + " of " + modules.length + " KernelLab bundles active, "
            + context.getBundles().length + " bundles installed");
        return lines;
    }

    private static void add(List<LogLineDTO> lines, LogLevel level, String text) {
        LogLineDTO l = new LogLineDTO();
        l.seq = lines.size();
        l.timeNs = 0;
        l.level = level.level();
        l.text = text;
        lines.add(l);
    }

    /** The framework's product name; its Bundle-Name is only "System Bundle". */
    static String frameworkName(String systemBundleSymbolicName) {
        return switch (systemBundleSymbolicName) {
            case "org.apache.felix.framework" -> "Apache Felix Framework";
            case "org.eclipse.osgi" -> "Eclipse Equinox";
            default -> systemBundleSymbolicName;
        };
    }

    static String release(Version bundleVersion) {
        return LINUX_BASE + "-kernellab-" + bundleVersion.getMajor() + "." + bundleVersion.getMinor() + "."
            + bundleVersion.getMicro();
    }

    static ModuleDTO module(Bundle b) {
        ModuleDTO m = new ModuleDTO();
        m.id = b.getBundleId();
        m.name = b.getSymbolicName();
        m.version = b.getVersion().toString();
        String role = b.getHeaders().get(ROLE_HEADER);
        m.role = role == null || role.isBlank() ? "-" : role;
        m.state = state(b.getState());
        return m;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
