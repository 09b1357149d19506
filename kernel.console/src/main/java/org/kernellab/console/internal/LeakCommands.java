package org.kernellab.console.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.leak.Leaks;
import org.kernellab.api.leak.dto.LeakReportDTO;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code dev:leaks}: the leak reports the kernel made when bundles stopped still holding IRQ
 * lines, tasklets, work, timers or pages (docs/leaks.md), as the kernel log printed them, with
 * their virtual time. The reports are the {@link Leaks} service's (the last {@link Leaks#KEPT}).
 */
@Component(service = LeakCommands.class, property = {
    "osgi.command.scope=dev",
    "osgi.command.function=leaks"
})
public class LeakCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Leaks leaks;

    public LeakCommands() {
    }

    LeakCommands(Leaks leaks) {
        this.leaks = leaks;
    }

    @Descriptor("show every kept leak report: what stopped bundles still held, and what the kernel released for them")
    public String leaks() {
        return format(service().reports(), null);
    }

    @Descriptor("show the kept leak reports of one bundle")
    public String leaks(@Descriptor("the bundle's symbolic name, e.g. kernel.driver.test.leaks") String symbolicName) {
        return format(service().reports(symbolicName), symbolicName);
    }

    private Leaks service() {
        Leaks l = leaks;
        if (l == null) throw new IllegalStateException("dev:leaks: the kernel is not running (no Leaks service); start kernel.core");
        return l;
    }

    /** The reports' lines, each prefixed with its virtual time as the kernel log prints it; one line when there are none. */
    static String format(List<LeakReportDTO> reports, String symbolicName) {
        if (reports.isEmpty()) {
            return symbolicName == null
                    ? "no leak reports: every bundle that released a kernel service gave back what it held"
                    : "no leak reports for " + symbolicName + " (a bundle is reported when it releases a kernel service still holding something)";
        }
        StringBuilder out = new StringBuilder();
        for (LeakReportDTO r : reports) {
            String stamp = ConsoleFormat.timestamp(r.timeNs) + " ";
            for (String line : r.lines) out.append(stamp).append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
