package org.kernellab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kernellab.api.block.BlkStatus;

/**
 * The pause a disk-driver swap causes, in virtual time, under 32 requests in flight. A plain
 * {@code main}, not JMH: the figures are virtual and deterministic, so one run of each scenario
 * is exact. {@link IoSwapBench} measures the wall time of the swap itself.
 *
 * <p>Each scenario runs {@link IoRig} with 32 tasks (4 KiB reads, mq-deadline) from virtual time 0,
 * stops the machine at {@code T} = {@value #SWAP_AT_NS} ns, unbinds the driver and binds the next
 * one while it is stopped (so both happen at the one virtual instant {@code T}, as the OSGi
 * driver hold of docs/safe-points.md arranges it in the framework), and runs on to
 * {@code T} + {@value #AFTER_NS} ns. Its twin runs the same machine without the swap: the same
 * seed and workload, so both are identical up to {@code T}, and the same device programming from
 * {@code T} on (the coalescing the new driver sets, set on the device directly at {@code T}).
 *
 * <p>Definitions, each against the twin:
 * <ul>
 * <li><b>added latency</b>: for each request started before {@code T} and ended after it (the
 *     requests in flight at the swap), its end in the swapped run minus its end in the twin; the
 *     maximum and the mean. This is the swap pause as the requests see it.</li>
 * <li><b>gap at T</b>: the interval between the last completion before {@code T} and the first
 *     after it, in each run; and the longest interval between consecutive completions within
 *     {@code T} &plusmn; {@value #WINDOW_NS} ns. The pause as a throughput plot shows it.</li>
 * <li><b>lost / duplicated</b>: requests of the twin that never end in the swapped run, and
 *     requests that end twice.</li>
 * </ul>
 * The fourth scenario compares the swap to 2 with the run that stays on version 1 throughout: what
 * a user sees, the swap plus version 2's interrupt coalescing (up to 100 us later per completion).
 * The last is a control: the same swap with 200 us of virtual time between the unbind and the
 * bind, which the measures must show as a pause of about that much.
 */
public final class SwapPause {
    static final int TASKS = 32;
    static final long SWAP_AT_NS = 5_000_000;
    static final long AFTER_NS = 5_000_000;
    static final long WINDOW_NS = 1_000_000;

    private SwapPause() {}

    /** One request's life, in virtual ns; {@code ends} counts its ends (must be 1). */
    static final class Life {
        long submitNs;
        long endNs = -1;
        int ends;
        BlkStatus status;
    }

    /** A scenario's run: every request by (task, seq), the state at the swap, and the wall time the swap took. */
    static final class Run {
        final Map<Long, Life> lives = new HashMap<>();
        int startedAtSwap;
        int deviceAtSwap;
        long swapWallNs = -1;
        String dmesg;
    }

    static Run run(String from, String to, int coalesce, long jitterNs) {
        return run(from, to, coalesce, jitterNs, 0);
    }

    /**
     * Runs the rig from {@code from} and at {@link #SWAP_AT_NS} swaps to {@code to}, or, if
     * {@code to} is null, only programs the device's coalescing to {@code coalesce} (1: off).
     * {@code unboundNs} &gt; 0 lets the machine run that long between the unbind and the bind: a
     * swap that is not one instant, the control that shows the measure sees a pause.
     */
    static Run run(String from, String to, int coalesce, long jitterNs, long unboundNs) {
        Run run = new Run();
        try (IoRig rig = new IoRig(from, "mq-deadline", TASKS, false, jitterNs, (task, seq, submitNs, endNs, st) -> {
            Life l = run.lives.computeIfAbsent(((long) task << 32) | seq, k -> new Life());
            l.submitNs = submitNs;
            l.endNs = endNs;
            l.status = st;
            l.ends++;
        })) {
            rig.submit(Long.MAX_VALUE);
            rig.k.run(SWAP_AT_NS);
            check(rig.k.now() == SWAP_AT_NS, "the machine stopped at " + rig.k.now() + ", not at T");
            run.startedAtSwap = rig.started();
            run.deviceAtSwap = rig.disk.inFlight().size() + rig.disk.completed().size();
            if (to != null && unboundNs > 0) {
                rig.unbind();
                rig.k.run(unboundNs);
                rig.driver = rig.bind(to);
            } else if (to != null) {
                long t0 = System.nanoTime();
                rig.swap(to);
                run.swapWallNs = System.nanoTime() - t0;
                check(rig.k.now() == SWAP_AT_NS, "virtual time moved during the swap");
            } else {
                rig.disk.setCoalescing(coalesce, coalesce == 1 ? 0 : 100_000);
            }
            rig.k.run(AFTER_NS - unboundNs);
            check(rig.failed == 0, rig.failed + " requests failed");
            run.dmesg = rig.dmesg();
        }
        return run;
    }

    /** The comparison of a swapped run with its twin. */
    static final class Pause {
        int spanning;
        long maxAddedNs;
        double meanAddedNs;
        long gapSwapNs;
        long gapTwinNs;
        long maxGapSwapNs;
        long maxGapTwinNs;
        int lost;
        int duplicated;
    }

    static Pause compare(Run swapped, Run twin) {
        Pause p = new Pause();
        long sum = 0;
        for (Map.Entry<Long, Life> e : twin.lives.entrySet()) {
            Life t = e.getValue();
            if (t.submitNs >= SWAP_AT_NS || t.endNs <= SWAP_AT_NS) continue;   // not in flight at T
            Life s = swapped.lives.get(e.getKey());
            if (s == null) {
                p.lost++;
                continue;
            }
            p.spanning++;
            long added = s.endNs - t.endNs;
            sum += added;
            p.maxAddedNs = Math.max(p.maxAddedNs, added);
        }
        for (Life l : swapped.lives.values()) if (l.ends > 1) p.duplicated++;
        p.meanAddedNs = p.spanning == 0 ? 0 : (double) sum / p.spanning;
        long[] g = gaps(swapped);
        p.gapSwapNs = g[0];
        p.maxGapSwapNs = g[1];
        g = gaps(twin);
        p.gapTwinNs = g[0];
        p.maxGapTwinNs = g[1];
        return p;
    }

    /** {the gap between the completions either side of T, the longest gap within T +- WINDOW_NS}. */
    private static long[] gaps(Run r) {
        long[] ends = r.lives.values().stream().mapToLong(l -> l.endNs).filter(e -> e >= 0).sorted().toArray();
        long across = 0, longest = 0;
        for (int i = 1; i < ends.length; i++) {
            long a = ends[i - 1], b = ends[i];
            if (a <= SWAP_AT_NS && b > SWAP_AT_NS) across = b - a;
            if (b >= SWAP_AT_NS - WINDOW_NS && a <= SWAP_AT_NS + WINDOW_NS) longest = Math.max(longest, b - a);
        }
        return new long[] {across, longest};
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }

    /** The median wall time of {@code n} warm swaps, alternating v1 and v2, 20 us of virtual time apart, under 32 in flight. */
    static long warmSwapWallNs(int n, long jitterNs) {
        try (IoRig rig = new IoRig("v1", "mq-deadline", TASKS, false, jitterNs, null)) {
            rig.submit(Long.MAX_VALUE);
            rig.k.run(SWAP_AT_NS);
            long[] wall = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                rig.swap(i % 2 == 0 ? "v2" : "v1");
                wall[i] = System.nanoTime() - t0;
                rig.k.run(20_000);
            }
            check(rig.failed == 0, rig.failed + " requests failed");
            Arrays.sort(wall);
            return wall[n / 2];
        }
    }

    public static void main(String[] args) {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long jitter = args.length > 1 ? Long.parseLong(args[1]) : IoRig.DEFAULT_JITTER_NS;
        Run v1 = run("v1", null, 1, jitter);
        check(same(v1, run("v1", null, 1, jitter)), "two runs of the same scenario differ: the rig is not deterministic");
        List<String[]> rows = new ArrayList<>();
        rows.add(row("v1 -> v1 (the mechanism alone)", run("v1", "v1", 1, jitter), v1));
        rows.add(row("v1 -> v2, twin coalescing at T", run("v1", "v2", 0, jitter), run("v1", null, 8, jitter)));
        rows.add(row("v2 -> v1, twin coalescing off at T", run("v2", "v1", 0, jitter), run("v2", null, 1, jitter)));
        rows.add(row("v1 -> v2, twin stays on v1", run("v1", "v2", 0, jitter), v1));
        rows.add(row("control: v1 -> v1 with 200 us unbound", run("v1", "v1", 1, jitter, 200_000), v1));
        System.out.printf(Locale.ROOT, "Driver swap under %d tasks (4 KiB reads, mq-deadline, SSD model, jitter %d ns), swap at T = %d us, run to T + %d us.%n",
                TASKS, jitter, SWAP_AT_NS / 1000, AFTER_NS / 1000);
        System.out.printf(Locale.ROOT, "%-36s %8s %8s %8s %12s %12s %14s %14s %6s %6s %10s%n", "scenario", "in-flt", "device", "spanning",
                "max added", "mean added", "gap at T", "max gap +-1ms", "lost", "dup", "swap wall");
        for (String[] r : rows) System.out.printf(Locale.ROOT, "%-36s %8s %8s %8s %12s %12s %14s %14s %6s %6s %10s%n", (Object[]) r);
        System.out.println("(in-flt: requests the block layer had started at T; device: commands the device held; spanning: requests in flight at T,");
        System.out.println(" matched by (task, seq) in both runs; added: their end in the swapped run minus in the twin, virtual us; gaps: swapped / twin, virtual us;");
        System.out.println(" swap wall: the scenario's one swap, unbind and bind, in a fresh machine, wall us; the first row also loads and compiles the path)");
        System.out.printf(Locale.ROOT, "Warm swap, median of %d (v1 <-> v2, 20 us of virtual time apart): %.1f us wall%n", warm, warmSwapWallNs(warm, jitter) / 1e3);
    }

    private static boolean same(Run a, Run b) {
        if (a.lives.size() != b.lives.size()) return false;
        for (Map.Entry<Long, Life> e : a.lives.entrySet()) {
            Life o = b.lives.get(e.getKey());
            if (o == null || o.endNs != e.getValue().endNs || o.submitNs != e.getValue().submitNs) return false;
        }
        return true;
    }

    private static String[] row(String name, Run swapped, Run twin) {
        Pause p = compare(swapped, twin);
        check(swapped.dmesg.contains("adopted "), name + ": the new driver adopted nothing:\n" + swapped.dmesg);
        return new String[] {name, String.valueOf(swapped.startedAtSwap), String.valueOf(swapped.deviceAtSwap), String.valueOf(p.spanning),
            us(p.maxAddedNs), String.format(Locale.ROOT, "%.3f", p.meanAddedNs / 1e3), us(p.gapSwapNs) + " / " + us(p.gapTwinNs),
            us(p.maxGapSwapNs) + " / " + us(p.maxGapTwinNs), String.valueOf(p.lost), String.valueOf(p.duplicated),
            swapped.swapWallNs < 0 ? "-" : String.format(Locale.ROOT, "%.0f us", swapped.swapWallNs / 1e3)};
    }

    private static String us(long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e3);
    }
}
