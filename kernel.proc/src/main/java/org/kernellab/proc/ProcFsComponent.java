package org.kernellab.proc;

import java.util.List;
import java.util.function.Supplier;

import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFs;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * procfs as a DS component: tracks the {@link ProcEntry} whiteboard and serves {@link ProcFs}.
 * It restarts with the kernel (a new machine), and the entries are bound again.
 */
@Component(service = ProcFs.class)
public final class ProcFsComponent implements ProcFs {
    private final ProcTree tree;

    @Activate
    public ProcFsComponent(@Reference Kernel kernel, @Reference Machine machine) {
        this.tree = new ProcTree(host(kernel, machine));
    }

    /** The machine as procfs needs it: the hold, the pids of the live tasks, and printk for reports. */
    static ProcTree.Host host(Kernel kernel, Machine machine) {
        return new ProcTree.Host() {
            @Override
            public <T> T hold(Supplier<T> r) {
                return machine.still(r);
            }

            @Override
            public int[] pids() {
                return pidsOf(kernel.ps());
            }

            @Override
            public void report(String line) {
                kernel.printk(LogLevel.ERR, line);
            }
        };
    }

    /** The pids that have a directory: every live task but the idle tasks (pid 0). */
    static int[] pidsOf(List<TaskDTO> ps) {
        return ps.stream().mapToInt(t -> t.pid).filter(p -> p > 0).distinct().toArray();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeEntry")
    void addEntry(ProcEntry entry, ServiceReference<ProcEntry> ref) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        Object id = ref.getProperty(Constants.SERVICE_ID);
        tree.mount(ref.getProperty(ProcEntry.PATH), entry, origin(ref),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L);
    }

    void removeEntry(ProcEntry entry, ServiceReference<ProcEntry> ref) {
        tree.unmount(entry);
    }

    private static String origin(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "a bundle that is gone" : "bundle " + b.getSymbolicName() + " " + b.getVersion();
    }

    @Override
    public List<String> list(String path) {
        return tree.list(path);
    }

    @Override
    public String read(String path) {
        return tree.read(path);
    }
}
