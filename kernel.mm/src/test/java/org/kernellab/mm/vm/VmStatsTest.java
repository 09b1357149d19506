package org.kernellab.mm.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kernellab.api.vm.Mman;
import org.kernellab.mm.impl.VmStats;

/** The counts the address spaces give /proc/meminfo and /proc/vmstat. */
class VmStatsTest {
    @Test
    void counts_anonPagesTablesAndFaults() {
        try (Rig r = new Rig()) {
            VmStats.Counts[] seen = new VmStats.Counts[1];
            r.spawn("app", k -> {
                long a = r.as.mmap(0, 10 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
                r.as.touch(a, 10 * 4096, true);
                seen[0] = r.svc.counts();
            });
            r.run();
            VmStats.Counts c = seen[0];
            assertEquals(10, c.anon(), "ten anonymous pages, each a first touch");
            assertEquals(10, c.pgfault(), "ten minor faults");
            assertEquals(0, c.pgmajfault());
            assertEquals(4, c.pageTables(), "pgd, pud, pmd and one pte table");
            assertEquals(0, c.oomKill());
        }
    }
}
