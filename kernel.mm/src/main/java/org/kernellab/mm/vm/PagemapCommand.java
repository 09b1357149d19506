package org.kernellab.mm.vm;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.kernellab.api.vm.dto.PteDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mm:pagemap <pid>}: a process's present pages, one line per page-table entry (what
 * /proc/PID/pagemap encodes in binary, fs/proc/task_mmu.c pagemap_read), with its fault counts.
 * Console code: it reads the service's views at a safe point of the machine.
 */
@Component(service = PagemapCommand.class, property = {
    "osgi.command.scope=mm",
    "osgi.command.function=pagemap"
})
public final class PagemapCommand {
    private final AddressSpaces mm;
    private final Machine machine;

    @Activate
    public PagemapCommand(@Reference AddressSpaces mm, @Reference Machine machine) {
        this.mm = mm;
        this.machine = machine;
    }

    static final String USAGE = "mm:pagemap <pid>   (kernel:ps lists the pids)";

    @Descriptor("without arguments: say how to call mm:pagemap")
    public String pagemap() {
        throw CommandException.usage("mm:pagemap needs a process id", USAGE);
    }

    @Descriptor("list the present pages of a process: virtual address, page frame, flags, mapcount and kind, with its page faults")
    public String pagemap(@Descriptor("the process id") String pidText) {
        int pid;
        try {
            pid = Integer.parseInt(pidText.trim());
        } catch (NumberFormatException e) {
            throw CommandException.usage("pid \"" + pidText + "\" is not a whole number", USAGE);
        }
        // one consistent snapshot, taken at a safe point of the machine
        String out = machine.still(() -> {
            MmStatsDTO s = mm.stats(pid);
            return s == null ? null : format(s, mm.pagemap(pid));
        });
        if (out == null) throw new CommandException("pid \"" + pid + "\" is no process with an address space; see kernel:ps");
        return out;
    }

    /** The command's text from the DTOs. Flags: r(ead) always, w(ritable), d(irty), a(ccessed). */
    static String format(MmStatsDTO s, List<PteDTO> ptes) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("pid %d (%s): %d pages present, min_flt %d, maj_flt %d, VmRSS %d kB, VmPTE %d kB%n",
                s.pid, s.comm, ptes.size(), s.minFlt, s.majFlt, (s.rssAnon + s.rssFile + s.rssShmem) * 4, s.pgtablesBytes >> 10));
        sb.append(String.format("%-16s %10s %-5s %8s %s%n", "VADDR", "PFN", "FLAGS", "MAPCOUNT", "KIND"));
        for (PteDTO p : ptes) {
            String flags = "r" + (p.writable ? 'w' : '-') + (p.dirty ? 'd' : '-') + (p.accessed ? 'a' : '-');
            sb.append(String.format("%016x %10d %-5s %8d %s%n", p.vaddr, p.pfn, flags, p.mapcount, p.kind));
        }
        return sb.toString();
    }
}
