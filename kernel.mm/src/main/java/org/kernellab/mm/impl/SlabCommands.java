package org.kernellab.mm.impl;

import java.util.Comparator;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.console.CommandException;
import org.kernellab.api.mm.Slab;
import org.kernellab.api.mm.dto.SlabInfoDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mm:slabtop}: one screen of procps' slabtop(1), computed from /proc/slabinfo's numbers
 * (the slab's {@link SlabInfoDTO}s): the summary, then one line per cache, sorted by number of
 * objects (slabtop's default {@code -s o}) or by cache size ({@code -s c}).
 */
@Component(service = SlabCommands.class, property = {
    "osgi.command.scope=mm",
    "osgi.command.function=slabtop"
})
public class SlabCommands {
    private final Slab slab;

    @Activate
    public SlabCommands(@Reference Slab slab) {
        this.slab = slab;
    }

    @Descriptor("the slab caches as slabtop(1) shows them, once")
    public String slabtop(
            @Descriptor("sort by: o (objects, the default), c (cache size), a (active objects) or n (name)")
            @Parameter(names = {"-s", "--sort"}, absentValue = "o") String sort,
            @Descriptor("none: the command takes no argument") String... surplus) {
        CommandException.none("mm:slabtop [--sort o|c|a|n]", surplus);
        return render(slab.slabInfo(), sort);
    }

    static String render(List<SlabInfoDTO> caches, String sort) {
        Comparator<SlabInfoDTO> by = switch (sort) {
            case "o" -> Comparator.comparingLong((SlabInfoDTO d) -> d.numObjs).reversed();
            case "a" -> Comparator.comparingLong((SlabInfoDTO d) -> d.activeObjs).reversed();
            case "c" -> Comparator.comparingLong((SlabInfoDTO d) -> cacheKb(d)).reversed();
            case "n" -> Comparator.comparing((SlabInfoDTO d) -> d.name);
            default -> throw new IllegalArgumentException("sort \"" + sort + "\" is not one of o, c, a, n");
        };
        long objs = 0, active = 0, slabs = 0, activeSlabs = 0, activeCaches = 0;
        double size = 0, activeSize = 0, min = Double.MAX_VALUE, max = 0;
        for (SlabInfoDTO d : caches) {
            objs += d.numObjs;
            active += d.activeObjs;
            slabs += d.numSlabs;
            activeSlabs += d.activeSlabs;
            if (d.activeObjs > 0) activeCaches++;
            size += d.numObjs * (double) d.objSize;
            activeSize += d.activeObjs * (double) d.objSize;
            min = Math.min(min, d.objSize);
            max = Math.max(max, d.objSize);
        }
        if (caches.isEmpty()) min = 0;
        // procps slabtop.c print_summary()
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(" %-35s: %d / %d (%.1f%%)%n", "Active / Total Objects (% used)", active, objs, pct(active, objs)));
        sb.append(String.format(" %-35s: %d / %d (%.1f%%)%n", "Active / Total Slabs (% used)", activeSlabs, slabs, pct(activeSlabs, slabs)));
        sb.append(String.format(" %-35s: %d / %d (%.1f%%)%n", "Active / Total Caches (% used)", activeCaches, caches.size(),
                pct(activeCaches, caches.size())));
        sb.append(String.format(" %-35s: %.2fK / %.2fK (%.1f%%)%n", "Active / Total Size (% used)", activeSize / 1024, size / 1024,
                size == 0 ? 0.0 : 100.0 * activeSize / size));
        sb.append(String.format(" %-35s: %.2fK / %.2fK / %.2fK%n%n", "Minimum / Average / Maximum Object", min / 1024,
                objs == 0 ? 0.0 : size / objs / 1024, max / 1024));
        sb.append(String.format("%6s %6s %4s %8s %6s %8s %10s %-23s%n", "OBJS", "ACTIVE", "USE", "OBJ SIZE", "SLABS", "OBJ/SLAB", "CACHE SIZE", "NAME"));
        caches.stream().sorted(by.thenComparing(d -> d.name)).forEach(d -> sb.append(String.format("%6d %6d %3d%% %7.2fK %6d %8d %9dK %-23s%n",
                d.numObjs, d.activeObjs, d.numObjs == 0 ? 0 : (int) (100 * d.activeObjs / d.numObjs), d.objSize / 1024.0, d.numSlabs,
                d.objPerSlab, cacheKb(d), d.name)));
        return sb.toString();
    }

    private static long cacheKb(SlabInfoDTO d) {
        return d.numSlabs * d.pagesPerSlab * 4L;
    }

    private static double pct(long a, long b) {
        return b == 0 ? 0.0 : 100.0 * a / b;
    }
}
