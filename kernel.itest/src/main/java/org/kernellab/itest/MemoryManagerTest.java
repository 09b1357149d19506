package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.Mman;
import org.kernellab.api.vm.VmFile;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
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
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MemoryManagerTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    AddressSpaces as;

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
    void services_kmallocBytesRoundTrip_throughPhysMem() {
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
    }

    /** The disk driver has attached disk0 to the block layer (the service behind the boundary). */
    private BlockLayer disk0() {
        return PolicyBundles.awaitDisk(context, "disk0");
    }

    @Test
    void pageCache_readaheadFromATask_readsDisk0WithoutWaiting_andDropCachesFreesThePagesOnceRead() {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        disk0();
        long[] v = new long[3];
        kernel.spawn(TaskSpec.process("ra"), k -> {
            long t0 = k.now();
            v[0] = cache.readPages(100);
            v[1] = k.now() - t0;
            v[2] = cache.dropCaches(); // every page is still under read (locked)
        });
        kernel.runUntilIdle(1_000_000_000L);
        assertEquals(100, v[0]);
        assertTrue(v[1] < 50_000, "readahead submits and returns: " + v[1] + " ns");
        assertEquals(0, v[2], "pages under read are not dropped");
        assertEquals(100, cache.cachedPages());
        assertEquals(100, cache.dropCaches());
    }

    @Test
    void majorFault_onAFileOnDisk0_issuesARead_andTheTaskSleepsInDUntilTheDiskCompletes() throws Exception {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        BlockLayer block = disk0();
        long sector = 2_050_000; // far from anything another test touches, below disk0's 2097152 sectors
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 17 + 3);
        byte[] got = new byte[4096];
        BlkStatus[] st = new BlkStatus[1];
        long[] took = new long[1];
        MmStatsDTO[] stats = new MmStatsDTO[1];
        boolean[] sawD = new boolean[1];
        boolean[] faulting = new boolean[1];
        String before = diskReads();
        Task[] mapper = new Task[1];
        mapper[0] = kernel.spawn(TaskSpec.process("mapper").onCpu(0), k -> {
            st[0] = block.submitBioWait(Bio.write("disk0", sector, data, null));
            VmFile f = new VmFile("/data/itest", 77, "disk0", sector, data.length, false);
            long a = as.mmap(0, 4096, Mman.PROT_READ, Mman.MAP_PRIVATE, f, 0);
            cache.dropCaches();
            long t0 = k.now();
            faulting[0] = true;
            as.load(a, got, 0, got.length);
            faulting[0] = false;
            took[0] = k.now() - t0;
            stats[0] = as.stats(k.current().pid());
        });
        kernel.spawn(TaskSpec.process("watcher").onCpu(1), k -> {
            for (int i = 0; i < 400 && mapper[0].state() != TaskState.DEAD; i++) {
                if (faulting[0] && mapper[0].state() == TaskState.UNINTERRUPTIBLE) sawD[0] = true;
                k.compute(5_000);
            }
        });
        kernel.runUntilIdle(1_000_000_000L);
        assertEquals(BlkStatus.OK, st[0]);
        assertArrayEquals(data, got, "the mapped page holds the bytes written to disk0's sectors");
        assertEquals(1, stats[0].majFlt);
        assertTrue(sawD[0], "the faulting task slept in D state while the disk read its page");
        assertTrue(took[0] >= 10_000, "the disk's read time: " + took[0] + " ns");
        assertEquals(Long.parseLong(before) + 1, Long.parseLong(diskReads()), "the fault's READ reached disk0 (/proc/diskstats)");
    }

    /** Reads completed on disk0, from /proc/diskstats. */
    private String diskReads() throws Exception {
        String text = exec("kernel:cat /proc/diskstats");
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[2].equals("disk0")) return f[3];
        }
        throw new AssertionError("no disk0 in /proc/diskstats:\n" + text);
    }
}
