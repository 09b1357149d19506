package org.kernellab.console.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.proc.ProcException;
import org.kernellab.api.proc.ProcFs;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code kernel:cat} and {@code kernel:ls} over the simulated /proc. Errors read as coreutils'
 * ({@code cat: /proc/nope: No such file or directory}, {@code ls: cannot access '/proc/nope':
 * No such file or directory}) and fail the command.
 */
@Component(service = ProcCommands.class, property = {
    "osgi.command.scope=kernel",
    "osgi.command.function=cat",
    "osgi.command.function=ls"
})
public class ProcCommands {
    static final String PROC = "/proc";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProcFs procfs;

    public ProcCommands() {}

    /** For tests outside the framework. */
    ProcCommands(ProcFs procfs) {
        this.procfs = procfs;
    }

    private ProcFs procfs() {
        ProcFs p = procfs;
        if (p == null) throw new CommandFailure("no procfs: is the kernel.proc bundle active? (kernel:lsmod)");
        return p;
    }

    @Descriptor("print a file of the simulated /proc, e.g. kernel:cat /proc/interrupts")
    public String cat(@Descriptor("the file: /proc/..., or a path relative to /proc") String... paths) {
        if (paths.length != 1) {
            throw BadArgument.usage(paths.length == 0 ? "kernel:cat needs a file" : "kernel:cat takes one file, not " + paths.length,
                "kernel:cat <file>   (e.g. kernel:cat /proc/interrupts; kernel:ls /proc lists them)");
        }
        String path = paths[0];
        try {
            return procfs().read(path);
        } catch (ProcException e) {
            throw new BadArgument("cat: " + e.getMessage(), e);
        }
    }

    @Descriptor("list a directory of the simulated /proc (default /proc), one name a line, sorted as LC_ALL=C ls sorts")
    public String ls(@Descriptor("the directory: /proc/..., or a path relative to /proc") String... path) {
        if (path.length > 1) throw BadArgument.usage("ls takes one path, not " + path.length + ": " + String.join(" ", path), "kernel:ls [<directory>]   (default /proc)");
        String p = path.length == 0 ? PROC : path[0];
        try {
            List<String> names = procfs().list(p);
            return String.join("\n", names);
        } catch (ProcException e) {
            throw new BadArgument("ls: cannot access '" + e.path() + "': " + e.getMessage().substring(e.path().length() + 2), e);
        }
    }
}
