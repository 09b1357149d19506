package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.mm.PageCache;
import org.kernellab.api.mm.PhysMem;
import org.kernellab.api.mm.Slab;
import org.kernellab.console.dto.DemoRunDTO;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The memory manager in the framework: its demos and /proc views through a real Gogo session, and its services. */
@ExtendWith(ServiceExtension.class)
class MemoryManagerTest {
    @InjectService
    CommandProcessor processor;

    @InjectService
    Slab slab;

    @InjectService
    PhysMem ram;

    @InjectService
    PageCache cache;

    private GogoSession session;

    @BeforeEach
    void openSession() {
        session = new GogoSession(processor);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    private String demo(String name) throws Exception {
        DemoRunDTO run = assertInstanceOf(DemoRunDTO.class, session.execute("kernel:demo " + name));
        return Arrays.stream(run.log).map(l -> l.text).collect(Collectors.joining("\n"));
    }

    private String exec(String command) throws Exception {
        return assertInstanceOf(String.class, session.execute(command), command);
    }

    @Test
    void demoGfpKernelInIrq_reportsTheSleepingAllocationAtTheDemosLine() throws Exception {
        String log = demo("gfp-kernel-in-irq");
        assertTrue(log.contains("BUG: sleeping function called from invalid context at GfpKernelInIrqDemo.java:"), log);
        assertTrue(log.contains("KernelLab: offending bundle: kernel.demos"), log);
        assertTrue(log.contains("KernelLab: fix: use GFP_ATOMIC in atomic context"), log);
        assertTrue(log.contains("gfp-kernel-in-irq: what it shows:"), log);
    }

    @Test
    void demoGfpAtomicReserve_atomicSucceedsBelowMinWhereNowaitFails() throws Exception {
        String log = demo("gfp-atomic-reserve");
        assertTrue(log.contains("watermarks min 256, low 320, high 384 (min_free_kbytes 1024)"), log);
        assertTrue(log.contains("page allocation failure: order:0, mode:0x800(GFP_NOWAIT), nodemask=(null)"), log);
        assertTrue(log.contains("more pages below min (free 256 -> 96)"), log);
        String again = demo("gfp-atomic-reserve");
        assertTrue(again.contains("16384 of 16384 pages free"), "the demo's reset gives the memory back:\n" + again);
    }

    @Test
    void demoSlabDoubleFree_andUseAfterFree_printSlubsReports() throws Exception {
        String df = demo("slab-double-free");
        assertTrue(df.contains("BUG kmalloc-64 (Not tainted): Object already free"), df);
        assertTrue(df.contains("Allocated in SlabDoubleFreeDemo."), df);
        String uaf = demo("slab-use-after-free");
        assertTrue(uaf.contains("BUG kmalloc-96 (Not tainted): Poison overwritten"), uaf);
        assertTrue(uaf.contains("FIX kmalloc-96: Restoring Poison"), uaf);
    }

    @Test
    void procViews_haveLinuxHeadersAndNumbers() throws Exception {
        assertTrue(exec("kernel:cat /proc/slabinfo").startsWith("slabinfo - version: 2.1\n# name            <active_objs>"));
        String meminfo = exec("kernel:cat /proc/meminfo");
        assertTrue(meminfo.startsWith("MemTotal:          65536 kB\nMemFree:        "), meminfo);
        String zoneinfo = exec("kernel:cat /proc/zoneinfo");
        assertTrue(zoneinfo.startsWith("Node 0, zone   Normal\n"), zoneinfo);
        assertTrue(zoneinfo.contains("\n        min      256\n        low      320\n        high     384\n"), zoneinfo);
        assertTrue(exec("kernel:cat /proc/vmstat").startsWith("nr_free_pages "));
        assertTrue(exec("kernel:cat /proc/buddyinfo").startsWith("Node 0, zone   Normal "));
        String top = exec("mm:slabtop");
        assertTrue(top.startsWith(" Active / Total Objects (% used)    : "), top);
        assertTrue(top.contains("  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME"), top);
    }

    @Test
    void services_kmallocBytesRoundTrip_andThePageCacheFillsAndDrops() {
        long a = slab.kmalloc(32, org.kernellab.api.mm.Gfp.GFP_ATOMIC);
        byte[] b = {1, 2, 3};
        slab.write(a, b, 0, 3);
        byte[] back = new byte[3];
        slab.read(a, back, 0, 3);
        assertEquals(Arrays.toString(b), Arrays.toString(back));
        long pfn = (a - Slab.PAGE_OFFSET) >> PhysMem.PAGE_SHIFT;
        ram.read(pfn, (int) ((a - Slab.PAGE_OFFSET) & (PhysMem.PAGE_SIZE - 1)), back, 0, 3);
        assertEquals(Arrays.toString(b), Arrays.toString(back), "the slab's bytes are PhysMem's");
        slab.kfree(a);
        long added = cache.readPages(100);
        assertEquals(100, added);
        assertEquals(100, cache.dropCaches());
    }
}
