package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.console.dto.BlkStatDTO;
import org.kernellab.console.dto.IostatDTO;
import org.kernellab.console.internal.DevFakes.FakeMachine;

class BlkCommandsTest {
    /** iostat -x's header line in sysstat 12.6, as shared/LINUX-FACTS.md records it. */
    static final String IOSTAT_X = "Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm"
        + " w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util";

    final FakeMachine machine = new FakeMachine();
    /** disk -> its active scheduler; diskstats text the layer prints. */
    final Map<String, String> schedulers = new LinkedHashMap<>();
    final List<String> switches = new ArrayList<>();
    String diskstats = "";
    boolean switchWaits;

    BlockLayer layer() {
        return (BlockLayer) Proxy.newProxyInstance(BlockLayer.class.getClassLoader(), new Class<?>[] {BlockLayer.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "disks": return List.copyOf(schedulers.keySet());
                case "diskstats": return diskstats;
                case "scheduler": {
                    String active = schedulers.get((String) a[0]);
                    return (active.equals("none") ? "[none] " : "none ") + (active.equals("mq-deadline") ? "[mq-deadline] " : "mq-deadline ") + "\n";
                }
                case "setScheduler": {
                    switches.add(a[0] + "=" + a[1]);
                    if (!switchWaits) schedulers.put((String) a[0], (String) a[1]);
                    return null;
                }
                default: throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    BlkCommands commands() {
        return new BlkCommands(layer(), machine.machine());
    }

    /** A /proc/diskstats line as block/genhd.c prints it. */
    static String line(int minor, String name, long... f) {
        StringBuilder sb = new StringBuilder(String.format("%4d %7d %s", 259, minor, name));
        for (long v : f) sb.append(' ').append(v);
        return sb.append('\n').toString();
    }

    // ---- blk:stat -----------------------------------------------------------------------

    @Test
    void parse_diskstatsLine_seventeenCounters() {
        Map<String, long[]> m = BlkCommands.parse(line(0, "disk0", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
            + line(16, "disk1", 10, 0, 80, 5, 0, 0, 0, 0, 0, 5, 5));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, m.get("disk0"));
        assertArrayEquals(new long[] {10, 0, 80, 5, 0, 0, 0, 0, 0, 5, 5, 0, 0, 0, 0, 0, 0}, m.get("disk1"), "an 11-field line: the rest 0");
    }

    @Test
    void iostat_twoSamples_sysstatsFormulas() {
        long[] a = new long[17];
        long[] b = {100, 25, 1600, 300, 50, 50, 4000, 1000, 2, 400, 1300, 0, 0, 0, 0, 10, 20};
        IostatDTO r = BlkCommands.iostat("disk0", a, b, 2_000_000_000L);
        assertEquals(50.0, r.rPerSec, 1e-9);
        assertEquals(400.0, r.rkBPerSec, 1e-9, "1600 sectors = 800 kB over 2 s");
        assertEquals(12.5, r.rrqmPerSec, 1e-9);
        assertEquals(20.0, r.rrqmPct, 1e-9, "25 merged of 125");
        assertEquals(3.0, r.rAwait, 1e-9, "300 ms over 100 reads");
        assertEquals(8.0, r.rareqSz, 1e-9, "16 sectors a read");
        assertEquals(25.0, r.wPerSec, 1e-9);
        assertEquals(1000.0, r.wkBPerSec, 1e-9);
        assertEquals(50.0, r.wrqmPct, 1e-9);
        assertEquals(20.0, r.wAwait, 1e-9);
        assertEquals(40.0, r.wareqSz, 1e-9);
        assertEquals(0.0, r.dPerSec, 0);
        assertEquals(0.0, r.dAwait, 0, "no discard: 0, not NaN");
        assertEquals(5.0, r.fPerSec, 1e-9);
        assertEquals(2.0, r.fAwait, 1e-9);
        assertEquals(0.65, r.aquSz, 1e-9, "1300 ms in queue over 2000 ms");
        assertEquals(20.0, r.util, 1e-9, "400 ms busy of 2000");
    }

    @Test
    void stat_firstSinceBoot_thenSinceThePrevious_andSinceBootAgainAfterAReset() {
        BlkCommands c = commands();
        schedulers.put("disk0", "mq-deadline");
        machine.now = 1_000_000_000L;
        diskstats = line(0, "disk0", 100, 0, 800, 100, 0, 0, 0, 0, 0, 500, 100, 0, 0, 0, 0, 0, 0);
        BlkStatDTO first = c.stat(false);
        assertTrue(first.sinceBoot);
        assertEquals(0, first.fromNs);
        assertEquals(100.0, first.disks[0].rPerSec, 1e-9);
        assertEquals(50.0, first.disks[0].util, 1e-9);

        machine.now = 1_500_000_000L;
        diskstats = line(0, "disk0", 150, 0, 1200, 150, 0, 0, 0, 0, 0, 750, 150, 0, 0, 0, 0, 0, 0);
        BlkStatDTO second = c.stat(false);
        assertFalse(second.sinceBoot);
        assertEquals(1_000_000_000L, second.fromNs);
        assertEquals(100.0, second.disks[0].rPerSec, 1e-9, "50 reads in 0.5 s");
        assertEquals(50.0, second.disks[0].util, 1e-9);

        BlkStatDTO boot = c.stat(true, "disk0");
        assertTrue(boot.sinceBoot);
        assertEquals(100.0, boot.disks[0].rPerSec, 1e-9, "150 reads in 1.5 s");

        machine.generation++;
        machine.now = 100_000_000L;
        diskstats = line(0, "disk0", 10, 0, 80, 10, 0, 0, 0, 0, 0, 10, 10, 0, 0, 0, 0, 0, 0);
        BlkStatDTO reset = c.stat(false);
        assertTrue(reset.sinceBoot, "the counters began again at the reset");
        assertEquals(100.0, reset.disks[0].rPerSec, 1e-9);
        assertTrue(machine.stills >= 4, "each sample is read at a safe point");
    }

    @Test
    void stat_noTimeBetween_ratesZero_andUnknownDiskNamed() {
        BlkCommands c = commands();
        schedulers.put("disk0", "none");
        diskstats = line(0, "disk0", 5, 0, 40, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0);
        BlkStatDTO r = c.stat(false);
        assertEquals(0.0, r.disks[0].rPerSec, 0);
        assertEquals(0.2, r.disks[0].rAwait, 1e-9);
        assertEquals("disk \"sdq\" is unknown; disks: disk0",
            assertThrows(IllegalArgumentException.class, () -> c.stat(false, "sdq")).getMessage());
    }

    @Test
    void statFormat_iostatXHeader_valuesRightAlignedUnderIt() {
        BlkStatDTO r = new BlkStatDTO();
        r.fromNs = 1_000_000_000L;
        r.toNs = 1_500_000_000L;
        IostatDTO d = BlkCommands.iostat("disk0", new long[17],
            new long[] {100, 25, 1600, 300, 50, 50, 4000, 1000, 2, 400, 1300, 0, 0, 0, 0, 10, 20}, 2_000_000_000L);
        r.disks = new IostatDTO[] {d};
        List<String> lines = DevFormat.blkstat(r).lines().toList();
        assertEquals("I/O over 0.500000 s of virtual time, since the previous blk:stat at 1.000000 s (now 1.500000 s)", lines.get(0));
        assertEquals("", lines.get(1));
        assertEquals(IOSTAT_X, lines.get(2));
        String row = lines.get(3);
        assertEquals(IOSTAT_X.length(), row.length(), row);
        assertTrue(row.startsWith("disk0           50.00    400.00    12.50  20.00    3.00     8.00   25.00   1000.00"), row);
        assertTrue(row.endsWith("    5.00    2.00    0.65  20.00"), row);
    }

    // ---- blk:scheduler ------------------------------------------------------------------

    @Test
    void scheduler_noArguments_everyDiskAsSysfs() {
        schedulers.put("disk0", "mq-deadline");
        schedulers.put("disk1", "none");
        assertEquals("disk0: none [mq-deadline]\ndisk1: [none] mq-deadline", commands().scheduler());
        assertEquals("[none] mq-deadline", commands().scheduler("disk1"));
    }

    @Test
    void scheduler_oneDisk_nameAloneSwitchesIt_andShowsTheResult() {
        schedulers.put("disk0", "mq-deadline");
        assertEquals("[none] mq-deadline", commands().scheduler("none"));
        assertEquals(List.of("disk0=none"), switches);
        assertEquals("none [mq-deadline]", commands().scheduler("disk0", "mq-deadline"));
    }

    @Test
    void scheduler_switchWaitingForTheQueue_says_soAndHow() {
        schedulers.put("disk0", "mq-deadline");
        switchWaits = true;
        assertEquals("none [mq-deadline]\n(disk0 switches to none once its queue has drained: the machine must run; kernel:run)",
            commands().scheduler("disk0", "none"));
    }

    @Test
    void scheduler_badArguments_nameTheChoices() {
        schedulers.put("disk0", "mq-deadline");
        BlkCommands c = commands();
        assertEquals("I/O scheduler \"bfq\" is unknown; choices for disk0: none, mq-deadline",
            assertThrows(IllegalArgumentException.class, () -> c.scheduler("bfq")).getMessage());
        assertEquals("disk \"sdb\" is unknown; disks: disk0",
            assertThrows(IllegalArgumentException.class, () -> c.scheduler("sdb", "none")).getMessage());
        schedulers.put("disk1", "none");
        assertEquals("disk \"kyber\" is unknown; disks: disk0, disk1 (to switch a scheduler, name the disk first: blk:scheduler <disk> <scheduler>)",
            assertThrows(IllegalArgumentException.class, () -> c.scheduler("kyber")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.scheduler("disk0", "none", "x")).getMessage()
            .startsWith("scheduler takes at most a disk and a scheduler, not 3 arguments"));
        assertTrue(switches.isEmpty());
    }
}
