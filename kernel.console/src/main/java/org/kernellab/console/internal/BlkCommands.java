package org.kernellab.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.hw.Machine;
import org.kernellab.console.dto.BlkStatDTO;
import org.kernellab.console.dto.IostatDTO;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code blk:} scope: I/O statistics per disk, as {@code iostat -x} computes them from
 * /proc/diskstats, and the disk's I/O scheduler, as its sysfs file shows and switches it.
 *
 * <p><b>blk:stat's interval</b> is virtual time, like iostat's reports: the first report covers
 * the time since boot (the machine's last reset), and each later one the time since the
 * previous {@code blk:stat} of this console, as {@code iostat -x <interval>} does from its
 * second report on. {@code -b} asks for the time since boot again. After a reset (the counters
 * start again at zero) the next report is since boot. The component is immediate, so that the
 * previous sample outlives each command (Gogo releases a command's service after every call,
 * and a delayed component would be disposed with it).
 */
@Component(service = BlkCommands.class, immediate = true, property = {
    "osgi.command.scope=blk",
    "osgi.command.function=stat",
    "osgi.command.function=scheduler"
})
public class BlkCommands {
    /** /proc/diskstats' fields after the device name (block/genhd.c diskstats_show), as indexes into a sample's counters. */
    static final int RD_IOS = 0, RD_MERGES = 1, RD_SECTORS = 2, RD_TICKS = 3;
    static final int WR_IOS = 4, WR_MERGES = 5, WR_SECTORS = 6, WR_TICKS = 7;
    static final int IN_FLIGHT = 8, IO_TICKS = 9, TIME_IN_QUEUE = 10;
    static final int DC_IOS = 11, DC_MERGES = 12, DC_SECTORS = 13, DC_TICKS = 14;
    static final int FL_IOS = 15, FL_TICKS = 16;
    static final int FIELDS = 17;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile BlockLayer block;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile Machine machine;

    /** The previous report's sample; the console's own state, not the machine's. */
    private final AtomicReference<Sample> last = new AtomicReference<>();

    public BlkCommands() {}

    /** For tests outside the framework. */
    BlkCommands(BlockLayer block, Machine machine) {
        this.block = block;
        this.machine = machine;
    }

    private BlockLayer block() {
        BlockLayer b = block;
        if (b == null) throw new CommandFailure("no block layer: is the kernel.block bundle active? (kernel:lsmod)");
        return b;
    }

    private Machine machine() {
        Machine m = machine;
        if (m == null) throw new CommandFailure("no machine: is the kernel.core bundle active? (kernel:lsmod)");
        return m;
    }

    /** /proc/diskstats and the virtual time it was read at, one safe point of one boot. */
    record Sample(long nowNs, long generation, Map<String, long[]> disks) {
    }

    // ---------------------------------------------------------------------------------

    @Descriptor("I/O statistics per disk in iostat -x's columns, over virtual time: since boot the first time, "
        + "then since the previous blk:stat")
    public BlkStatDTO stat(
        @Descriptor("report since boot (the machine's last reset), not since the previous blk:stat")
        @Parameter(names = {"-b", "--since-boot"}, presentValue = "true", absentValue = "false") boolean sinceBoot,
        @Descriptor("only these disks (default: every disk)") String... disks) {
        BlockLayer b = block();
        Machine m = machine();
        Sample now = m.still(() -> new Sample(m.now(), m.generation(), parse(b.diskstats())));
        for (String d : disks) {
            if (!now.disks.containsKey(d)) {
                throw new BadArgument("disk \"" + d + "\" is unknown; disks: " + String.join(", ", now.disks.keySet()));
            }
        }
        Sample before = last.getAndSet(now);
        boolean fromBoot = sinceBoot || before == null || before.generation != now.generation || before.nowNs > now.nowNs;
        BlkStatDTO out = new BlkStatDTO();
        out.fromNs = fromBoot ? 0 : before.nowNs;
        out.toNs = now.nowNs;
        out.sinceBoot = fromBoot;
        List<IostatDTO> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : now.disks.entrySet()) {
            if (disks.length > 0 && !Arrays.asList(disks).contains(e.getKey())) continue;
            long[] prev = fromBoot ? null : before.disks.get(e.getKey());
            rows.add(iostat(e.getKey(), prev == null ? new long[FIELDS] : prev, e.getValue(), now.nowNs - out.fromNs));
        }
        out.disks = rows.toArray(IostatDTO[]::new);
        return out;
    }

    /**
     * Parses /proc/diskstats: {@code major minor name} and 17 counters per line (fields 12-17,
     * discards and flushes, may be missing on an older format and count as 0).
     */
    static Map<String, long[]> parse(String diskstats) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : diskstats.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 + 11) continue;
            long[] c = new long[FIELDS];
            for (int i = 0; i < FIELDS && 3 + i < f.length; i++) c[i] = Long.parseLong(f[3 + i]);
            out.put(f[2], c);
        }
        return out;
    }

    /**
     * One disk's row from two samples {@code intervalNs} apart, as sysstat 12.6 computes it
     * (iostat.c compute_ext_disk_stats and write_ext_stat): rates per second, kB = sectors / 2,
     * awaits = ticks / ios in ms, request sizes in kB, aqu-sz = time_in_queue / interval,
     * %util = io_ticks / interval. With no time between the samples every rate is 0.
     */
    static IostatDTO iostat(String device, long[] a, long[] b, long intervalNs) {
        double secs = intervalNs / 1e9;
        double ms = intervalNs / 1e6;
        IostatDTO r = new IostatDTO();
        r.device = device;
        r.rPerSec = rate(b[RD_IOS] - a[RD_IOS], secs);
        r.rkBPerSec = rate(b[RD_SECTORS] - a[RD_SECTORS], secs) / 2;
        r.rrqmPerSec = rate(b[RD_MERGES] - a[RD_MERGES], secs);
        r.rrqmPct = pct(b[RD_MERGES] - a[RD_MERGES], b[RD_MERGES] - a[RD_MERGES] + b[RD_IOS] - a[RD_IOS]);
        r.rAwait = per(b[RD_TICKS] - a[RD_TICKS], b[RD_IOS] - a[RD_IOS]);
        r.rareqSz = per(b[RD_SECTORS] - a[RD_SECTORS], b[RD_IOS] - a[RD_IOS]) / 2;
        r.wPerSec = rate(b[WR_IOS] - a[WR_IOS], secs);
        r.wkBPerSec = rate(b[WR_SECTORS] - a[WR_SECTORS], secs) / 2;
        r.wrqmPerSec = rate(b[WR_MERGES] - a[WR_MERGES], secs);
        r.wrqmPct = pct(b[WR_MERGES] - a[WR_MERGES], b[WR_MERGES] - a[WR_MERGES] + b[WR_IOS] - a[WR_IOS]);
        r.wAwait = per(b[WR_TICKS] - a[WR_TICKS], b[WR_IOS] - a[WR_IOS]);
        r.wareqSz = per(b[WR_SECTORS] - a[WR_SECTORS], b[WR_IOS] - a[WR_IOS]) / 2;
        r.dPerSec = rate(b[DC_IOS] - a[DC_IOS], secs);
        r.dkBPerSec = rate(b[DC_SECTORS] - a[DC_SECTORS], secs) / 2;
        r.drqmPerSec = rate(b[DC_MERGES] - a[DC_MERGES], secs);
        r.drqmPct = pct(b[DC_MERGES] - a[DC_MERGES], b[DC_MERGES] - a[DC_MERGES] + b[DC_IOS] - a[DC_IOS]);
        r.dAwait = per(b[DC_TICKS] - a[DC_TICKS], b[DC_IOS] - a[DC_IOS]);
        r.dareqSz = per(b[DC_SECTORS] - a[DC_SECTORS], b[DC_IOS] - a[DC_IOS]) / 2;
        r.fPerSec = rate(b[FL_IOS] - a[FL_IOS], secs);
        r.fAwait = per(b[FL_TICKS] - a[FL_TICKS], b[FL_IOS] - a[FL_IOS]);
        r.aquSz = ms > 0 ? (b[TIME_IN_QUEUE] - a[TIME_IN_QUEUE]) / ms : 0;
        r.util = ms > 0 ? (b[IO_TICKS] - a[IO_TICKS]) / ms * 100 : 0;
        return r;
    }

    private static double rate(long delta, double secs) {
        return secs > 0 ? delta / secs : 0;
    }

    private static double per(long total, long count) {
        return count > 0 ? (double) total / count : 0;
    }

    private static double pct(long part, long whole) {
        return whole > 0 ? 100.0 * part / whole : 0;
    }

    // ---------------------------------------------------------------------------------

    @Descriptor("show each disk's I/O scheduler as sysfs does ([none] mq-deadline, the active one bracketed), or switch one")
    public String scheduler(
        @Descriptor("[<disk>] [<scheduler>]: a disk alone shows its schedulers; a scheduler switches the disk "
            + "(the disk may be left out when there is only one)") String... args) {
        BlockLayer b = block();
        List<String> disks = b.disks();
        if (args.length > 2) {
            throw new BadArgument("scheduler takes at most a disk and a scheduler, not " + args.length
                + " arguments: " + String.join(" ", args));
        }
        if (args.length == 0) {
            if (disks.isEmpty()) throw new CommandFailure("no disk has a queue yet: is a disk driver bound? (dev:list)");
            List<String> lines = new ArrayList<>();
            for (String d : disks) lines.add(d + ": " + sysfs(b, d));
            return String.join("\n", lines);
        }
        String disk;
        String name;
        if (args.length == 2) {
            disk = args[0];
            name = args[1];
            if (!disks.contains(disk)) throw new BadArgument("disk \"" + disk + "\" is unknown; disks: " + String.join(", ", disks));
        } else if (disks.contains(args[0])) {
            return sysfs(b, args[0]);
        } else if (disks.size() == 1) {
            disk = disks.get(0);
            name = args[0];
        } else {
            throw new BadArgument("disk \"" + args[0] + "\" is unknown; disks: " + String.join(", ", disks)
                + (disks.isEmpty() ? "" : " (to switch a scheduler, name the disk first: blk:scheduler <disk> <scheduler>)"));
        }
        List<String> choices = choices(sysfs(b, disk));
        if (!choices.contains(name)) {
            throw new BadArgument("I/O scheduler \"" + name + "\" is unknown; choices for " + disk + ": "
                + String.join(", ", choices));
        }
        b.setScheduler(disk, name);
        String now = sysfs(b, disk);
        return now.contains("[" + name + "]") ? now
            : now + "\n(" + disk + " switches to " + name + " once its queue has drained: the machine must run; kernel:run)";
    }

    /** The disk's sysfs text without its trailing space and newline. */
    private static String sysfs(BlockLayer b, String disk) {
        return b.scheduler(disk).strip();
    }

    /** The scheduler names in sysfs text, without the brackets around the active one. */
    static List<String> choices(String sysfs) {
        List<String> out = new ArrayList<>();
        for (String t : sysfs.strip().split("\\s+")) {
            if (!t.isEmpty()) out.add(t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t);
        }
        return out;
    }
}
